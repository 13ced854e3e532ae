"""CloudWatch Logs' operations, for Lambda's logs."""

from __future__ import annotations

from ..config import Settings


class LogsProvider:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
