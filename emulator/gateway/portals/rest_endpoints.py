"""What a product REST endpoint page names (a REST API's method on a path, in a stage) and what it shows.

The REST API, its stage, the resource at the path and the method must exist in the emulator's
REST APIs of the page's region. Unless the page overrides them, the endpoint shown is the stage's
default execute-api URL and the body is the method's documentation (its documentation part).
"""

from __future__ import annotations

from typing import Any

import orjson

from ...aws.context import RequestContext
from ..http.errors import BadRequestException, NotFoundException
from ..rest.store import RestApi
from ..rest.store import Store as RestStore

Resource = dict[str, Any]


def resolve(rest_store: RestStore, ctx: RequestContext, parts: dict[str, Any]) -> RestApi:
    """The REST API ``IdentifierParts`` names, once its stage, path and method are found in it."""
    api = rest_store.region(ctx.region).apis.get(parts["RestApiId"])
    if api is None:
        raise NotFoundException(
            f"Invalid API identifier specified {ctx.account_id}:{parts['RestApiId']}", ResourceType="RestApi"
        )
    if parts["Stage"] not in api.stages:
        raise BadRequestException(f"Invalid stage identifier specified {parts['Stage']}")
    resource = next((r for r in api.resources.values() if r["path"] == parts["Path"]), None)
    if resource is None:
        raise BadRequestException(f"Invalid resource path specified {parts['Path']}")
    if parts["Method"] not in resource.get("resourceMethods", {}):
        raise BadRequestException(
            f"Invalid method {parts['Method']} specified for resource path {parts['Path']}"
        )
    return api


def is_private(api: RestApi) -> bool:
    return "PRIVATE" in (api.data.get("endpointConfiguration") or {}).get("types", [])


def default_endpoint(region: str, parts: dict[str, Any]) -> str:
    return f"https://{parts['RestApiId']}.execute-api.{region}.amazonaws.com/{parts['Stage']}"


def documentation(api: RestApi | None, parts: dict[str, Any]) -> str | None:
    """The method's documentation: its documentation part's ``description`` (or ``summary``)."""
    if api is None:
        return None
    location = {"type": "METHOD", "path": parts["Path"], "method": parts["Method"]}
    for part in api.documentation_parts.values():
        if {key: part["location"].get(key) for key in location} == location:
            try:
                properties = orjson.loads(part["properties"])
            except orjson.JSONDecodeError:
                return None
            if isinstance(properties, dict):
                text = properties.get("description") or properties.get("summary")
                return text if isinstance(text, str) and text else None
    return None


def display_content(rest_store: RestStore, region: str, page: Resource) -> Resource:
    """EndpointDisplayContentResponse: the page's overrides over what its REST API shows."""
    parts = page["RestEndpointIdentifier"]["IdentifierParts"]
    overrides = page["DisplayContent"].get("Overrides") or {}
    shown: Resource = {"Endpoint": overrides.get("Endpoint") or default_endpoint(region, parts)}
    body = overrides.get("Body") or documentation(
        rest_store.region(region).apis.get(parts["RestApiId"]), parts
    )
    if body:
        shown["Body"] = body
    if overrides.get("OperationName"):
        shown["OperationName"] = overrides["OperationName"]
    return shown
