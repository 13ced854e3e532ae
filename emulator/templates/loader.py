"""Reading a template: YAML (with CloudFormation's ``!Ref`` short forms) or JSON.

Short forms become the long forms CloudFormation defines (``!Ref X`` ->
``{"Ref": "X"}``, ``!GetAtt A.B`` -> ``{"Fn::GetAtt": ["A", "B"]}``,
``!Sub ...`` -> ``{"Fn::Sub": ...}``), so the resolver sees one shape.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_FUNCTIONS = (
    "Base64", "Cidr", "FindInMap", "GetAZs", "ImportValue", "Join", "Select", "Split", "Sub",
    "Transform", "And", "Equals", "If", "Not", "Or", "Length", "ToJsonString",
)


class TemplateError(Exception):
    """A template the emulator cannot deploy; the message says where and why."""


class _Loader(yaml.SafeLoader):
    pass


def _construct(node: yaml.Node, loader: yaml.SafeLoader) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]


def _register() -> None:
    def ref(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        return {"Ref": _construct(node, loader)}

    def get_att(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        value = _construct(node, loader)
        if isinstance(value, str):
            value = value.split(".", 1)
        return {"Fn::GetAtt": value}

    def condition(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        return {"Condition": _construct(node, loader)}

    _Loader.add_constructor("!Ref", ref)
    _Loader.add_constructor("!GetAtt", get_att)
    _Loader.add_constructor("!Condition", condition)
    for name in _FUNCTIONS:
        _Loader.add_constructor(
            f"!{name}", lambda loader, node, name=name: {f"Fn::{name}": _construct(node, loader)}
        )


_register()


def load_template(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text()
    except OSError as error:
        raise TemplateError(f"cannot read template {path}: {error.strerror}") from None
    try:
        document = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        raise TemplateError(f"{path} is not valid YAML or JSON: {error}") from None
    if not isinstance(document, dict) or not isinstance(document.get("Resources"), dict):
        raise TemplateError(f"{path} has no Resources section")
    return document
