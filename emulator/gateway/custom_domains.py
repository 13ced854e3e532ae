"""Requests to custom domain names: which API and stage their routing rules or mappings send them to.

The domain's routing mode says what decides. Routing rules (apigatewayv2's
RoutingRule) are tried in priority order and the first whose conditions all
hold wins: every header condition (one of its headers, by name
case-insensitive and by value a case-sensitive glob with ``*`` at its start
and/or end) and the base path condition (any of its base paths starts the
path, segment by segment). The
rule's REST API stage then sees the path with the matched base path, or
without it when the rule strips it. Base path (API) mappings: the API and stage
of the domain's longest base path (API mapping key) that the request path
starts with, segment by segment, else of its empty one. A REST mapping without
a stage takes the stage from the segment after the base path. The domain's
records are the REST store's (apigatewayv2 shows the same ones).

Offline there is no DNS: a client reaches a custom domain by sending its
``Host`` header to the emulator (``curl -H 'Host: api.example.com' ...``).
The API sees the request path as the client sent it, base path included, as
on AWS: a handler's ``event.path`` / ``rawPath`` carries it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..aws.http import Scope
from .rest.domains import NO_BASE_PATH, CustomDomain

#: The REST API's names for the routing modes in which rules are (only, or first) consulted.
_RULES_ONLY = "ROUTING_RULE_ONLY"
_RULES_FIRST = "ROUTING_RULE_THEN_BASE_PATH_MAPPING"

#: Scope key: ``(path, raw path)`` a custom domain's request was sent to, base path included.
PUBLIC_PATH = "emulator.custom_domain_path"


@dataclass(frozen=True, slots=True)
class Mapped:
    """A custom domain's request, addressed as ``/_aws/execute-api/{api_id}/{stage}/...`` would be."""

    api_id: str
    #: The request's scope, its ``path`` and ``raw_path`` now ``/{stage}/{path}``.
    scope: Scope


def find_domain(regions: Any, host: str) -> CustomDomain | None:
    """The custom domain a ``Host`` header names, in any region (host names are global)."""
    name = None
    for state in regions.values():
        if state.domains:
            if name is None:
                name = host.partition(":")[0].lower()
            found = state.domains.get(name)
            if found is not None:
                return found
    return None


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A routing rule as the data plane tests it (built by :func:`compile_rules` when rules change)."""

    #: Per header condition, its alternatives ``(lower-case header name, value test)``: each
    #: condition needs one of them to hold.
    headers: tuple[tuple[tuple[bytes, Callable[[str], bool]], ...], ...]
    #: Each base path as its segments, longest first; empty: no base path condition.
    base_paths: tuple[tuple[str, ...], ...]
    api_id: str
    stage: str
    strip_base_path: bool

    def matches(self, headers: dict[bytes, list[str]], segments: list[str]) -> int | None:
        """How many path segments the matched base path takes, or None when the rule does not hold.

        ``headers``: the request's header values by lower-case name.
        """
        taken = 0
        if self.base_paths:
            for base in self.base_paths:
                if tuple(segments[: len(base)]) == base:
                    taken = len(base)
                    break
            else:
                return None
        for alternatives in self.headers:
            for name, test in alternatives:
                values = headers.get(name)
                if values is not None and any(map(test, values)):
                    break
            else:
                return None
        return taken


def header_values(scope: Scope) -> dict[bytes, list[str]]:
    """A request's header values by (lower-case) name, as rules test them."""
    values: dict[bytes, list[str]] = {}
    for name, value in scope["headers"]:
        values.setdefault(name, []).append(value.decode("latin-1"))
    return values


def glob_test(glob: str) -> Callable[[str], bool]:
    """A header value test for a glob: ``x``, ``x*``, ``*x`` or ``*x*`` (case-sensitive)."""
    core = glob.strip("*")
    if glob == "*":
        return lambda value: True
    if glob.startswith("*") and glob.endswith("*"):
        return lambda value: core in value
    if glob.startswith("*"):
        return lambda value: value.endswith(core)
    if glob.endswith("*"):
        return lambda value: value.startswith(core)
    return lambda value: value == glob


def compile_rules(rules: Iterable[dict[str, Any]]) -> tuple[CompiledRule, ...]:
    """RoutingRule resources (apigatewayv2's shape) as the data plane tests them, in priority order."""
    compiled = []
    for rule in sorted(rules, key=lambda rule: rule["Priority"]):
        headers: list[tuple[tuple[bytes, Callable[[str], bool]], ...]] = []
        base_paths: list[tuple[str, ...]] = []
        for condition in rule["Conditions"]:
            if "MatchHeaders" in condition:
                headers.append(
                    tuple(
                        (header["Header"].lower().encode("latin-1"), glob_test(header["ValueGlob"]))
                        for header in condition["MatchHeaders"]["AnyOf"]
                    )
                )
            for base_path in condition.get("MatchBasePaths", {}).get("AnyOf", ()):
                base_paths.append(tuple(base_path.split("/")))
        invoke = rule["Actions"][0]["InvokeApi"]
        compiled.append(
            CompiledRule(
                headers=tuple(headers),
                base_paths=tuple(sorted(base_paths, key=len, reverse=True)),
                api_id=invoke["ApiId"],
                stage=invoke["Stage"],
                strip_base_path=bool(invoke.get("StripBasePath")),
            )
        )
    return tuple(compiled)


def map_request(domain: CustomDomain, scope: Scope) -> Mapped | None:
    """The API and rewritten scope for a request to ``domain``; None when no rule or mapping takes it."""
    raw_path: bytes = scope.get("raw_path") or scope["path"].encode()
    segments = scope["path"].split("/")[1:]
    raw_segments = raw_path.split(b"/")[1:]
    mode = domain.data["routingMode"]
    if mode in (_RULES_FIRST, _RULES_ONLY):
        headers = header_values(scope) if domain.compiled_rules else {}
        for rule in domain.compiled_rules:
            taken = rule.matches(headers, segments)
            if taken is not None:
                return _rule_target(rule, scope, segments, raw_segments, taken if rule.strip_base_path else 0)
        if mode == _RULES_ONLY:
            return None
    mapping, taken = _mapping_for(domain.mappings, segments)
    if mapping is None:
        return None
    stage = mapping.get("stage")
    if not stage:  # a REST mapping without a stage: the client names it next
        if len(segments) <= taken or not segments[taken]:
            return None
        stage = segments[taken]
        taken += 1
    public = (scope["path"], raw_path)
    return _addressed(mapping["restApiId"], stage, scope, segments[taken:], raw_segments[taken:], public)


def _rule_target(
    rule: CompiledRule, scope: Scope, segments: list[str], raw_segments: list[bytes], stripped: int
) -> Mapped:
    """A rule's REST API stage, which sees the request's path less the ``stripped`` base path segments."""
    rest, raw_rest = segments[stripped:], raw_segments[stripped:]
    public = ("/" + "/".join(rest), b"/" + b"/".join(raw_rest))
    return _addressed(rule.api_id, rule.stage, scope, rest, raw_rest, public)


def _addressed(
    api_id: str, stage: str, scope: Scope, rest: list[str], raw_rest: list[bytes], public: tuple[str, bytes]
) -> Mapped:
    """``scope`` readdressed to ``/{stage}/{rest}``, remembering the ``public`` path the API's events show."""
    mapped = dict(scope)
    mapped["path"] = f"/{stage}/" + "/".join(rest)
    mapped["raw_path"] = b"/" + stage.encode() + b"/" + b"/".join(raw_rest)
    mapped[PUBLIC_PATH] = (public[0], public[1].decode("latin-1"))
    return Mapped(api_id, mapped)


def _mapping_for(mappings: dict[str, dict[str, Any]], segments: list[str]) -> tuple[dict[str, Any] | None, int]:
    """The mapping of the longest base path ``segments`` start with, and how many segments it takes."""
    for count in range(len(segments), 0, -1):
        found = mappings.get("/".join(segments[:count]))
        if found is not None:
            return found, count
    return mappings.get(NO_BASE_PATH), 0
