"""Handlers written for AWS reach the emulator by the URLs its events name.

A WebSocket handler answers through the management API at its API's own URL,
``https://{domainName}/{stage}``. Here that names the emulator, which speaks
plain HTTP, and ``{apiId}.execute-api.localhost`` may not resolve. So botocore's
HTTP session sends an ``https://`` request whose host is the emulator's (its
port, on a loopback or ``*.localhost`` name) to the emulator's address in plain
HTTP, with the name as its Host. The signature covers the host, not the scheme
or the address. Every other request goes out untouched.

botocore is patched whenever it is imported: by the zygote, or later by the
handler (a worker forked before boto3 was loaded, or a function bundling its
own botocore).
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import re
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

_MODULE = "botocore.httpsession"
#: AWS's endpoints of the services the emulator serves (DynamoDB's account-based ones included).
_EMULATED_AWS_HOST = re.compile(
    r"(?:dynamodb|streams\.dynamodb|\d{12}\.ddb|lambda|logs|apigateway)\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?"
)
_EXECUTE_API_HOST = re.compile(r"[a-z0-9]+\.execute-api\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?")


def install() -> None:
    module = sys.modules.get(_MODULE)
    if module is not None:
        _patch(module)
    if not any(isinstance(finder, _PatchOnImport) for finder in sys.meta_path):
        sys.meta_path.insert(0, _PatchOnImport())


class _PatchOnImport(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Sequence[str] | None, target: ModuleType | None = None) -> Any:
        if name != _MODULE:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _PatchingLoader(spec.loader)
        return spec


class _PatchingLoader(importlib.abc.Loader):
    def __init__(self, loader: Any) -> None:
        self._loader = loader

    def create_module(self, spec: Any) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._loader.exec_module(module)
        _patch(module)


def _patch(module: ModuleType) -> None:
    session = module.URLLib3Session
    if getattr(session, "_sends_to_the_emulator", False):
        return
    send = session.send

    def send_to_the_emulator(self: Any, request: Any) -> Any:
        if request.url.startswith("https://"):
            local = emulator_url(request.url, os.environ.get("AWS_ENDPOINT_URL", ""))
            if local is not None:
                request.headers["Host"] = urlsplit(request.url).netloc
                request.url = local
        return send(self, request)

    session.send = send_to_the_emulator
    session._sends_to_the_emulator = True


def emulator_url(url: str, endpoint_url: str) -> str | None:
    """``url`` as the emulator at ``endpoint_url`` serves it, if it names the emulator; else None."""
    emulator = urlsplit(endpoint_url)
    try:
        target = urlsplit(url)
        port, emulator_port = target.port, emulator.port
    except ValueError:
        return None
    if emulator.scheme != "http" or emulator_port is None:
        return None
    host = target.hostname or ""
    if port == emulator_port:
        if host not in ("localhost", "127.0.0.1", "::1", emulator.hostname) and not host.endswith(".localhost"):
            return None
    elif port not in (None, 443) or not _names_aws_endpoint_of_the_emulator(host, target.path):
        return None
    return target._replace(scheme="http", netloc=emulator.netloc).geturl()


def _names_aws_endpoint_of_the_emulator(host: str, path: str) -> bool:
    if _EMULATED_AWS_HOST.fullmatch(host):
        return True
    return _EXECUTE_API_HOST.fullmatch(host) is not None and "/@connections/" in path
