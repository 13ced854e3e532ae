"""The variables mapping templates see: ``$input``, ``$util``, ``$context``, ``$stageVariables``."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import quote_plus, unquote_plus

import orjson

from ..common.json_path import json_path
from .vtl_values import VtlObject, to_json


class InputVariable(VtlObject):
    """``$input``: the request (or integration response) body and the request parameters."""

    def __init__(self, body: str, params: dict[str, dict[str, str]]) -> None:
        self.body = body
        self.params = params
        self._parsed: Any = _UNPARSED

    def _document(self) -> Any:
        if self._parsed is _UNPARSED:
            try:
                self._parsed = orjson.loads(self.body) if self.body.strip() else {}
            except orjson.JSONDecodeError:
                self._parsed = self.body
        return self._parsed

    def member(self, name: str) -> Any:
        if name == "body":
            # An empty body reads as ``{}``, whatever its content type (LocalStack's AWS-validated
            # finding, localstack#12413: ``$util.urlEncode($input.body)`` sends ``%7B%7D`` to SQS).
            return self.body or "{}"
        return None

    def vtl_json(self, path: str) -> str:
        return to_json(json_path(self._document(), path))

    def vtl_path(self, path: str) -> Any:
        return json_path(self._document(), path)

    def vtl_params(self, name: str | None = None) -> Any:
        if name is None:
            return self.params
        for where in ("path", "querystring", "header"):
            found = self.params[where].get(name)
            if found is not None:
                return found
        if "header" in self.params:
            lowered = name.lower()
            for key, value in self.params["header"].items():
                if key.lower() == lowered:
                    return value
        return ""


class UtilVariable(VtlObject):
    """``$util``."""

    @staticmethod
    def vtl_escapeJavaScript(text: Any) -> str:
        return escape_javascript(str(text) if text is not None else "")

    @staticmethod
    def vtl_parseJson(text: str) -> Any:
        return orjson.loads(text)

    @staticmethod
    def vtl_urlEncode(text: str) -> str:
        # Java's URLEncoder: only letters, digits and ``.-*_`` stay as they are (``~`` too is encoded).
        return quote_plus(str(text), safe="*").replace("~", "%7E")

    @staticmethod
    def vtl_urlDecode(text: str) -> str:
        return unquote_plus(str(text))

    @staticmethod
    def vtl_base64Encode(text: str) -> str:
        return base64.b64encode(str(text).encode()).decode()

    @staticmethod
    def vtl_base64Decode(text: str) -> str:
        return base64.b64decode(str(text)).decode(errors="replace")


UTIL = UtilVariable()
_UNPARSED = object()
_JS_ESCAPES = {
    '"': '\\"',
    "'": "\\'",
    "\\": "\\\\",
    "/": "\\/",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
}


def escape_javascript(text: str) -> str:
    """Apache Commons' ``escapeJavaScript``, which API Gateway uses (it escapes ``'`` too)."""
    out: list[str] = []
    for char in text:
        escaped = _JS_ESCAPES.get(char)
        code = ord(char)
        if escaped is not None:
            out.append(escaped)
        elif code > 0xFFFF:  # Java strings hold UTF-16: one escape per surrogate
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04X}\\u{0xDC00 + (code & 0x3FF):04X}")
        elif code < 32 or code > 0x7F:
            out.append(f"\\u{code:04X}")
        else:
            out.append(char)
    return "".join(out)
