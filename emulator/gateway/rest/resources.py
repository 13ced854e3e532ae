"""GetResources, GetResource, CreateResource, UpdateResource, DeleteResource."""

from __future__ import annotations

import re
from typing import Any

from ...aws.context import RequestContext
from ..ids import new_id
from .errors import BadRequestException, ConflictException
from .pages import page
from .store import RestApi, Store

_LITERAL_PART = re.compile(r"^[a-zA-Z0-9._:@$-]+$")
_VARIABLE_PART = re.compile(r"^\{[a-zA-Z0-9._-]+\+?\}$")
_BAD_PART = (
    "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end "
    "and an optional plus sign before the closing brace."
)


def is_variable(path_part: str) -> bool:
    return path_part.startswith("{")


def child_path(parent: dict[str, Any], path_part: str) -> str:
    return ("" if parent["path"] == "/" else parent["path"]) + "/" + path_part


def check_path_part(api: RestApi, parent_id: str, path_part: str, exclude: str | None = None) -> None:
    """AWS's checks for a new (or renamed, ``exclude``) child of ``parent_id``."""
    if not (_LITERAL_PART.match(path_part) or _VARIABLE_PART.match(path_part)):
        raise BadRequestException(_BAD_PART)
    for sibling in api.resources.values():
        if sibling.get("parentId") != parent_id or sibling["id"] == exclude:
            continue
        if sibling["pathPart"] == path_part:
            raise ConflictException(
                f"Another resource with the same parent already has this name: {path_part}"
            )
        if is_variable(path_part) and is_variable(sibling["pathPart"]):
            raise BadRequestException(
                f"A sibling ({sibling['pathPart']}) of this resource already has a variable path part -- only one is allowed"
            )


def add_resource(api: RestApi, parent_id: str, path_part: str) -> dict[str, Any]:
    """Create a child resource with AWS's checks (used by CreateResource and imports)."""
    parent = api.resource(parent_id)
    if parent.get("pathPart", "").endswith("+}"):
        raise BadRequestException(
            f"Cannot create a child of a resource with a greedy path variable: {parent['pathPart']}"
        )
    check_path_part(api, parent_id, path_part)
    resource_id = new_id()
    resource = {
        "id": resource_id,
        "parentId": parent_id,
        "pathPart": path_part,
        "path": child_path(parent, path_part),
    }
    api.resources[resource_id] = resource
    return resource


def resource_view(resource: dict[str, Any], embed_methods: bool) -> dict[str, Any]:
    """GetResources lists method names only, unless ``embed=methods``."""
    methods = resource.get("resourceMethods")
    if not methods or embed_methods:
        return resource
    return {**resource, "resourceMethods": dict.fromkeys(methods, {})}


class ResourcesOperations:
    store: Store

    def get_resources(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self.store.api(ctx.region, params["restApiId"], ctx.account_id)
        embed = "methods" in (params.get("embed") or [])
        items = [resource_view(r, embed) for r in sorted(api.resources.values(), key=lambda r: r["path"])]
        return page(items, params)

    def get_resource(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self.store.api(ctx.region, params["restApiId"], ctx.account_id)
        return api.resource(params["resourceId"])

    def create_resource(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self.store.api(ctx.region, params["restApiId"], ctx.account_id)
        return add_resource(api, params["parentId"], params["pathPart"])

    def update_resource(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self.store.api(ctx.region, params["restApiId"], ctx.account_id)
        resource = api.resource(params["resourceId"])
        for operation in params.get("patchOperations", []):
            path, op = operation.get("path"), operation.get("op")
            if path not in ("/pathPart", "/parentId"):
                raise BadRequestException(
                    f"Invalid patch path  '{path}' specified for op '{op}'. Must be one of: [/parentId, /pathPart]"
                )
            if not resource.get("parentId"):
                raise BadRequestException(f"Root resource cannot update its {path[1:]}.")
            if op != "replace":
                raise BadRequestException(
                    f"Invalid patch path  '{path}' specified for op '{op}'. Please choose supported operations"
                )
            value = operation.get("value") or ""
            if path == "/parentId":
                _check_new_parent(api, resource, value)
                check_path_part(api, value, resource["pathPart"])
                resource["parentId"] = value
            else:
                check_path_part(api, resource["parentId"], value, exclude=resource["id"])
                resource["pathPart"] = value
            _repath(api, resource, api.resource(resource["parentId"]))
        return resource

    def delete_resource(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self.store.api(ctx.region, params["restApiId"], ctx.account_id)
        resource = api.resource(params["resourceId"])
        if resource["id"] == api.root_id():
            raise BadRequestException("Cannot delete root resource")
        doomed = [resource["id"]]
        for candidate in doomed:
            doomed.extend(r["id"] for r in api.resources.values() if r.get("parentId") == candidate)
        for resource_id in doomed:
            api.resources.pop(resource_id, None)
        return {}


def _check_new_parent(api: RestApi, resource: dict[str, Any], parent_id: str) -> None:
    """The new parent must exist and must not be the resource or one of its descendants."""
    parent: dict[str, Any] | None = api.resource(parent_id)
    while parent is not None:
        if parent["id"] == resource["id"]:
            raise BadRequestException("Resources cannot be cyclical.")
        parent = api.resources.get(parent.get("parentId") or "")


def _repath(api: RestApi, resource: dict[str, Any], parent: dict[str, Any]) -> None:
    resource["path"] = child_path(parent, resource["pathPart"])
    for child in api.resources.values():
        if child.get("parentId") == resource["id"]:
            _repath(api, child, resource)
