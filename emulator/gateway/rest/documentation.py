"""Documentation parts and versions of a REST API (CreateDocumentationPart ... ImportDocumentationParts)."""

from __future__ import annotations

from typing import Any

import orjson

from ...aws.context import RequestContext
from ..ids import new_id
from .errors import BadRequestException, ConflictException, NotFoundException
from .openapi import parse_document
from .pages import page
from .patch import STR, apply_patch, refuse_empty, require_replace
from .store import RestApi, Store, timestamp_now

_PART_FIELDS = {"properties": STR}
#: Location types that target a path; AWS fills in the root (``/``) when none is given.
_PATH_TYPES = frozenset(
    {
        "RESOURCE",
        "METHOD",
        "PATH_PARAMETER",
        "QUERY_PARAMETER",
        "REQUEST_HEADER",
        "REQUEST_BODY",
        "RESPONSE",
        "RESPONSE_HEADER",
        "RESPONSE_BODY",
    }
)
_VERSION_FIELDS = {"description": STR}


def _part(api: RestApi, part_id: str) -> dict[str, Any]:
    found = api.documentation_parts.get(part_id)
    if found is None:
        raise NotFoundException("Invalid Documentation part identifier specified")
    return found


def _version(api: RestApi, version: str) -> dict[str, Any]:
    found = api.documentation_versions.get(version)
    if found is None:
        raise NotFoundException(f"Documentation version not found: {version}")
    return found


def _located(location: dict[str, Any]) -> dict[str, Any]:
    if location.get("type") in _PATH_TYPES and not location.get("path"):
        return {**location, "path": "/"}
    return location


def _add_part(api: RestApi, location: dict[str, Any], properties: str) -> dict[str, Any]:
    location = _located(location)
    if any(part["location"] == location for part in api.documentation_parts.values()):
        raise ConflictException("Documentation part already exists for the specified location")
    part = {"id": new_id(6), "location": location, "properties": properties}
    api.documentation_parts[part["id"]] = part
    return part


def import_parts(api: RestApi, document: dict[str, Any], overwrite: bool) -> list[str]:
    """The parts of an OpenAPI document's ``x-amazon-apigateway-documentation``, added or updated
    (``overwrite`` drops the API's others first); their ids."""
    documentation = document.get("x-amazon-apigateway-documentation") or {}
    if overwrite:
        api.documentation_parts.clear()
    ids = []
    for spec in documentation.get("documentationParts") or []:
        location = _located(spec.get("location") or {})
        properties = spec.get("properties")
        text = properties if isinstance(properties, str) else orjson.dumps(properties).decode()
        existing = next((p for p in api.documentation_parts.values() if p["location"] == location), None)
        if existing is not None:
            existing["properties"] = text
            ids.append(existing["id"])
        else:
            ids.append(_add_part(api, location, text)["id"])
    return ids


class DocumentationOperations:
    store: Store

    def _api(self, ctx: RequestContext, params: dict[str, Any]) -> RestApi:
        return self.store.api(ctx.region, params["restApiId"], ctx.account_id)

    # -- parts ---------------------------------------------------------------

    def create_documentation_part(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return _add_part(self._api(ctx, params), params["location"], params["properties"])

    def _part_api(self, ctx: RequestContext, params: dict[str, Any]) -> RestApi:
        """A part's API: AWS calls the part missing when its API is (though not on delete)."""
        missing = NotFoundException("Invalid Documentation part identifier specified")
        return self.store.api_or(ctx.region, params["restApiId"], missing)

    def get_documentation_part(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return _part(self._part_api(ctx, params), params["documentationPartId"])

    def get_documentation_parts(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        parts = [
            part
            for part in self._api(ctx, params).documentation_parts.values()
            if params.get("type") in (None, part["location"]["type"])
            and params.get("path") in (None, part["location"].get("path"))
            and (part["location"].get("name") or "").startswith(params.get("nameQuery") or "")
        ]
        return page(parts, params)

    def update_documentation_part(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        part = _part(self._part_api(ctx, params), params["documentationPartId"])
        operations = params.get("patchOperations", [])
        require_replace(operations)
        refuse_empty(operations, "/properties", "Documentation part properties must be non-empty")
        apply_patch(part, operations, _PART_FIELDS)
        return part

    def delete_documentation_part(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self._api(ctx, params)
        _part(api, params["documentationPartId"])
        del api.documentation_parts[params["documentationPartId"]]
        return {}

    def import_documentation_parts(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        """Parts from an OpenAPI document's ``x-amazon-apigateway-documentation``; ``overwrite`` replaces all."""
        api = self._api(ctx, params)
        try:
            document = parse_document(params["body"])
        except BadRequestException:
            raise BadRequestException("Unable to build importer with provided input.") from None
        return {"ids": import_parts(api, document, params.get("mode") == "overwrite")}

    # -- versions ------------------------------------------------------------

    def create_documentation_version(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self._api(ctx, params)
        name = params["documentationVersion"]
        if name in api.documentation_versions:
            raise ConflictException(f"Documentation version {name} already exists")
        if params.get("stageName"):
            api.stage(params["stageName"])["documentationVersion"] = name
        version: dict[str, Any] = {"version": name, "createdDate": timestamp_now()}
        if params.get("description") is not None:
            version["description"] = params["description"]
        api.documentation_versions[name] = version
        return version

    def get_documentation_version(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return _version(self._api(ctx, params), params["documentationVersion"])

    def get_documentation_versions(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return page(list(self._api(ctx, params).documentation_versions.values()), params, identity="version")

    def update_documentation_version(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        version = _version(self._api(ctx, params), params["documentationVersion"])
        apply_patch(version, params.get("patchOperations", []), _VERSION_FIELDS)
        return version

    def delete_documentation_version(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self._api(ctx, params)
        _version(api, params["documentationVersion"])
        del api.documentation_versions[params["documentationVersion"]]
        return {}
