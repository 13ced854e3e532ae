"""What an OpenAPI import warns about, worded as API Gateway's parser words it.

``failOnWarnings`` turns the warnings into a refusal that creates and changes nothing;
otherwise the import goes ahead and answers them in ``warnings``.
"""

from __future__ import annotations

from typing import Any

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


def refuse_if_warned(warnings: list[str], fail_on_warnings: bool | None) -> None:
    if warnings and fail_on_warnings:
        raise BadRequestException("Warnings found during import:\n\t" + "\n\t".join(warnings))
