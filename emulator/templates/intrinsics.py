"""CloudFormation's intrinsic functions and conditions.

``Resolver.resolve`` replaces ``Ref``, ``Fn::GetAtt``, ``Fn::Sub``, ``Fn::Join``,
``Fn::If``, ``Fn::Select``, ``Fn::Split``, ``Fn::Equals``/``And``/``Or``/``Not``,
``Fn::FindInMap``, ``Fn::Base64``, ``Fn::GetAZs`` and ``Fn::Transform``
(``AWS::Include`` of a local file) with values, given the
parameters and the attributes of the resources deployed so far.
``Fn::ImportValue`` is refused: one template is one stack, with no exports.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from typing import Any

from .loader import TemplateError
from .parameters import parameter_values

#: Marks a property whose condition (Fn::If with AWS::NoValue) removed it.
NO_VALUE = object()

_SUB_VARIABLE = re.compile(r"\$\{([^}]+)\}")


class Resolver:
    def __init__(
        self,
        template: dict[str, Any],
        parameter_overrides: dict[str, str],
        *,
        region: str,
        account_id: str,
        stack_name: str,
    ) -> None:
        self.template = template
        self.refs: dict[str, Any] = {
            "AWS::Region": region,
            "AWS::AccountId": account_id,
            "AWS::StackName": stack_name,
            "AWS::StackId": f"arn:aws:cloudformation:{region}:{account_id}:stack/{stack_name}/emulator",
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
            "AWS::NoValue": NO_VALUE,
        }
        self.refs.update(parameter_values(template.get("Parameters") or {}, parameter_overrides))
        self.attributes: dict[str, dict[str, Any]] = {}
        self._conditions: dict[str, bool] = {}
        self._skipped: set[str] = set()

    # -- resources ---------------------------------------------------------

    def record(self, logical_id: str, ref: Any, attributes: dict[str, Any]) -> None:
        self.refs[logical_id] = ref
        self.attributes[logical_id] = attributes

    def condition(self, name: str) -> bool:
        if name not in self._conditions:
            conditions = self.template.get("Conditions") or {}
            if name not in conditions:
                raise TemplateError(f"condition {name} is not defined in Conditions")
            self._conditions[name] = bool(self.resolve(conditions[name]))
        return self._conditions[name]

    # -- values ------------------------------------------------------------

    def resolve(self, value: Any) -> Any:
        if isinstance(value, list):
            return [item for item in (self.resolve(v) for v in value) if item is not NO_VALUE]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            (key, argument), = value.items()
            if key == "Ref":
                return self._ref(argument)
            if key == "Condition" and isinstance(argument, str):
                return self.condition(argument)
            if key.startswith("Fn::"):
                try:
                    return self._function(key[4:], argument)
                except (KeyError, IndexError, ValueError, TypeError) as error:
                    # A malformed argument: CloudFormation calls it a template error too.
                    raise TemplateError(f"{key} {argument!r} cannot be evaluated: {error!r}") from None
        resolved = {k: self.resolve(v) for k, v in value.items()}
        return {k: v for k, v in resolved.items() if v is not NO_VALUE}

    def _ref(self, name: Any) -> Any:
        if not isinstance(name, str):
            raise TemplateError(f"Ref takes a name, not {name!r}")
        if name in self.refs:
            return self.refs[name]
        raise TemplateError(f"Ref to {name}, which is neither a parameter nor a resource of this template")

    def record_skipped(self, logical_id: str, attributes: dict[str, Any]) -> None:
        """A resource the emulator does not create: any attribute of it reads as a placeholder."""
        self.record(logical_id, logical_id, attributes)
        self._skipped.add(logical_id)

    def _get_att(self, logical_id: str, attribute: str) -> Any:
        attributes = self.attributes.get(logical_id)
        if attributes is None:
            raise TemplateError(f"Fn::GetAtt {logical_id}.{attribute}: no such resource")
        if attribute not in attributes and logical_id in self._skipped:
            return f"not-emulated-{logical_id}-{attribute}"
        if attribute not in attributes:
            raise TemplateError(f"Fn::GetAtt {logical_id}.{attribute}: the emulator does not provide that attribute")
        return attributes[attribute]

    def _function(self, name: str, argument: Any) -> Any:
        if name == "GetAtt":
            if isinstance(argument, str):
                argument = argument.split(".", 1)
            logical_id, attribute = self.resolve(argument)
            return self._get_att(logical_id, attribute)
        if name == "Sub":
            return self._sub(argument)
        if name == "ImportValue":
            raise TemplateError(
                f"Fn::ImportValue {self.resolve(argument)!r}: the emulator deploys a single stack, "
                "so there are no exports to import; pass the value as a parameter instead"
            )
        if name == "Transform":
            return self._include(argument)
        if name == "If":
            condition, when_true, when_false = argument
            return self.resolve(when_true if self.condition(condition) else when_false)
        args = self.resolve(argument)
        if name == "Join":
            separator, items = args
            return separator.join(str(item) for item in items)
        if name == "Select":
            index, items = args
            return items[int(index)]
        if name == "Split":
            separator, text = args
            return text.split(separator)
        if name == "Equals":
            left, right = args
            return str(left) == str(right)
        if name == "And":
            return all(args)
        if name == "Or":
            return any(args)
        if name == "Not":
            return not args[0]
        if name == "FindInMap":
            mapping, top, second = args[:3]
            try:
                return self.template["Mappings"][mapping][top][second]
            except (KeyError, TypeError):
                if len(args) == 4 and isinstance(args[3], dict) and "DefaultValue" in args[3]:
                    return args[3]["DefaultValue"]  # AWS::LanguageExtensions' default
                raise TemplateError(f"Unable to get mapping for {mapping}::{top}::{second}") from None
        if name == "Base64":
            return base64.b64encode(str(args).encode()).decode()
        if name == "GetAZs":
            region = args or self.refs["AWS::Region"]
            return [f"{region}a", f"{region}b", f"{region}c"]
        if name == "ToJsonString":
            import json

            return json.dumps(args, separators=(",", ":"))
        if name == "Length":
            return len(args)
        raise TemplateError(f"Fn::{name} is not supported by the emulator")

    def _include(self, argument: Any) -> Any:
        # Local AWS::Include files were inlined when the template was read; what is left is refused.
        if not isinstance(argument, dict) or argument.get("Name") != "AWS::Include":
            name = argument.get("Name") if isinstance(argument, dict) else argument
            raise TemplateError(f"Fn::Transform {name}: macros are not supported by the emulator (only AWS::Include)")
        location = self.resolve((argument.get("Parameters") or {}).get("Location", ""))
        raise TemplateError(
            f"Fn::Transform AWS::Include: {location} is not a local file (the emulator has no S3); "
            "give Location as a path next to the template"
        )

    def _sub(self, argument: Any) -> str:
        if isinstance(argument, list):
            text, variables = argument[0], self.resolve(argument[1])
        else:
            text, variables = argument, {}

        def replace(found: re.Match[str]) -> str:
            name = found.group(1)
            if name.startswith("!"):
                return "${" + name[1:] + "}"
            if name in variables:
                return str(variables[name])
            if name in self.refs:  # also SAM's ${MyApi.Stage}, ${MyFunction.Alias}
                return str(self.refs[name])
            if "." in name and name.split(".", 1)[0] in self.attributes:
                return str(self._get_att(*name.split(".", 1)))
            return str(self._ref(name))

        return _SUB_VARIABLE.sub(replace, text)


def references(value: Any) -> Iterator[str]:
    """Names a value refers to (Ref, GetAtt, ${...} in Sub): for ordering resources."""
    if isinstance(value, list):
        for item in value:
            yield from references(item)
    elif isinstance(value, dict):
        for key, argument in value.items():
            if key == "Ref" and isinstance(argument, str):
                # SAM's referenceable properties (MyFunction.Alias) depend on their resource.
                yield argument.split(".", 1)[0]
            elif key == "Fn::GetAtt":
                target = argument.split(".", 1)[0] if isinstance(argument, str) else argument[0]
                if isinstance(target, str):
                    yield target
            elif key == "Fn::Sub":
                text = argument[0] if isinstance(argument, list) else argument
                if isinstance(text, str):
                    for name in _SUB_VARIABLE.findall(text):
                        if not name.startswith("!"):
                            yield name.split(".", 1)[0]
                if isinstance(argument, list) and len(argument) > 1:
                    yield from references(argument[1])
            else:
                yield from references(argument)
