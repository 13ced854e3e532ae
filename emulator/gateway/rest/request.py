"""One data-plane request, read from ASGI once and shared by every step."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote_plus

from ...aws.context import new_request_id
from ...aws.http import Scope
from ..custom_domains import PUBLIC_PATH
from ..ids import new_gateway_request_id, new_trace_root

#: Hop-by-hop and framing headers API Gateway never passes on to integrations or templates.
_DROPPED_HEADERS = frozenset(
    {
        b"connection",
        b"content-length",
        b"content-md5",
        b"expect",
        b"max-forwards",
        b"proxy-authenticate",
        b"server",
        b"te",
        b"transfer-encoding",
        b"trailer",
        b"upgrade",
        b"www-authenticate",
    }
)
#: The last ``(second, requestTime)`` formatted: requests in the same second share it.
_last_time: list[Any] = [None, ""]
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


_HEADER_NAMES: dict[str, str] = {}
#: ``Host`` header -> ``(domainName, domainPrefix)``; a client uses few hosts.
_DOMAINS: dict[str, tuple[str, str]] = {}
#: The client's header names, joined by NULs -> ``_spelling``'s map; a client sends the same few.
_SPELLINGS: dict[bytes, dict[str, str]] = {}
_NO_SPELLING: dict[str, str] = {}
#: Bound on each per-name cache, so that odd clients cannot grow them without end.
_CACHE_LIMIT = 4096


def header_name(lowered: str) -> str:
    """A header's name as an HTTP/1.1 client writes it (``user-agent`` -> ``User-Agent``).

    The server hands us lower-cased names; AWS passes on the client's own
    spelling, which for HTTP/1.1 clients (curl, requests, httpx, browsers) is
    this canonical form.
    """
    found = _HEADER_NAMES.get(lowered)
    if found is None:
        found = "-".join(part[:1].upper() + part[1:] for part in lowered.split("-"))
        if len(_HEADER_NAMES) < _CACHE_LIMIT:
            _HEADER_NAMES[lowered] = found
    return found


@dataclass(slots=True)
class GatewayRequest:
    method: str
    #: The path after the stage, ``/items/1``.
    path: str
    stage: str
    api_id: str
    host: str
    headers: dict[str, str]
    multi_headers: dict[str, list[str]]
    query: dict[str, str]
    multi_query: dict[str, list[str]]
    body: bytes
    source_ip: str
    protocol: str
    request_id: str
    #: ``requestContext.extendedRequestId`` and the ``x-amz-apigw-id`` header (``JKJaXmPLvHcESHA=``).
    extended_request_id: str
    epoch_ms: int
    #: Set while routing: ``{name: value}`` of the matched resource's ``{params}`` (read only:
    #: the route table hands the same dict to every request for the same path).
    path_params: dict[str, str] = field(default_factory=dict)
    #: Set while routing: the matched resource's path (``$context.resourcePath`` in access logs).
    resource_path: str | None = None
    #: The SigV4 access key of an AWS_IAM-authorized request.
    access_key: str | None = None
    #: Header names as the client spelled them, when the server kept them (see ``spelled_headers``).
    header_names: list[bytes] = field(default_factory=list)
    #: A custom domain's request: the path it was sent to, base path included, undecoded.
    public_path: str | None = None

    @classmethod
    def from_scope(cls, scope: Scope, api_id: str, stage: str, path: str, body: bytes) -> GatewayRequest:
        headers: dict[str, str] = {}
        multi_headers: dict[str, list[str]] = {}
        for raw_name, raw_value in scope["headers"]:
            if raw_name in _DROPPED_HEADERS:
                continue
            name = raw_name.decode("latin-1")
            value = raw_value.decode("latin-1")
            if name in headers:
                multi_headers[name].append(value)
            else:
                multi_headers[name] = [value]
            headers[name] = value
        query: dict[str, str] = {}
        multi_query: dict[str, list[str]] = {}
        raw_query: bytes = scope.get("query_string", b"")
        if raw_query:
            for pair in raw_query.decode("latin-1").split("&"):
                if not pair:
                    continue
                key, _, value = pair.partition("=")
                key, value = unquote_plus(key), unquote_plus(value)
                query[key] = value
                multi_query.setdefault(key, []).append(value)
        client = scope.get("client")
        source_ip = client[0] if client else "127.0.0.1"
        request_id = new_request_id()
        now = time.time()
        # The headers API Gateway adds before the integration sees the request, in this order;
        # a client's own value is kept, except X-Forwarded-For, which gets the caller appended.
        # Each is its one value in both views.
        if "x-amzn-trace-id" not in headers:
            value = headers["x-amzn-trace-id"] = f"Root={new_trace_root(int(now))}"
            multi_headers["x-amzn-trace-id"] = [value]
        forwarded = headers.get("x-forwarded-for")
        value = headers["x-forwarded-for"] = f"{forwarded}, {source_ip}" if forwarded else source_ip
        multi_headers["x-forwarded-for"] = [value]
        if "x-forwarded-port" not in headers:
            value = headers["x-forwarded-port"] = str((scope.get("server") or ("", 80))[1])
            multi_headers["x-forwarded-port"] = [value]
        if "x-forwarded-proto" not in headers:
            value = headers["x-forwarded-proto"] = scope.get("scheme", "http")
            multi_headers["x-forwarded-proto"] = [value]
        # Positionally, in field order: keywords cost this hot constructor twice as much.
        return cls(
            scope["method"],  # method
            path,
            stage,
            api_id,
            headers.get("host", ""),  # host
            headers,
            multi_headers,
            query,
            multi_query,
            body,
            source_ip,
            "HTTP/" + scope.get("http_version", "1.1"),  # protocol
            request_id,
            new_gateway_request_id(),  # extended_request_id
            int(now * 1000),  # epoch_ms
            {},  # path_params
            None,  # resource_path
            None,  # access_key
            scope.get("header_names") or [],  # header_names
            public[1] if (public := scope.get(PUBLIC_PATH)) else None,  # public_path
        )

    @property
    def request_time(self) -> str:
        """``09/Apr/2015:12:34:56 +0000``, as ``requestContext.requestTime``."""
        second = self.epoch_ms // 1000
        if _last_time[0] != second:
            moment = time.gmtime(second)
            text = f"{moment.tm_mday:02d}/{_MONTHS[moment.tm_mon - 1]}/{moment.tm_year}:{time.strftime('%H:%M:%S', moment)} +0000"
            _last_time[:] = [second, text]
        return _last_time[1]

    def stage_path(self) -> str:
        """``requestContext.path``: the path the client sent (the stage's URL, or a custom domain's)."""
        return self.public_path or f"/{self.stage}{self.path}"

    def event_path(self) -> str:
        """A proxy event's ``path``: after the stage, or a custom domain's whole path, base path included.

        Slashes doubled right after the stage (``/stage//pets``) count once there, as AWS has it
        (``requestContext.path`` keeps them)."""
        path = self.public_path or self.path
        return "/" + path.lstrip("/") if path.startswith("//") else path

    def domain(self) -> tuple[str, str]:
        """``(domainName, domainPrefix)`` as the handler sees them."""
        found = _DOMAINS.get(self.host)
        if found is None:
            found = _domain_of(self.host)
            if len(_DOMAINS) < _CACHE_LIMIT:
                _DOMAINS[self.host] = found
        return found

    def spelled_headers(self, respelled: dict[str, str]) -> tuple[dict[str, str], dict[str, list[str]]]:
        """``headers`` and ``multi_headers`` keyed by name as the client spelled it, as AWS passes
        them on (the first spelling of a repeated name); the headers API Gateway adds as it spells them,
        and ``respelled``'s (lower-case name -> spelling) as it has them, however the client spelled them."""
        spelling = self._spelling()
        multi_headers = self.multi_headers
        headers: dict[str, str] = {}
        multi: dict[str, list[str]] = {}
        for name, value in self.headers.items():
            # The canonical-name cache is read inline: a call per header costs more than the lookup.
            spelled = respelled.get(name) or spelling.get(name) or _HEADER_NAMES.get(name) or header_name(name)
            headers[spelled] = value
            multi[spelled] = multi_headers[name]
        return headers, multi

    def parameters(self) -> dict[str, Any]:
        """``$input.params()``: path, querystring and header maps."""
        spelling = self._spelling()
        headers = {spelling.get(name) or header_name(name): value for name, value in self.headers.items()}
        return {"path": dict(self.path_params), "querystring": dict(self.query), "header": headers}

    def _spelling(self) -> dict[str, str]:
        """Lower-case name -> the client's spelling; without kept names, HTTP/1.1's canonical one.

        Read only: shared by every request whose client spelled the same names (a client's
        requests do), so that it is worked out once, not per request."""
        names = self.header_names
        if not names:
            return _NO_SPELLING
        joined = b"\0".join(names)
        found = _SPELLINGS.get(joined)
        if found is None:
            text = b"\0".join(reversed(names)).decode("latin-1")
            found = dict(zip(text.lower().split("\0"), text.split("\0"), strict=True))
            if len(_SPELLINGS) < _CACHE_LIMIT:
                _SPELLINGS[joined] = found
        return found


def _domain_of(host: str) -> tuple[str, str]:
    host = host.rsplit(":", 1)[0] if host else ""
    if ".execute-api." in host:
        return host, host.split(".", 1)[0]
    return host or "localhost", (host or "localhost").split(".", 1)[0]
