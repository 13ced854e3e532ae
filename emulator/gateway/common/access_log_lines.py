"""Access logs of API stages: one line a request, the stage's format with its ``$context``
variables filled in, written to the CloudWatch Logs group its destination ARN names.

AWS writes a value it lacks as ``-``. The lines go through a writer the app supplies (the
gateway never touches the log store itself); a log group that does not exist gets nothing,
as on AWS, where delivery to a missing group fails quietly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

#: (region, destination ARN, line): hands one access log line to the log group the ARN names.
AccessLogWriter = Callable[[str, str, str], None]

_VARIABLE = re.compile(r"\$context\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)")


def render_access_log(line_format: str, context: Mapping[str, Any]) -> str:
    """``line_format`` with each ``$context.a.b`` replaced by its value in ``context`` (``-`` if none)."""

    def value(match: re.Match[str]) -> str:
        node: Any = context
        for part in match.group(1).split("."):
            node = node.get(part) if isinstance(node, Mapping) else None
            if node is None or node == "":
                return "-"
        if isinstance(node, bool):
            return "true" if node else "false"
        return str(node)

    return _VARIABLE.sub(value, line_format)
