"""Lambda's operations (the provider): the operation groups in ``operations/`` over one registry.

``invoke_function`` (from ``InvokeOperations``) is what API Gateway calls for
every proxied request.
"""

from __future__ import annotations

from typing import Any

from ..aws.wording import EnumRule, ValidationStyle
from ..config import Settings
from .configuration import DEPRECATED_RUNTIMES
from .durable.runner import DurableRunner
from .invoker import Invoker
from .logs.provider import LogsProvider
from .operations.access import AccessOperations
from .operations.capacity_providers import CapacityProviderOperations
from .operations.code_signing import CodeSigningOperations
from .operations.durable import DurableOperations
from .operations.event_invoke import EventInvokeOperations
from .operations.event_sources import EventSourceOperations
from .operations.function_settings import FunctionSettingsOperations
from .operations.function_urls import FunctionUrlOperations
from .operations.functions import FunctionOperations
from .operations.invoke import InvokeOperations
from .operations.layers import LayerOperations
from .operations.provisioned import ProvisionedConcurrencyOperations
from .operations.versions import VersionOperations
from .registry import Registry
from .stream_poller import StreamPoller

#: Runtimes in botocore's model that AWS does not list among those it accepts (yet).
_NOT_ACCEPTED_YET = frozenset(
    {"custom", "nodejs26.x", "python3.15", "java8.al2023", "java11.al2023", "java17.al2023"}
)


class LambdaProvider(
    FunctionOperations,
    VersionOperations,
    LayerOperations,
    AccessOperations,
    InvokeOperations,
    EventInvokeOperations,
    EventSourceOperations,
    FunctionSettingsOperations,
    CodeSigningOperations,
    FunctionUrlOperations,
    ProvisionedConcurrencyOperations,
    CapacityProviderOperations,
    DurableOperations,
):
    #: Lambda answers an unknown runtime with its own error: no count, no quotes, the
    #: runtimes it accepts in its (Java HashSet) order, "or be a valid ARN".
    validation_style = ValidationStyle(
        enum_rules={
            "Runtime": EnumRule(
                java_set_order=True,
                hidden=DEPRECATED_RUNTIMES | _NOT_ACCEPTED_YET,
                error_code="InvalidParameterValueException",
                suffix=" or be a valid ARN",
                fields={"Type": "User"},
            ),
            # StartingPosition, in the order AWS's recorded ValidationException lists it.
            "EventSourcePosition": EnumRule(listed=("LATEST", "AT_TIMESTAMP", "TRIM_HORIZON")),
            # InvokeMode, as AWS listed it on 2025-11-24 (LocalStack's snapshot test_lambda_url_invalid_invoke_mode).
            "InvokeMode": EnumRule(listed=("RESPONSE_STREAM", "BUFFERED")),
        },
        list_members_required=True,
    )

    def __init__(self, settings: Settings, *, logs: LogsProvider, streams: Any) -> None:
        self.settings = settings
        self.logs = logs
        self.streams = streams
        self.registry = Registry(settings)
        self.invoker = Invoker(settings, self.registry, logs.store)
        self.durable = DurableRunner(self.registry, self.invoker)
        logs.connect_functions(self.registry, self.invoker)  # subscription filters deliver to functions
        self.pollers: dict[str, StreamPoller] = {}
        self.url_index: dict[str, tuple[str, str, str]] = {}

    async def start(self) -> None:
        await self.invoker.start()
        await self.start_pollers()
        self.durable.start()

    async def stop(self) -> None:
        await self.stop_pollers()
        await self.durable.stop()
        await self.invoker.stop()
        self.registry.close()

    def code_archive(self, digest: str) -> bytes | None:
        """The zip a ``Code.Location`` URL (``/_emulator/lambda/code/{digest}.zip``) names, for the app to serve."""
        return self.registry.code.archive(digest)

    async def reset(self) -> None:
        await self.stop_pollers()
        await self.durable.reset()
        self.invoker.reset()
        self.registry.clear()
        self.url_index.clear()
