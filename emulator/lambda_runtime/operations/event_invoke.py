"""Put/Get/Update/Delete/ListFunctionEventInvokeConfig(s): retries and event age for asynchronous invokes."""

from __future__ import annotations

import time
from typing import Any

from ...aws.context import RequestContext
from ..errors import ResourceNotFoundException
from ..functions import LATEST, Function
from .base import LambdaOperations, page

_MEMBERS = ("MaximumRetryAttempts", "MaximumEventAgeInSeconds", "DestinationConfig")


class EventInvokeOperations(LambdaOperations):
    def put_function_event_invoke_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, qualifier = self._target(ctx, params)
        config = {member: params[member] for member in _MEMBERS if params.get(member) is not None}
        return self._store(function, qualifier, config)

    def update_function_event_invoke_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, qualifier = self._target(ctx, params)
        config = dict(function.event_invoke_configs.get(qualifier, {}))
        config.update({member: params[member] for member in _MEMBERS if params.get(member) is not None})
        return self._store(function, qualifier, config)

    def get_function_event_invoke_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, qualifier = self._target(ctx, params)
        config = function.event_invoke_configs.get(qualifier)
        if config is None:
            raise ResourceNotFoundException(f"The function {function.arn}:{qualifier} doesn't have an EventInvokeConfig")
        return _describe(function, qualifier, config)

    def delete_function_event_invoke_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, qualifier = self._target(ctx, params)
        if function.event_invoke_configs.pop(qualifier, None) is None:
            raise ResourceNotFoundException(f"The function {function.arn}:{qualifier} doesn't have an EventInvokeConfig")
        self.registry.save()
        return {}

    def list_function_event_invoke_configs(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.registry.find(ctx.region, ctx.account_id, params["FunctionName"])
        configs = [_describe(function, q, c) for q, c in function.event_invoke_configs.items()]
        found, marker = page(configs, params)
        return {"FunctionEventInvokeConfigs": found, **({"NextMarker": marker} if marker else {})}

    def _target(self, ctx: RequestContext, params: dict[str, Any]) -> tuple[Function, str]:
        function, qualifier = self.registry.find(ctx.region, ctx.account_id, params["FunctionName"], params.get("Qualifier"))
        self.registry.version(function, qualifier)
        return function, qualifier or LATEST

    def _store(self, function: Function, qualifier: str, config: dict[str, Any]) -> dict[str, Any]:
        config["LastModified"] = time.time()
        function.event_invoke_configs[qualifier] = config
        self.registry.save()
        return _describe(function, qualifier, config)


def _describe(function: Function, qualifier: str, config: dict[str, Any]) -> dict[str, Any]:
    return {"FunctionArn": f"{function.arn}:{qualifier}", **config}
