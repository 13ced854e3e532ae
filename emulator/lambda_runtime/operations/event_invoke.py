"""Put/Get/Update/Delete/ListFunctionEventInvokeConfig(s): retries and event age for asynchronous invokes."""

from __future__ import annotations

import time
from typing import Any

from ...aws.context import RequestContext
from ..errors import InvalidParameterValueException, ResourceNotFoundException
from ..functions import LATEST, Function
from .base import LambdaOperations, page

_MEMBERS = ("MaximumRetryAttempts", "MaximumEventAgeInSeconds", "DestinationConfig")


class EventInvokeOperations(LambdaOperations):
    def put_function_event_invoke_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        given = _given(params)
        function, qualifier = self._target(ctx, params)
        return self._store(function, qualifier, given)

    def update_function_event_invoke_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        given = _given(params)
        function, qualifier = self._target(ctx, params)
        config = function.event_invoke_configs.get(qualifier)
        if config is None:
            raise _no_config(function, qualifier)
        return self._store(function, qualifier, {**config, **given})

    def get_function_event_invoke_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, qualifier = self._target(ctx, params)
        config = function.event_invoke_configs.get(qualifier)
        if config is None:
            raise _no_config(function, qualifier)
        return _describe(function, qualifier, config)

    def delete_function_event_invoke_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, qualifier = self._target(ctx, params)
        if function.event_invoke_configs.pop(qualifier, None) is None:
            raise _no_config(function, qualifier)
        self.registry.save()
        return {}

    def list_function_event_invoke_configs(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self._target(ctx, params)
        configs = [_describe(function, q, c) for q, c in function.event_invoke_configs.items()]
        found, marker = page(configs, params)
        return {"FunctionEventInvokeConfigs": found, **({"NextMarker": marker} if marker else {})}

    def _target(self, ctx: RequestContext, params: dict[str, Any]) -> tuple[Function, str]:
        """The function and qualifier named; AWS words a missing one its own way here."""
        try:
            function, qualifier = self.registry.find(
                ctx.region, ctx.account_id, params["FunctionName"], params.get("Qualifier")
            )
            self.registry.version(function, qualifier)
        except ResourceNotFoundException:
            raise ResourceNotFoundException("The function doesn't exist.") from None
        return function, qualifier or LATEST

    def _store(self, function: Function, qualifier: str, config: dict[str, Any]) -> dict[str, Any]:
        config["LastModified"] = time.time()
        function.event_invoke_configs[qualifier] = config
        self.registry.save()
        return _describe(function, qualifier, config)


def _given(params: dict[str, Any]) -> dict[str, Any]:
    given = {member: params[member] for member in _MEMBERS if params.get(member) is not None}
    if not given:
        raise InvalidParameterValueException("You must specify at least one of error handling or destination setting.")
    return given


def _no_config(function: Function, qualifier: str) -> ResourceNotFoundException:
    return ResourceNotFoundException(f"The function {function.arn}:{qualifier} doesn't have an EventInvokeConfig")


def _describe(function: Function, qualifier: str, config: dict[str, Any]) -> dict[str, Any]:
    """AWS always shows both destinations, empty when not set."""
    destinations = {"OnSuccess": {}, "OnFailure": {}, **config.get("DestinationConfig", {})}
    return {"FunctionArn": f"{function.arn}:{qualifier}", **config, "DestinationConfig": destinations}
