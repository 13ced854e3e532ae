"""The SAM transform, as far as the emulator needs it.

``expand`` applies ``Globals`` and turns function ``Events`` into the APIs and
event source mappings they imply (the implicit ``ServerlessRestApi`` with its
``Prod`` stage and ``ServerlessHttpApi`` with ``$default``), then orders the
resources so that each comes after what it refers to.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from .intrinsics import references
from .loader import TemplateError

_GLOBAL_SECTIONS = {
    "Function": "AWS::Serverless::Function",
    "Api": "AWS::Serverless::Api",
    "HttpApi": "AWS::Serverless::HttpApi",
    "SimpleTable": "AWS::Serverless::SimpleTable",
    "LayerVersion": "AWS::Serverless::LayerVersion",
    "StateMachine": "AWS::Serverless::StateMachine",
    "WebSocketApi": "AWS::Serverless::WebSocketApi",
}
_API_SECTIONS = ("Api", "HttpApi")

#: Global values a resource's own replaces rather than extends (the translator's
#: CUSTOM_STRATEGIES: a function has one architecture).
_REPLACED_BY_THE_RESOURCE = {"Function.Architectures"}

IMPLICIT_REST_API = "ServerlessRestApi"
IMPLICIT_HTTP_API = "ServerlessHttpApi"


@dataclass
class Route:
    """One function event: a method and path of an API, served by a function."""

    function: str  # logical id
    method: str
    path: str
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass
class Resource:
    logical_id: str
    type: str
    properties: dict[str, Any]
    condition: str | None = None
    depends_on: set[str] = field(default_factory=set)
    #: For APIs: the routes function events attach to them.
    routes: list[Route] = field(default_factory=list)
    #: The resource's Metadata (SAM CLI reads BuildMethod there).
    metadata: dict[str, Any] = field(default_factory=dict)
    #: SAM's IgnoreGlobals attribute: "*" or the global properties this resource does not take.
    ignore_globals: Any = None


def expand(template: dict[str, Any]) -> list[Resource]:
    resources = {
        logical_id: Resource(
            logical_id,
            str(body.get("Type", "")),
            copy.deepcopy(body.get("Properties") or {}),
            body.get("Condition"),
            _depends_on(body),
            metadata=body.get("Metadata") or {},
            ignore_globals=body.get("IgnoreGlobals"),
        )
        for logical_id, body in template["Resources"].items()
    }
    globals_ = template.get("Globals") or {}
    _check_global_sections(globals_)
    _apply_globals({k: v for k, v in globals_.items() if k not in _API_SECTIONS}, resources)
    for resource in list(resources.values()):
        if resource.type == "AWS::Serverless::Function":
            _attach_events(resource, resources)
    # After the events: the implicit APIs they make take the Api globals too.
    _apply_globals({k: v for k, v in globals_.items() if k in _API_SECTIONS}, resources)
    for resource in resources.values():
        resource.depends_on |= {name for name in references(resource.properties) if name in resources}
        for route in resource.routes:
            resource.depends_on.add(route.function)
    return _ordered(resources)


def _depends_on(body: dict[str, Any]) -> set[str]:
    value = body.get("DependsOn") or []
    return {value} if isinstance(value, str) else set(value)


def _check_global_sections(globals_: dict[str, Any]) -> None:
    for section in globals_:
        if section not in _GLOBAL_SECTIONS:
            raise TemplateError(
                f"'Globals' section is invalid. '{section}' is not supported. "
                f"Must be one of the following values - {sorted(_GLOBAL_SECTIONS)}"
            )


def _apply_globals(globals_: dict[str, Any], resources: dict[str, Resource]) -> None:
    for section, values in globals_.items():
        for resource in resources.values():
            if resource.type == _GLOBAL_SECTIONS[section] and resource.ignore_globals != "*":
                taken = {k: v for k, v in values.items() if k not in _ignored(resource, values)}
                resource.properties = _merge(taken, resource.properties, section)


def _ignored(resource: Resource, values: dict[str, Any]) -> list[str]:
    ignored = resource.ignore_globals or []
    if not isinstance(ignored, list):
        raise TemplateError(f"Resource {resource.logical_id} has invalid resource attribute 'IgnoreGlobals'.")
    for key in ignored:
        if key not in values:
            raise TemplateError(
                f"Resource {resource.logical_id} has invalid resource attribute 'IgnoreGlobals' on item '{key}'."
            )
    return ignored


def _merge(defaults: Any, own: Any, path: str) -> Any:
    # SAM's GlobalProperties: maps merge key by key, lists concatenate, scalars
    # and intrinsic functions from the resource win; a few lists are replaced.
    if path in _REPLACED_BY_THE_RESOURCE:
        return own
    if _is_map(defaults) and _is_map(own):
        merged = copy.deepcopy(defaults)
        for key, value in own.items():
            merged[key] = _merge(merged[key], value, f"{path}.{key}") if key in merged else value
        return merged
    if isinstance(defaults, list) and isinstance(own, list):
        return copy.deepcopy(defaults) + own
    return own


def _is_map(value: Any) -> bool:
    """A plain mapping: an intrinsic function (``{"Ref": ...}``) counts as a scalar."""
    if not isinstance(value, dict):
        return False
    if len(value) == 1:
        (key,) = value
        return not (key == "Ref" or key == "Condition" or key.startswith("Fn::"))
    return True


def _attach_events(function: Resource, resources: dict[str, Resource]) -> None:
    # The events become routes and mappings: the function itself is deployed without them.
    for event_id, event in (function.properties.pop("Events", None) or {}).items():
        kind = event.get("Type")
        properties = event.get("Properties") or {}
        if kind == "Api":
            if not properties.get("Path") or not properties.get("Method"):
                raise TemplateError(f"{function.logical_id}: Api event {event_id} needs Path and Method")
            api = _api_for(properties.get("RestApiId"), IMPLICIT_REST_API, "AWS::Serverless::Api", resources)
            api.routes.append(Route(function.logical_id, str(properties["Method"]).upper(), properties["Path"], properties))
        elif kind == "HttpApi":
            api = _api_for(properties.get("ApiId"), IMPLICIT_HTTP_API, "AWS::Serverless::HttpApi", resources)
            method = properties.get("Method", "ANY").upper()
            path = properties.get("Path")
            api.routes.append(Route(function.logical_id, method if path else "$default", path or "$default", properties))
        elif kind == "DynamoDB":
            if "Stream" not in properties:
                raise TemplateError(f"{function.logical_id}: DynamoDB event {event_id} needs Stream")
            mapping_id = f"{function.logical_id}{event_id}"
            # With AutoPublishAlias, SAM points the mapping at the alias.
            target = f"{function.logical_id}.Alias" if function.properties.get("AutoPublishAlias") else function.logical_id
            resources[mapping_id] = Resource(
                mapping_id,
                "AWS::Lambda::EventSourceMapping",
                {"FunctionName": {"Ref": target}, "EventSourceArn": properties["Stream"], **_mapping_members(properties)},
                depends_on={function.logical_id},
            )
        else:
            function.properties.setdefault("UnsupportedEvents", []).append(f"{event_id} ({kind})")


def _mapping_members(event: dict[str, Any]) -> dict[str, Any]:
    members = {key: value for key, value in event.items() if key != "Stream"}
    # SAM's OnFailure names the destination's Type too; Lambda's takes the ARN alone.
    on_failure = (members.get("DestinationConfig") or {}).get("OnFailure")
    if isinstance(on_failure, dict):
        members["DestinationConfig"] = {"OnFailure": {"Destination": on_failure.get("Destination")}}
    return members


def _api_for(reference: Any, implicit_id: str, api_type: str, resources: dict[str, Resource]) -> Resource:
    if isinstance(reference, dict) and "Ref" in reference:
        api = resources.get(reference["Ref"])
        if api is None:
            raise TemplateError(f"event refers to API {reference['Ref']}, which the template does not define")
        if api.type != api_type:
            raise TemplateError(f"event refers to API {reference['Ref']}, which is a {api.type}, not an {api_type}")
        return api
    if implicit_id not in resources:
        properties = {"StageName": "Prod"} if api_type == "AWS::Serverless::Api" else {}
        resources[implicit_id] = Resource(implicit_id, api_type, properties)
    return resources[implicit_id]


def _ordered(resources: dict[str, Resource]) -> list[Resource]:
    ordered: list[Resource] = []
    state: dict[str, str] = {}

    def visit(logical_id: str, path: tuple[str, ...]) -> None:
        if state.get(logical_id) == "done":
            return
        if state.get(logical_id) == "visiting":
            raise TemplateError("circular dependency between resources: " + " -> ".join((*path, logical_id)))
        state[logical_id] = "visiting"
        for dependency in sorted(resources[logical_id].depends_on):
            if dependency in resources:
                visit(dependency, (*path, logical_id))
        state[logical_id] = "done"
        ordered.append(resources[logical_id])

    for logical_id in resources:
        visit(logical_id, ())
    return ordered
