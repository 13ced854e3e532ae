"""The document a transformer builds from one log event, and its dotted key paths.

Processors read and write keys as paths (``outer.inner``, at most three levels
deep, as AWS limits them); ``@message`` names the raw message, which is not part
of the document. The metadata keys copyValue may read name the event's group,
stream, account and region.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MESSAGE = "@message"


class ProcessorFailed(Exception):
    """A processor could not apply to this event: the event is kept as it came."""


@dataclass(slots=True)
class Record:
    message: str
    document: dict[str, Any] = field(default_factory=dict)
    #: @logGroupName, @logGroupStream, @accountId and @regionName, when the event has a group.
    metadata: dict[str, str] = field(default_factory=dict)

    def get(self, path: str) -> Any:
        """The value at ``path``; None when absent."""
        if path == MESSAGE:
            return self.message
        if path in self.metadata:
            return self.metadata[path]
        node: Any = self.document
        for part in path.split("."):
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        return node

    def has(self, path: str) -> bool:
        parent, last = self._parent(path, create=False)
        return parent is not None and last in parent

    def set(self, path: str, value: Any, overwrite: bool = True) -> None:
        """Put ``value`` at ``path``, making the objects on the way; an existing key is kept unless ``overwrite``."""
        parent, last = self._parent(path, create=True)
        if parent is None:
            raise ProcessorFailed(f"{path} is under a value that is not an object")
        if overwrite or last not in parent:
            parent[last] = value

    def pop(self, path: str) -> Any:
        parent, last = self._parent(path, create=False)
        if parent is None or last not in parent:
            return None
        return parent.pop(last)

    def _parent(self, path: str, create: bool) -> tuple[dict[str, Any] | None, str]:
        *heads, last = path.split(".")
        node: Any = self.document
        for part in heads:
            child = node.get(part)
            if child is None and create:
                child = node[part] = {}
            if not isinstance(child, dict):
                return None, last
            node = child
        return node, last
