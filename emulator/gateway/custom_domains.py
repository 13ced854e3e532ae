"""Requests to custom domain names: which API and stage their mappings send them to.

``https://{domain}/{basePath}/{path}`` reaches the API and stage of the
domain's longest base path (API mapping key) that the request path starts
with, segment by segment, else of its empty one. A REST mapping without a
stage takes the stage from the segment after the base path. The domain's
records are the REST store's (apigatewayv2 shows the same ones).

Offline there is no DNS: a client reaches a custom domain by sending its
``Host`` header to the emulator (``curl -H 'Host: api.example.com' ...``).
The API sees the request path as the client sent it, base path included, as
on AWS: a handler's ``event.path`` / ``rawPath`` carries it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..aws.http import Scope
from .rest.domains import NO_BASE_PATH, CustomDomain

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


def map_request(domain: CustomDomain, scope: Scope) -> Mapped | None:
    """The API and rewritten scope for a request to ``domain``; None when no mapping takes it."""
    raw_path: bytes = scope.get("raw_path") or scope["path"].encode()
    segments = scope["path"].split("/")[1:]
    raw_segments = raw_path.split(b"/")[1:]
    mapping, taken = _mapping_for(domain.mappings, segments)
    if mapping is None:
        return None
    stage = mapping.get("stage")
    if not stage:  # a REST mapping without a stage: the client names it next
        if len(segments) <= taken or not segments[taken]:
            return None
        stage = segments[taken]
        taken += 1
    rest = "/".join(segments[taken:])
    raw_rest = b"/".join(raw_segments[taken:])
    mapped = dict(scope)
    mapped["path"] = f"/{stage}/{rest}"
    mapped["raw_path"] = b"/" + stage.encode() + b"/" + raw_rest
    mapped[PUBLIC_PATH] = (scope["path"], raw_path.decode("latin-1"))
    return Mapped(mapping["restApiId"], mapped)


def _mapping_for(mappings: dict[str, dict[str, Any]], segments: list[str]) -> tuple[dict[str, Any] | None, int]:
    """The mapping of the longest base path ``segments`` start with, and how many segments it takes."""
    for count in range(len(segments), 0, -1):
        found = mappings.get("/".join(segments[:count]))
        if found is not None:
            return found, count
    return mappings.get(NO_BASE_PATH), 0
