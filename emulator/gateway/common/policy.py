"""IAM policy documents as Lambda authorizers return them, evaluated against method ARNs.

A policy is compiled once (wildcards ``*`` and ``?`` become one regex per
statement) and then evaluated per request: an explicit Deny wins, then any
Allow; otherwise the request is implicitly denied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Any

import orjson


class Decision(Enum):
    ALLOW = "Allow"
    DENY = "Deny"
    #: No statement matched: denied, but not explicitly.
    NONE = "None"


@dataclass(slots=True, frozen=True)
class _Statement:
    allow: bool
    actions: re.Pattern[str]
    resources: re.Pattern[str]
    negated_resources: bool


class InvalidPolicy(ValueError):
    pass


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def wildcard_regex(patterns: list[str], ignore_case: bool = False) -> re.Pattern[str]:
    """One regex matching any of ``patterns`` (IAM wildcards: ``*`` any run, ``?`` one character)."""
    parts = ["".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in p) for p in patterns]
    return re.compile("^(?:" + "|".join(parts or ["(?!)"]) + ")$", re.IGNORECASE if ignore_case else 0)


class Policy:
    def __init__(self, document: dict[str, Any] | str) -> None:
        if isinstance(document, str):
            try:
                document = orjson.loads(document)
            except orjson.JSONDecodeError:
                raise InvalidPolicy("policy document is not JSON") from None
        if not isinstance(document, dict):
            raise InvalidPolicy("policy document is not an object")
        statements = document.get("Statement")
        if isinstance(statements, dict):
            statements = [statements]
        if not isinstance(statements, list) or not statements:
            raise InvalidPolicy("policy document has no Statement")
        self.statements: list[_Statement] = []
        for statement in statements:
            if not isinstance(statement, dict) or statement.get("Effect") not in ("Allow", "Deny"):
                raise InvalidPolicy("statement without a valid Effect")
            negated = "NotResource" in statement
            resources = _as_list(statement.get("NotResource") if negated else statement.get("Resource"))
            self.statements.append(
                _Statement(
                    statement["Effect"] == "Allow",
                    wildcard_regex(_as_list(statement.get("Action")), ignore_case=True),
                    wildcard_regex(resources),
                    negated,
                )
            )

    def evaluate(self, resource_arn: str, action: str = "execute-api:Invoke") -> Decision:
        allowed = False
        for statement in self.statements:
            if statement.actions.match(action) is None:
                continue
            if (statement.resources.match(resource_arn) is None) != statement.negated_resources:
                continue
            if not statement.allow:
                return Decision.DENY
            allowed = True
        return Decision.ALLOW if allowed else Decision.NONE
