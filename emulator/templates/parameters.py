"""Template parameters: overrides, defaults and CloudFormation's constraints on their values."""

from __future__ import annotations

import re
from typing import Any

from .loader import TemplateError


def parameter_values(declared: dict[str, Any], overrides: dict[str, str]) -> dict[str, Any]:
    unknown = set(overrides) - set(declared)
    if unknown:
        raise TemplateError(f"parameter overrides for undeclared parameters: {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {}
    for name, spec in declared.items():
        if name in overrides:
            value: Any = overrides[name]
        elif "Default" in spec:
            value = spec["Default"]
        else:
            raise TemplateError(f"parameter {name} has no Default: pass --parameter-overrides {name}=...")
        kind = str(spec.get("Type", "String"))
        if kind.startswith("List<") or kind == "CommaDelimitedList":
            value = [part.strip() for part in str(value).split(",")]
            for item in value:
                _check(name, spec, item)
        else:
            _check(name, spec, value)
        values[name] = value
    return values


def _check(name: str, spec: dict[str, Any], value: Any) -> None:
    problem = _violation(spec, str(value))
    if problem:
        # CloudFormation shows the template's ConstraintDescription in place of its own words.
        reason = spec.get("ConstraintDescription") or problem
        raise TemplateError(f"Parameter '{name}' ({value!r}) is not valid: {reason}")


def _violation(spec: dict[str, Any], text: str) -> str | None:
    allowed = spec.get("AllowedValues")
    if allowed and text not in [str(v) for v in allowed]:
        return f"it must be one of {', '.join(str(v) for v in allowed)}"
    if "AllowedPattern" in spec and not re.fullmatch(str(spec["AllowedPattern"]), text):
        return f"it must match pattern {spec['AllowedPattern']}"
    if "MinLength" in spec and len(text) < int(spec["MinLength"]):
        return f"it must contain at least {spec['MinLength']} characters"
    if "MaxLength" in spec and len(text) > int(spec["MaxLength"]):
        return f"it must contain at most {spec['MaxLength']} characters"
    if spec.get("Type") == "Number" or "MinValue" in spec or "MaxValue" in spec:
        try:
            number = float(text)
        except ValueError:
            return "it must be a number"
        if "MinValue" in spec and number < float(spec["MinValue"]):
            return f"it must be a number not less than {spec['MinValue']}"
        if "MaxValue" in spec and number > float(spec["MaxValue"]):
            return f"it must be a number not greater than {spec['MaxValue']}"
    return None
