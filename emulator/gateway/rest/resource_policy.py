"""A REST API's resource policy, enforced on the data plane as AWS documents it.

The policy in force is the deployed one (AWS: a changed policy takes effect on the next deployment).
It is evaluated for ``execute-api:Invoke`` on the method ARN
``arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}`` before the method's own
authorization, and combined with it as AWS's "resource policy and authorization" tables say: with
no other authorization the policy must allow; with a Lambda or Cognito authorizer or IAM (every signed
caller holds IAM permission here: there is no IAM) only an explicit deny refuses.

Statements: ``Effect``, ``Principal`` (``*``, or accounts and ARNs, which only a SigV4-signed caller of
the emulator's account matches), ``Action``/``NotAction``, ``Resource``/``NotResource`` (the
``execute-api:/...`` shorthand too) and ``Condition``. Condition keys are the request's
``aws:SourceIp``, ``aws:UserAgent``, ``aws:Referer`` and ``aws:SecureTransport``; VPC endpoints are
not emulated, so a condition on ``aws:SourceVpce`` or ``aws:SourceVpc`` holds as if the request came
through the endpoint it names (a private API stays callable). A condition this module cannot
evaluate makes its statement not apply.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..common.policy import Decision, wildcard_regex
from .gateway_errors import GatewayError
from .request import GatewayRequest

ACCOUNT = "000000000000"
_VPC_KEYS = frozenset({"aws:sourcevpce", "aws:sourcevpc"})


@dataclass(frozen=True, slots=True)
class Caller:
    """What a statement's Principal and Condition see of a request."""

    signed: bool
    values: dict[str, str]


def caller_of(request: GatewayRequest, signed: bool) -> Caller:
    headers = request.headers
    values = {"aws:sourceip": request.source_ip, "aws:securetransport": "true"}  # execute-api is HTTPS only
    for key, header in (("aws:useragent", "user-agent"), ("aws:referer", "referer")):
        if header in headers:
            values[key] = headers[header]
    return Caller(signed, values)


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [] if value is None else [str(value)]


def _principal_matches(principal: Any, caller: Caller) -> bool:
    if principal == "*":
        return True
    if not isinstance(principal, dict):
        return False
    names = _as_list(principal.get("AWS"))
    if "*" in names:
        return True
    return caller.signed and any(name == ACCOUNT or f":{ACCOUNT}:" in name for name in names)


def _ip_in(value: str, blocks: list[str]) -> bool:
    try:
        address = ipaddress.ip_address(value)
        return any(address in ipaddress.ip_network(block, strict=False) for block in blocks)
    except ValueError:
        return False


_OPERATORS: dict[str, Callable[[str, list[str]], bool]] = {
    "stringequals": lambda value, wanted: value in wanted,
    "stringequalsignorecase": lambda value, wanted: value.lower() in {w.lower() for w in wanted},
    "stringlike": lambda value, wanted: wildcard_regex(wanted).match(value) is not None,
    "ipaddress": _ip_in,
    "bool": lambda value, wanted: value.lower() in {w.lower() for w in wanted},
}
#: Negated operators: true when the positive one is false (and when the key is absent).
_NEGATED = {"stringnotequals": "stringequals", "stringnotequalsignorecase": "stringequalsignorecase",
            "stringnotlike": "stringlike", "notipaddress": "ipaddress"}


def _condition_holds(operator: str, key: str, wanted: list[str], caller: Caller) -> bool | None:
    """Whether one operator/key test holds; None when this module cannot evaluate it."""
    name = operator.lower()
    if_exists = name.endswith("ifexists")
    name = name.removesuffix("ifexists")
    negated = name in _NEGATED
    test = _OPERATORS.get(_NEGATED.get(name, name))
    if test is None:
        return None
    if key.lower() in _VPC_KEYS:
        return not negated  # the request came through the endpoint the policy names
    value = caller.values.get(key.lower())
    if value is None:
        return if_exists or negated
    return test(value, wanted) != negated


@dataclass(frozen=True, slots=True)
class _Statement:
    allow: bool
    principal: Any
    action: Callable[[str], bool]
    resource: Callable[[str], bool]
    conditions: tuple[tuple[str, str, tuple[str, ...]], ...]

    def applies(self, arn: str, caller: Caller) -> bool:
        if not _principal_matches(self.principal, caller) or not self.action("execute-api:Invoke"):
            return False
        if not self.resource(arn):
            return False
        return all(_condition_holds(op, key, list(wanted), caller) is True for op, key, wanted in self.conditions)


def _matcher(statement: dict[str, Any], key: str, expand: Callable[[str], str], ignore_case: bool) -> Callable[[str], bool]:
    negated = f"Not{key}" in statement
    pattern = wildcard_regex([expand(p) for p in _as_list(statement.get(f"Not{key}" if negated else key))], ignore_case)
    return lambda value: (pattern.match(value) is None) == negated


@lru_cache(maxsize=256)
def compile_policy(stored: str, region: str, api_id: str) -> tuple[_Statement, ...]:
    """The statements of a stored policy (as policy_text.py keeps it); none when it is not a policy."""
    try:
        document = json.loads(json.loads(f'"{stored}"'))
    except ValueError:
        return ()
    statements = document.get("Statement") if isinstance(document, dict) else None
    if isinstance(statements, dict):
        statements = [statements]
    prefix = f"arn:aws:execute-api:{region}:{ACCOUNT}:{api_id}/"

    def expand(resource: str) -> str:
        return prefix + resource[len("execute-api:/") :] if resource.startswith("execute-api:/") else resource

    compiled = []
    for statement in statements if isinstance(statements, list) else []:
        if not isinstance(statement, dict) or statement.get("Effect") not in ("Allow", "Deny"):
            continue
        conditions = tuple(
            (operator, key, tuple(_as_list(wanted)))
            for operator, tests in (statement.get("Condition") or {}).items()
            if isinstance(tests, dict)
            for key, wanted in tests.items()
        )
        compiled.append(
            _Statement(
                statement["Effect"] == "Allow",
                statement.get("Principal"),
                _matcher(statement, "Action", lambda action: action, True),
                _matcher(statement, "Resource", expand, False),
                conditions,
            )
        )
    return tuple(compiled)


def evaluate(statements: tuple[_Statement, ...], arn: str, caller: Caller) -> Decision:
    decision = Decision.NONE
    for statement in statements:
        if statement.applies(arn, caller):
            if not statement.allow:
                return Decision.DENY
            decision = Decision.ALLOW
    return decision


def denial(arn: str, caller: Caller, explicit: bool) -> GatewayError:
    """AWS's 403 for a refused request (the account in the ARN masked but its last four digits)."""
    masked = arn.replace(f":{ACCOUNT}:", f":********{ACCOUNT[-4:]}:", 1)
    user = f"arn:aws:iam::{ACCOUNT}:root" if caller.signed else "anonymous"
    message = f"User: {user} is not authorized to perform: execute-api:Invoke on resource: {masked}"
    return GatewayError(
        403, "AccessDeniedException", message + (" with an explicit deny" if explicit else ""), "ACCESS_DENIED", "Message"
    )


def check(stored: str, region: str, api_id: str, stage: str, method: str, path: str, caller: Caller, authorized_otherwise: bool) -> None:
    """Raise AWS's 403 unless the policy lets ``caller`` invoke ``method path``; ``authorized_otherwise``:
    the method has authorization of its own (then only an explicit deny refuses)."""
    arn = f"arn:aws:execute-api:{region}:{ACCOUNT}:{api_id}/{stage}/{method}/{path.lstrip('/')}"
    decision = evaluate(compile_policy(stored, region, api_id), arn, caller)
    if decision is Decision.DENY:
        raise denial(arn, caller, explicit=True)
    if decision is Decision.NONE and not authorized_otherwise:
        raise denial(arn, caller, explicit=False)
