"""An HTTP API's route table, compiled once per deployment.

AWS picks the most specific route: a full literal match first (method before
``ANY``), then routes with path variables, left-most literal segments winning,
greedy ``{proxy+}`` routes last, and ``$default`` when nothing else matches.
Literal routes are one dict lookup; only routes with variables are scanned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .invoke import function_of
from .store import Resource, Snapshot

_LITERAL, _VARIABLE, _GREEDY = 0, 1, 2


@dataclass(slots=True)
class CompiledRoute:
    route_key: str
    route: Resource
    integration: Resource | None
    authorizer: Resource | None
    method: str
    #: (kind, literal text or variable name) per path segment
    segments: tuple[tuple[int, str], ...] = ()
    # Read from the route and its integration once (a deployment's copies do not change):
    #: whether the route has an authorizer to run (AuthorizationType other than NONE)
    authorized: bool = field(init=False)
    #: for a Lambda proxy integration, whether its payload format is 2.0; None for other integrations
    lambda_v2: bool | None = field(init=False)
    #: the function a Lambda integration calls, unless its URI names stage variables
    function: str | None = field(init=False)

    def __post_init__(self) -> None:
        self.authorized = self.route.get("AuthorizationType", "NONE") != "NONE"
        integration = self.integration
        lambda_proxy = (
            integration is not None
            and "IntegrationSubtype" not in integration
            and integration["IntegrationType"] != "HTTP_PROXY"
        )
        self.lambda_v2 = integration.get("PayloadFormatVersion") == "2.0" if lambda_proxy else None  # type: ignore[union-attr]
        uri = integration.get("IntegrationUri", "") if lambda_proxy else ""  # type: ignore[union-attr]
        self.function = function_of(uri) if uri and "${stageVariables." not in uri else None

    def match(self, parts: list[str]) -> dict[str, str] | None:
        segments = self.segments
        greedy = segments and segments[-1][0] == _GREEDY
        if greedy:
            if len(parts) < len(segments):
                return None
        elif len(parts) != len(segments):
            return None
        params: dict[str, str] = {}
        for index, (kind, text) in enumerate(segments):
            part = parts[index]
            if kind == _LITERAL:
                if part != text:
                    return None
            elif kind == _VARIABLE:
                if not part:
                    return None
                params[text] = part
            else:
                rest = "/".join(parts[index:])
                if not rest:
                    return None
                params[text] = rest
        return params


def _segments(path: str) -> tuple[tuple[int, str], ...]:
    compiled = []
    for part in path[1:].split("/") if path != "/" else ():
        if part.startswith("{") and part.endswith("+}"):
            compiled.append((_GREEDY, part[1:-2]))
        elif part.startswith("{") and part.endswith("}"):
            compiled.append((_VARIABLE, part[1:-1]))
        else:
            compiled.append((_LITERAL, part))
    return tuple(compiled)


class RouteTable:
    def __init__(self, snapshot: Snapshot) -> None:
        self.literal: dict[str, dict[str, CompiledRoute]] = {}
        self.variable: list[CompiledRoute] = []
        self.default: CompiledRoute | None = None
        for route in snapshot.routes.values():
            target = route.get("Target", "")
            integration = snapshot.integrations.get(target.removeprefix("integrations/")) if target else None
            authorizer = snapshot.authorizers.get(route.get("AuthorizerId", ""))
            key = route["RouteKey"]
            if key == "$default":
                self.default = CompiledRoute(key, route, integration, authorizer, "ANY")
                continue
            method, _, path = key.partition(" ")
            compiled = CompiledRoute(key, route, integration, authorizer, method, _segments(path))
            if any(kind != _LITERAL for kind, _ in compiled.segments):
                self.variable.append(compiled)
            else:
                self.literal.setdefault(path, {})[method] = compiled
        self.variable.sort(key=_specificity)

    def match(self, method: str, path: str) -> tuple[CompiledRoute, dict[str, str] | None] | None:
        methods = self.literal.get(path)
        if methods is not None:
            found = methods.get(method) or methods.get("ANY")
            if found is not None:
                return found, None
        if self.variable:
            parts = path[1:].split("/")
            for compiled in self.variable:
                if compiled.method == method or compiled.method == "ANY":
                    params = compiled.match(parts)
                    if params is not None:
                        return compiled, params
        if self.default is not None:
            return self.default, None
        return None


def _specificity(compiled: CompiledRoute) -> tuple[Any, ...]:
    kinds = tuple(kind for kind, _ in compiled.segments)
    return (_GREEDY in kinds, kinds, -len(kinds), compiled.method == "ANY")


def route_table(snapshot: Snapshot) -> RouteTable:
    if snapshot.router is None:
        snapshot.router = RouteTable(snapshot)
    return snapshot.router
