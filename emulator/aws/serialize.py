"""JSON output shared by the protocols."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import orjson


def _default(value: Any) -> Any:
    # AWS's JSON protocols write timestamps as epoch seconds and blobs as base64; a whole second
    # as an integer (API Gateway's dates: 1438884790, not 1438884790.0).
    if isinstance(value, dt.datetime):
        return value.timestamp() if value.microsecond else int(value.timestamp())
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(value).decode()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"cannot serialize {type(value).__name__}")


def dumps_json(value: Any) -> bytes:
    return orjson.dumps(value, default=_default, option=orjson.OPT_PASSTHROUGH_DATETIME)
