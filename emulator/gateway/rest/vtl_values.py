"""How VTL sees Python values: Java-like methods on strings, lists and maps, and rendering.

Values print as API Gateway's Java objects do: a JSON object read from a body is a Java map
(``{a=1, b=null}``), a JSON array is a JSON array object, which prints as JSON
(``[{"a":1}]``), and a list the template itself makes (``[1, 2]``, ``keySet()``) is a Java
list (``[1, 2]``) - LocalStack's AWS-validated findings (localstack#12379).
"""

from __future__ import annotations

import re
from typing import Any

import orjson


class VtlObject:
    """A built-in variable (``$input``, ``$util``): its ``vtl_<name>`` methods are callable from templates."""

    def member(self, name: str) -> Any:
        return None


class JavaList(list):  # type: ignore[type-arg]
    """A list made by the template or a Java method (not read from JSON): it prints as ``[a, b]``."""


def truthy(value: Any) -> bool:
    return not (value is None or value is False)


def render_value(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_element(k)}={_element(v)}" for k, v in value.items()) + "}"
    if isinstance(value, JavaList | tuple):
        return "[" + ", ".join(_element(v) for v in value) + "]"
    if isinstance(value, list):
        return to_json(value)
    return str(value)


def _element(value: Any) -> str:
    """A member as a Java collection prints it: null as ``null``."""
    return "null" if value is None else render_value(value)


def get_member(value: Any, name: str) -> Any:
    if isinstance(value, dict):
        return value.get(name)
    if isinstance(value, VtlObject):
        return value.member(name)
    if name in ("size", "length", "empty"):
        return call_method(value, {"empty": "isEmpty"}.get(name, name), [])
    return None


def call_method(value: Any, name: str, args: list[Any]) -> Any:
    if name == "toString" and not args and not isinstance(value, VtlObject):
        return render_value(value)
    if isinstance(value, VtlObject):
        method = getattr(value, "vtl_" + name, None)
        return method(*args) if method is not None else None
    handler = _METHODS.get((_kind(value), name))
    if handler is None:
        return None
    try:
        return handler(value, *args)
    except (TypeError, ValueError, IndexError, KeyError, re.error):
        return None


def _kind(value: Any) -> str:
    if isinstance(value, str):
        return "str"
    if isinstance(value, dict):
        return "map"
    if isinstance(value, list):
        return "list"
    return "other"


def _put(mapping: dict[Any, Any], key: Any, value: Any) -> Any:
    previous = mapping.get(key)
    mapping[key] = value
    return previous


def _add(items: list[Any], value: Any) -> bool:
    items.append(value)
    return True


def _split(text: str, pattern: str) -> JavaList:
    """Java's ``String.split``: trailing empty strings are dropped (``"a=".split("=")`` is ``[a]``)."""
    parts = re.split(pattern, text)
    if text:
        while parts and not parts[-1]:
            parts.pop()
    return JavaList(parts)


_METHODS: dict[tuple[str, str], Any] = {
    ("str", "length"): len,
    ("str", "size"): len,
    ("str", "isEmpty"): lambda s: not s,
    ("str", "toLowerCase"): str.lower,
    ("str", "toUpperCase"): str.upper,
    ("str", "trim"): str.strip,
    ("str", "contains"): lambda s, x: str(x) in s,
    ("str", "startsWith"): lambda s, x: s.startswith(str(x)),
    ("str", "endsWith"): lambda s, x: s.endswith(str(x)),
    ("str", "equals"): lambda s, x: s == x,
    ("str", "equalsIgnoreCase"): lambda s, x: s.lower() == str(x).lower(),
    ("str", "indexOf"): lambda s, x: s.find(str(x)),
    ("str", "substring"): lambda s, a, b=None: s[a:b],
    ("str", "replace"): lambda s, a, b: s.replace(str(a), str(b)),
    ("str", "replaceAll"): lambda s, a, b: re.sub(a, b.replace("$", "\\"), s),
    ("str", "split"): _split,
    ("str", "matches"): lambda s, x: re.fullmatch(x, s) is not None,
    ("str", "charAt"): lambda s, i: s[i],
    ("map", "get"): lambda m, k: m.get(k),
    ("map", "put"): _put,
    ("map", "size"): len,
    ("map", "isEmpty"): lambda m: not m,
    ("map", "containsKey"): lambda m, k: k in m,
    ("map", "keySet"): JavaList,
    ("map", "values"): lambda m: JavaList(m.values()),
    ("map", "entrySet"): lambda m: JavaList({"key": k, "value": v} for k, v in m.items()),
    ("map", "remove"): lambda m, k: m.pop(k, None),
    ("list", "get"): lambda items, i: items[i],
    ("list", "size"): len,
    ("list", "isEmpty"): lambda items: not items,
    ("list", "contains"): lambda items, x: x in items,
    ("list", "add"): _add,
}


def to_json(value: Any) -> str:
    return orjson.dumps(value).decode()
