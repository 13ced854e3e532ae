"""Parameter mappings may name only what the method declares, as PutIntegration(Response) checks.

The refusal is worded as AWS words it (CloudFormation and CDK users quote it, aws-cdk#17318).
"""

from __future__ import annotations

from typing import Any

from .errors import BadRequestException

#: Method request parameter kinds a mapping may read, and the kinds whose declaration allows each.
_DECLARING_KINDS = {
    "path": ("path",),
    "querystring": ("querystring",),
    "header": ("header",),
    "multivaluequerystring": ("multivaluequerystring", "querystring"),
    "multivalueheader": ("multivalueheader", "header"),
}


def check_method_parameters(names: Any) -> None:
    """A method request parameter is named ``method.request.<kind>.<name>``, ``kind`` one of ``_DECLARING_KINDS``."""
    errors = []
    for name in names:
        kind, _, rest = name.removeprefix("method.request.").partition(".")
        if not name.startswith("method.request.") or kind not in _DECLARING_KINDS or not rest:
            errors.append(f"Invalid mapping expression specified: {name}")
    _refuse(errors)


def check_request_mappings(method: dict[str, Any], mappings: dict[str, str] | None) -> None:
    """An integration may read only the method request parameters its method declares."""
    declared = _names(method.get("requestParameters") or {})
    errors = []
    for source in (mappings or {}).values():
        if source is None:  # no expression at all: refused as a malformed one, printed as Java prints null
            errors.append("Invalid mapping expression specified: null")
            continue
        if not source.startswith("method.request."):
            continue
        kind, _, name = source.removeprefix("method.request.").partition(".")
        if kind not in _DECLARING_KINDS:
            continue
        if not _names(f"method.request.{declaring}.{name}" for declaring in _DECLARING_KINDS[kind]) & declared:
            errors.append(f"Invalid mapping expression parameter specified: {source}")
    _refuse(errors)


def check_response_mappings(method: dict[str, Any], status: str, mappings: dict[str, str] | None) -> None:
    """An integration response may set only headers its method response declares."""
    response = method.get("methodResponses", {}).get(status, {})
    declared = _names(response.get("responseParameters") or {})
    errors = []
    for target in mappings or {}:
        if not target.startswith("method.response.header."):
            errors.append(f"Invalid mapping expression specified: {target}")
        elif target.lower() not in declared:
            errors.append(f"Invalid mapping expression parameter specified: {target}")
    _refuse(errors)


def _names(names: Any) -> set[str]:
    """Parameter names to compare; header names are case-insensitive."""
    return {name.lower() if ".header." in name else name for name in names}


def _refuse(errors: list[str]) -> None:
    if errors:
        raise BadRequestException(
            f"Invalid mapping expression specified: Validation Result: warnings : [], errors : [{', '.join(errors)}]"
        )
