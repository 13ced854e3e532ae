"""A deployment's WebSocket routes, compiled once: route key -> integration, authorizer, replies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..common.service_actions import service_action
from ..http.invoke import function_of, with_stage_variables
from ..rest.vtl import BrokenTemplate, Template, TemplateError

Resource = dict[str, Any]

#: Integrations whose request and response pass through untouched (no templates).
PROXY_TYPES = frozenset({"AWS_PROXY", "HTTP_PROXY"})


@dataclass(slots=True, frozen=True)
class IntegrationResponse:
    #: ``$default``, ``/regex/`` or an exact value of the integration response selection expression.
    key: str
    template_selection: str
    templates: dict[str, Template]


@dataclass(slots=True, frozen=True)
class Integration:
    type: str
    #: The IntegrationUri with the stage's variables filled in.
    uri: str
    method: str
    #: The Lambda function of an AWS or AWS_PROXY integration.
    function: str | None
    timeout_ms: int
    template_selection: str
    request_templates: dict[str, Template]
    passthrough: str
    response_selection: str
    #: Exact and pattern keys first, ``$default`` last.
    responses: tuple[IntegrationResponse, ...]
    request_parameters: dict[str, str]


@dataclass(slots=True, frozen=True)
class WebSocketRoute:
    key: str
    route: Resource
    integration: Integration | None
    #: A two-way route: the integration's answer is sent back to the caller. AWS makes a route
    #: two-way by its having a route response (only ``$default`` can be made); the route's
    #: RouteResponseSelectionExpression alone does not ("If a route has a route response, it is
    #: configured for two-way communication. Otherwise, it is configured for one-way
    #: communication": the developer guide's WebSocket integration responses page).
    two_way: bool
    authorizer: Resource | None
    #: The route's ModelSelectionExpression ("" when messages are not validated).
    model_selection: str = ""
    #: Model selection key -> JSON schema (None: the model is missing or not JSON).
    request_models: dict[str, Any] | None = None

    @property
    def function(self) -> str | None:
        """The function of a Lambda proxy integration (the one kind that gets the proxy event)."""
        integration = self.integration
        return integration.function if integration is not None and integration.type == "AWS_PROXY" else None


def compile_routes(
    snapshot: Any, stage_variables: dict[str, str] | None, default_timeout_ms: int, models: dict[str, Any] | None = None
) -> dict[str, WebSocketRoute]:
    """Route key -> WebSocketRoute for what a stage's deployment serves (``models``: name -> schema)."""
    table: dict[str, WebSocketRoute] = {}
    for route_id, route in snapshot.routes.items():
        integration = _integration(snapshot, route, stage_variables, default_timeout_ms)
        authorizer = None
        if route.get("AuthorizationType") == "CUSTOM":
            authorizer = snapshot.authorizers.get(route.get("AuthorizerId", ""))
        two_way = bool(snapshot.route_responses.get(route_id))
        request_models = {key: (models or {}).get(name) for key, name in (route.get("RequestModels") or {}).items()}
        table[route["RouteKey"]] = WebSocketRoute(
            route["RouteKey"], route, integration, two_way, authorizer, route.get("ModelSelectionExpression") or "", request_models
        )
    return table


def _integration(snapshot: Any, route: Resource, stage_variables: dict[str, str] | None, default_timeout_ms: int) -> Integration | None:
    target = route.get("Target") or ""
    if not target.startswith("integrations/"):
        return None
    integration_id = target[len("integrations/") :]
    resource = snapshot.integrations.get(integration_id)
    if resource is None:
        return None
    kind = resource.get("IntegrationType") or ""
    uri = with_stage_variables(resource.get("IntegrationUri") or "", stage_variables)
    is_function = kind in ("AWS", "AWS_PROXY") and uri and service_action(uri) is None
    function = function_of(uri) if is_function else None
    responses = [
        IntegrationResponse(
            response.get("IntegrationResponseKey") or "$default",
            response.get("TemplateSelectionExpression") or "",
            _templates(response.get("ResponseTemplates")),
        )
        for response in (snapshot.integration_responses.get(integration_id) or {}).values()
    ]
    responses.sort(key=lambda response: response.key == "$default")
    return Integration(
        type=kind,
        uri=uri,
        method=resource.get("IntegrationMethod") or "POST",
        function=function,
        timeout_ms=resource.get("TimeoutInMillis") or default_timeout_ms,
        template_selection=resource.get("TemplateSelectionExpression") or "",
        request_templates=_templates(resource.get("RequestTemplates")),
        passthrough=resource.get("PassthroughBehavior") or "WHEN_NO_MATCH",
        response_selection=resource.get("IntegrationResponseSelectionExpression") or "${integration.response.statuscode}",
        responses=tuple(responses),
        request_parameters=dict(resource.get("RequestParameters") or {}),
    )


def _templates(sources: dict[str, str] | None) -> dict[str, Template]:
    compiled: dict[str, Template] = {}
    for key, source in (sources or {}).items():
        try:
            compiled[key] = Template(source or "")
        except TemplateError as error:
            # AWS accepts any text at deploy time; a broken template fails the message that uses it.
            compiled[key] = BrokenTemplate(error)
    return compiled
