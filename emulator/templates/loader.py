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


def load_document(path: Path) -> Any:
    """A YAML or JSON file with CloudFormation's short forms (a template, or a file it includes)."""
    try:
        text = path.read_text()
    except OSError as error:
        raise TemplateError(f"cannot read {path}: {error.strerror}") from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        raise TemplateError(f"{path} is not valid YAML or JSON: {error}") from None


def load_template(path: Path) -> dict[str, Any]:
    document = load_document(path)
    if not isinstance(document, dict) or not isinstance(document.get("Resources"), dict):
        raise TemplateError(f"{path} has no Resources section")
    return _inline_includes(document, path.parent)


def _inline_includes(value: Any, base_dir: Path) -> Any:
    """Replace ``Fn::Transform: {Name: AWS::Include}`` of a local file by the file's content.

    Done on reading, as CloudFormation does before anything else, so the
    included text's references order resources like the template's own.
    """
    if isinstance(value, list):
        return [_inline_includes(item, base_dir) for item in value]
    if not isinstance(value, dict):
        return value
    transform = value.get("Fn::Transform") if len(value) == 1 else None
    if isinstance(transform, dict) and transform.get("Name") == "AWS::Include":
        location = (transform.get("Parameters") or {}).get("Location")
        if isinstance(location, str) and "://" not in location:
            return _inline_includes(load_document(base_dir / location), base_dir)
    return {key: _inline_includes(item, base_dir) for key, item in value.items()}
