"""UpdateUsagePlan's patch paths: limits, API stages and their per-method throttles.

The forms are the ones AWS's patch-operations table, the CLI's update-usage-plan
examples and the Terraform provider send:

- ``/throttle/rateLimit``, ``/quota/limit`` ... set one limit; ``remove /throttle``
  and ``remove /quota`` drop the whole member;
- ``add``/``remove /apiStages`` with ``{apiId}:{stage}`` as the value;
- ``/apiStages/{apiId}:{stage}/throttle/{resourcePath}/{httpMethod}/rateLimit``
  (and ``burstLimit``) set one method's throttle, ``remove`` of
  ``.../throttle/{resourcePath}/{httpMethod}`` drops it, and ``replace`` of
  ``.../throttle`` with a JSON object sets the stage's whole throttle map
  (keys ``{resourcePath}/{httpMethod}``, e.g. ``/pets/GET``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .errors import BadRequestException
from .patch import MAP, STR, apply_patch, bad_path_message

PLAN_FIELDS = {"name": STR, "description": STR, "productCode": STR, "tags": MAP}
_LIMITS: dict[tuple[str, str], Callable[[Any], Any]] = {
    ("throttle", "rateLimit"): float,
    ("throttle", "burstLimit"): int,
    ("quota", "limit"): int,
    ("quota", "offset"): int,
    ("quota", "period"): str,
}
_THROTTLE_MEMBERS = {"rateLimit": float, "burstLimit": int}
#: AWS's own message for CreateUsagePlan, its placeholders unfilled (UpdateUsagePlan fills them).
UNKNOWN_API_STAGE = "Invalid API Stage {api: %s, stage: %s} specified for usageplan %s"

CheckStage = Callable[[str, str], None]


def patch_usage_plan(plan: dict[str, Any], operations: list[dict[str, Any]], check_stage: CheckStage) -> None:
    """Apply ``operations`` to ``plan`` in place; ``check_stage`` refuses an API stage that does not exist."""
    plain = []
    for operation in operations:
        op, path = operation.get("op", "replace"), operation.get("path", "")
        parts = path.lstrip("/").split("/") if path else []
        if parts and parts[0] in ("throttle", "quota"):
            _patch_limit(plan, parts, op, operation.get("value"), path)
        elif parts and parts[0] == "apiStages":
            _patch_api_stages(plan, parts, op, operation.get("value"), path, check_stage)
        else:
            plain.append(operation)
    apply_patch(plan, plain, PLAN_FIELDS)


def _bad_path(path: str, op: str) -> BadRequestException:
    return BadRequestException(bad_path_message(path, op, PLAN_FIELDS))


def _number(convert: Callable[[Any], Any], value: Any, name: str) -> Any:
    try:
        return convert(value)
    except (TypeError, ValueError):
        raise BadRequestException(f"Invalid value specified for {name}: {value}") from None


def _patch_limit(plan: dict[str, Any], parts: list[str], op: str, value: Any, path: str) -> None:
    if len(parts) == 1:
        # The whole member can only be removed (Terraform clears a plan's limits this way).
        if op != "remove":
            raise _bad_path(path, op)
        plan.pop(parts[0], None)
        return
    convert = _LIMITS.get((parts[0], parts[1])) if len(parts) == 2 else None
    if convert is None:
        raise _bad_path(path, op)
    # A quota set member by member starts from AWS's default offset, as CreateUsagePlan's does.
    group = plan.setdefault(parts[0], {"offset": 0} if parts[0] == "quota" else {})
    if op == "remove":
        group.pop(parts[1], None)
    elif op in ("add", "replace"):
        group[parts[1]] = _number(convert, value, parts[1])
    else:
        raise _bad_path(path, op)
    if not group:
        plan.pop(parts[0], None)


def _patch_api_stages(
    plan: dict[str, Any], parts: list[str], op: str, value: Any, path: str, check_stage: CheckStage
) -> None:
    stages: list[dict[str, Any]] = plan["apiStages"]
    if len(parts) == 1:
        api_id, colon, stage = str(value or "").partition(":")
        if op == "add":
            if not (api_id and colon and stage):
                raise BadRequestException("Invalid API Stage specified")
            check_stage(api_id, stage)
            if not any((s["apiId"], s["stage"]) == (api_id, stage) for s in stages):
                stages.append({"apiId": api_id, "stage": stage})
        elif op == "remove":
            plan["apiStages"] = [s for s in stages if (s["apiId"], s["stage"]) != (api_id, stage)]
        else:
            raise _bad_path(path, op)
        return
    api_id, colon, stage_name = parts[1].partition(":")
    if not colon or len(parts) < 3 or parts[2] != "throttle":
        raise _bad_path(path, op)
    entry = next((s for s in stages if (s["apiId"], s["stage"]) == (api_id, stage_name)), None)
    if entry is None:
        raise BadRequestException(UNKNOWN_API_STAGE)
    _patch_stage_throttle(entry, parts[3:], op, value, path)


def _patch_stage_throttle(entry: dict[str, Any], rest: list[str], op: str, value: Any, path: str) -> None:
    throttles: dict[str, dict[str, Any]] = entry.setdefault("throttle", {})
    if not rest:
        if op == "remove":
            throttles.clear()
        elif op == "replace":
            throttles.clear()
            throttles.update(_throttle_map(value))
        else:
            raise _bad_path(path, op)
    elif rest[-1] in _THROTTLE_MEMBERS and len(rest) >= 3:
        if op not in ("add", "replace"):
            raise _bad_path(path, op)
        member = rest[-1]
        setting = throttles.setdefault("/".join(rest[:-1]), {})
        setting[member] = _number(_THROTTLE_MEMBERS[member], value, member)
    elif len(rest) >= 2 and op == "remove":
        throttles.pop("/".join(rest), None)
    else:
        raise _bad_path(path, op)
    if not throttles:
        entry.pop("throttle", None)


def _throttle_map(value: Any) -> dict[str, dict[str, Any]]:
    """A stage's whole throttle map, given as JSON (``{"/pets/GET": {"rateLimit": 1, "burstLimit": 2}}``)."""
    try:
        parsed = json.loads(value or "")
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict) or not all(isinstance(v, dict) for v in parsed.values()):
        raise BadRequestException(f"Invalid throttle settings specified: {value}")
    return {
        key: {
            member: _number(convert, setting[member], member)
            for member, convert in _THROTTLE_MEMBERS.items()
            if member in setting
        }
        for key, setting in parsed.items()
    }

