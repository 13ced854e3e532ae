"""What an OpenAPI import warns about, worded as API Gateway's parser words it.

``failOnWarnings`` turns the warnings into a refusal that creates and changes nothing;
otherwise the import goes ahead and answers them in ``warnings``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from .errors import BadRequestException

#: The members an OpenAPI 3 ``components`` object may have (besides ``x-`` extensions).
_COMPONENT_KINDS = frozenset(
    {
        "schemas",
        "responses",
        "parameters",
        "examples",
        "requestBodies",
        "headers",
        "securitySchemes",
        "links",
        "callbacks",
        "pathItems",
    }
)


def document_warnings(document: dict[str, Any]) -> list[str]:
    components = document.get("components")
    if not isinstance(components, dict):
        return []
    return [
        f"Parse issue: attribute components.{key} is unexpected"
        for key in components
        if key not in _COMPONENT_KINDS and not key.startswith("x-")
    ]


def _base_path(document: dict[str, Any]) -> str:
    """Swagger 2's ``basePath``, or the path of OpenAPI 3's first server URL (variables at their defaults)."""
    if document.get("basePath"):
        return str(document["basePath"])
    servers = document.get("servers") or [{}]
    server = servers[0] if isinstance(servers[0], dict) else {}
    url = str(server.get("url") or "")
    for name, variable in (server.get("variables") or {}).items():
        url = url.replace("{" + name + "}", str((variable or {}).get("default", "")))
    return urlsplit(url).path if "://" in url else url


def path_prefix(document: dict[str, Any], parameters: dict[str, str]) -> str:
    """What the ``basepath`` import parameter puts before each path: ``prepend`` the whole base
    path, ``split`` all of it but its first segment, ``ignore`` (the default) nothing."""
    mode = parameters.get("basepath")
    if mode not in ("prepend", "split"):
        return ""
    segments = [segment for segment in _base_path(document).split("/") if segment]
    return "".join("/" + segment for segment in segments[1 if mode == "split" else 0 :])


def integration_warnings(document: dict[str, Any], prefix: str) -> list[str]:
    """An integration's request parameter mapped to a non-string (YAML's ``true``), which the import drops."""
    warnings = []
    for path, item in (document.get("paths") or {}).items():
        for key, operation in (item or {}).items() if isinstance(item, dict) else ():
            integration = (
                operation.get("x-amazon-apigateway-integration") if isinstance(operation, dict) else None
            )
            for name, value in ((integration or {}).get("requestParameters") or {}).items():
                if not isinstance(value, str):
                    shown = str(value).lower() if isinstance(value, bool) else str(value)
                    warnings.append(
                        f"Invalid format for 'requestParameters'. Expected type string for property '{name}' "
                        f"of resource '{prefix + path}' and method '{key.upper()}' but got '{shown}'"
                    )
    return warnings


def refuse_if_warned(warnings: list[str], fail_on_warnings: bool | None) -> None:
    if warnings and fail_on_warnings:
        raise BadRequestException("Warnings found during import:\n\t" + "\n\t".join(warnings))
