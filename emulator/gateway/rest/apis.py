"""CreateRestApi, GetRestApi(s), UpdateRestApi, DeleteRestApi."""

from __future__ import annotations

import copy
from typing import Any

from ...aws.context import RequestContext
from ...aws.errors import ValidationException
from ..ids import new_id
from .errors import BadRequestException
from .models import DEFAULT_MODELS, add_model
from .pages import page, with_tags
from .patch import BOOL, INT, LIST, MAP, STR, all_or_nothing, apply_patch, split_path
from .policy_text import stored_policy
from .store import RestApi, Store, timestamp_now


def _api_key_source(value: str | None) -> str | None:
    """A patched source is checked as CreateRestApi's input (AWS's words name that input, as moto records)."""
    if value not in ("HEADER", "AUTHORIZER"):
        raise ValidationException(
            f"1 validation error detected: Value '{value}' at 'createRestApiInput.apiKeySource' failed to "
            "satisfy constraint: Member must satisfy enum value set: [AUTHORIZER, HEADER]"
        )
    return value


_API_FIELDS = {
    "name": STR,
    "description": STR,
    "version": STR,
    "policy": stored_policy,
    "apiKeySource": _api_key_source,
    "minimumCompressionSize": INT,
    "disableExecuteApiEndpoint": BOOL,
    "binaryMediaTypes": LIST,
    "tags": MAP,
    "securityPolicy": STR,
    "endpointAccessMode": STR,
}
_CREATE_KEYS = (
    "name",
    "description",
    "version",
    "binaryMediaTypes",
    "minimumCompressionSize",
    "policy",
    "tags",
    "securityPolicy",
    "endpointAccessMode",
)


ENDPOINT_TYPES = frozenset({"REGIONAL", "EDGE", "PRIVATE"})
_BAD_COMPRESSION = "Invalid minimum compression size, must be between 0 and 10485760"


def check_compression_size(size: int | None) -> None:
    if size is not None and not 0 <= size <= 10485760:
        raise BadRequestException(_BAD_COMPRESSION)


def check_create_compression(params: dict[str, Any]) -> None:
    """A CreateRestApi size that is not a number gets AWS's range message, not the protocol's type error."""
    size = params.get("minimumCompressionSize")
    if size is not None and (isinstance(size, bool) or not isinstance(size, int)):
        raise BadRequestException(_BAD_COMPRESSION)


def new_rest_api(region: str, params: dict[str, Any], default_models: bool = True) -> RestApi:
    """An API with just its root resource, as CreateRestApi and ImportRestApi make it.

    CreateRestApi adds the Empty and Error models; an import has only its document's.
    """
    if params.get("description") == "":
        raise BadRequestException("Description cannot be an empty string")
    check_compression_size(params.get("minimumCompressionSize"))
    api_id = new_id()
    root_id = new_id()
    data: dict[str, Any] = {"id": api_id, "createdDate": timestamp_now()}
    # An empty binaryMediaTypes is left out, as AWS answers it.
    data.update({key: params[key] for key in _CREATE_KEYS if params.get(key) not in (None, [])})
    if "policy" in data:
        data["policy"] = stored_policy(data["policy"])
    source = params.get("apiKeySource") or "HEADER"
    if source not in ("HEADER", "AUTHORIZER"):
        raise BadRequestException(f"Invalid API Key source specified: {source}")
    data["apiKeySource"] = source
    endpoint = copy.deepcopy(params.get("endpointConfiguration") or {})
    endpoint.setdefault("types", ["EDGE"])
    if not endpoint["types"]:
        raise BadRequestException("REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.")
    if len(endpoint["types"]) > 1:
        raise BadRequestException("Cannot create an api with multiple Endpoint Types.")
    endpoint.setdefault("ipAddressType", "dualstack" if endpoint["types"] == ["PRIVATE"] else "ipv4")
    _check_private_address_type(endpoint)
    data["endpointConfiguration"] = endpoint
    data["disableExecuteApiEndpoint"] = bool(params.get("disableExecuteApiEndpoint", False))
    data["rootResourceId"] = root_id
    api = RestApi(region, data)
    api.resources[root_id] = {"id": root_id, "path": "/"}
    if default_models:
        for model in DEFAULT_MODELS:
            add_model(api, model)
    return api


class ApisOperations:
    store: Store

    def create_rest_api(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = new_rest_api(ctx.region, params)
        clone_from = params.get("cloneFrom")
        if clone_from:
            source = self.store.api(ctx.region, clone_from, ctx.account_id)
            api.resources = copy.deepcopy(source.resources)
            api.data["rootResourceId"] = source.root_id()
            api.authorizers = copy.deepcopy(source.authorizers)
            api.models = copy.deepcopy(source.models)
            api.request_validators = copy.deepcopy(source.request_validators)
        self.store.add(api)
        return api.data

    def get_rest_api(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return with_tags(self.store.api(ctx.region, params["restApiId"], ctx.account_id).data)

    def get_rest_apis(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        apis = [api.data for api in self.store.region(ctx.region).apis.values()]
        return page(apis, params)

    def update_rest_api(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self.store.api(ctx.region, params["restApiId"], ctx.account_id)
        operations = params.get("patchOperations", [])
        with all_or_nothing(api.data):
            for operation in operations:
                path = operation.get("path", "")
                if path == "/binaryMediaTypes":
                    raise BadRequestException(f"Invalid patch path {path}")
                if path == "/minimumCompressionSize":
                    _patch_compression_size(api.data, operation)
                elif path.startswith("/endpointConfiguration/"):
                    _patch_endpoint(api.data["endpointConfiguration"], operation)
            apply_patch(api.data, [op for op in operations if not _is_special(op.get("path", ""))], _API_FIELDS)
        return with_tags(api.data)

    def delete_rest_api(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self.store.api(ctx.region, params["restApiId"], ctx.account_id)
        for domain in self.store.region(ctx.region).domains.values():
            if any(mapping["restApiId"] == api.id for mapping in domain.mappings.values()):
                raise BadRequestException(
                    f"Deleting RestApi {api.id} failed. Please remove all base path mappings related to the "
                    "RestApi in your domains."
                )
        self.store.remove(api)
        return {}


def _patch_compression_size(data: dict[str, Any], operation: dict[str, Any]) -> None:
    """Only ``replace``; an empty value turns compression off."""
    if operation.get("op") != "replace":
        raise BadRequestException("Invalid patch operation specified. Must be one of: [replace]")
    value = operation.get("value")
    if not value:
        data.pop("minimumCompressionSize", None)
        return
    try:
        size = int(value)
    except ValueError:
        raise BadRequestException(_BAD_COMPRESSION) from None
    check_compression_size(size)
    data["minimumCompressionSize"] = size


def _is_special(path: str) -> bool:
    return path == "/minimumCompressionSize" or path.startswith("/endpointConfiguration/")


def _check_private_address_type(endpoint: dict[str, Any]) -> None:
    if endpoint["types"] == ["PRIVATE"] and endpoint.get("ipAddressType") == "ipv4":
        raise BadRequestException("Only dualstack ipAddressType is supported for Private APIs.")


def _patch_endpoint(endpoint: dict[str, Any], operation: dict[str, Any]) -> None:
    """``/endpointConfiguration/types/EDGE`` -> REGIONAL, ``/ipAddressType``, ``/vpcEndpointIds`` entries."""
    parts = split_path(operation["path"])[1:]
    op, value = operation.get("op"), operation.get("value")
    if parts[:1] == ["types"] and len(parts) == 2 and value:
        if op != "replace":
            raise BadRequestException("Invalid patch operation specified. Must be 'add'|'remove'|'replace'")
        if value not in ENDPOINT_TYPES:
            raise BadRequestException("Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE")
        endpoint["types"] = [value if kind == parts[1] else kind for kind in endpoint["types"]]
    elif parts == ["ipAddressType"] and value:
        if op != "replace":
            raise BadRequestException("Invalid patch operation specified. Must be one of: [replace]")
        if value not in ("ipv4", "dualstack"):
            raise BadRequestException("ipAddressType must be either ipv4 or dualstack.")
        endpoint["ipAddressType"] = value
        _check_private_address_type(endpoint)
    elif parts == ["vpcEndpointIds"] and op in ("add", "remove") and value:
        ids = endpoint.setdefault("vpcEndpointIds", [])
        if op == "add" and value not in ids:
            ids.append(value)
        elif op == "remove" and value in ids:
            ids.remove(value)
        if not ids:
            endpoint.pop("vpcEndpointIds")
    else:
        raise BadRequestException(f"Invalid patch path {operation['path']}")
