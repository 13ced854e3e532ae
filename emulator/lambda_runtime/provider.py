"""Lambda's operations (the provider): the operation groups in ``operations/`` over one registry.

``invoke_function`` (from ``InvokeOperations``) is what API Gateway calls for
every proxied request.
"""

from __future__ import annotations

from typing import Any

from ..config import Settings
from .invoker import Invoker
from .logs_provider import LogsProvider
from .operations.access import AccessOperations
from .operations.functions import FunctionOperations
from .operations.invoke import InvokeOperations
from .operations.layers import LayerOperations
from .operations.versions import VersionOperations
from .registry import Registry


class LambdaProvider(FunctionOperations, VersionOperations, LayerOperations, AccessOperations, InvokeOperations):
    def __init__(self, settings: Settings, *, logs: LogsProvider, streams: Any) -> None:
        self.settings = settings
        self.logs = logs
        self.streams = streams
        self.registry = Registry(settings)
        self.invoker = Invoker(settings, self.registry, logs.store)

    async def start(self) -> None:
        await self.invoker.start()

    async def stop(self) -> None:
        await self.invoker.stop()
        self.registry.close()

    def reset(self) -> None:
        self.invoker.reset()
        self.registry.clear()
