"""Put/Get/Update/Delete/ListFunctionEventInvokeConfig(s): retries and event age for asynchronous invokes."""

from __future__ import annotations

import time
from typing import Any

from ...aws.context import RequestContext
from ..errors import InvalidParameterValueException, ResourceNotFoundException
from ..functions import LATEST, Function
from ..names import parse_function_name
from .base import LambdaOperations, check_region, page

_MEMBERS = ("MaximumRetryAttempts", "MaximumEventAgeInSeconds", "DestinationConfig")
#: Destinations other than functions that AWS accepts.
_QUEUE_LIKE_SERVICES = frozenset({"sqs", "sns", "events"})


class EventInvokeOperations(LambdaOperations):
    def put_function_event_invoke_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        given = _given(params)
        function, qualifier = self._target(ctx, params)
        self._check_destinations(function, given.get("DestinationConfig") or {})
        return self._store(function, qualifier, given)

    def update_function_event_invoke_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        given = _given(params)
        function, qualifier = self._target(ctx, params)
        config = function.event_invoke_configs.get(qualifier)
        if config is None:
            raise _no_config(function, qualifier)
        self._check_destinations(function, given.get("DestinationConfig") or {})
        return self._store(function, qualifier, {**config, **given})

    def get_function_event_invoke_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, qualifier = self._configured(ctx, params)
        return _describe(function, qualifier, function.event_invoke_configs[qualifier])

    def delete_function_event_invoke_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, qualifier = self._configured(ctx, params)
        del function.event_invoke_configs[qualifier]
        self.registry.save()
        return {}

    def list_function_event_invoke_configs(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self._target(ctx, params)
        configs = [_describe(function, q, c) for q, c in function.event_invoke_configs.items()]
        found, marker = page("event-invoke-configs", configs, params, identity=lambda config: config["FunctionArn"])
        return {"FunctionEventInvokeConfigs": found, **({"NextMarker": marker} if marker else {})}

    def _target(self, ctx: RequestContext, params: dict[str, Any]) -> tuple[Function, str]:
        """The function and qualifier named; AWS words a missing one its own way here."""
        check_region(ctx, parse_function_name(params["FunctionName"], params.get("Qualifier")))
        try:
            function, qualifier = self.registry.find(
                ctx.region, ctx.account_id, params["FunctionName"], params.get("Qualifier")
            )
            self.registry.version(function, qualifier)
        except ResourceNotFoundException:
            raise ResourceNotFoundException("The function doesn't exist.") from None
        return function, qualifier or LATEST

    def _check_destinations(self, function: Function, destinations: dict[str, Any]) -> None:
        """AWS's checks: a function destination must exist and not be the function itself; other
        destinations must be queues, topics or event buses."""
        on_success = (destinations.get("OnSuccess") or {}).get("Destination")
        on_failure = (destinations.get("OnFailure") or {}).get("Destination")
        unsupported = False
        for arn in (on_failure, on_success):
            if not arn:
                continue
            service = arn.split(":")[2] if arn.count(":") >= 2 else ""
            if service == "lambda":
                ref = parse_function_name(arn)
                if ref.name not in self.registry.functions.get(ref.region or function.region, {}):
                    raise InvalidParameterValueException(f"The destination ARN {arn} is invalid.")
                if ref.name == function.name:
                    raise InvalidParameterValueException("You can't specify the function as a destination for itself.")
            elif service not in _QUEUE_LIKE_SERVICES:
                unsupported = True
        if unsupported:
            success = f"OnSuccess(destination={on_success})" if on_success else "null"
            failure = f"OnFailure(destination={on_failure})" if on_failure else "null"
            raise InvalidParameterValueException(
                f"The provided destination config DestinationConfig(onSuccess={success}, onFailure={failure}) is invalid."
            )

    def _configured(self, ctx: RequestContext, params: dict[str, Any]) -> tuple[Function, str]:
        """The function and qualifier of an existing config; AWS names the missing config, function or not."""
        ref = parse_function_name(params["FunctionName"], params.get("Qualifier"))
        check_region(ctx, ref)
        region, qualifier = ref.region or ctx.region, ref.qualifier or LATEST
        function = self.registry.functions.get(region, {}).get(ref.name)
        if function is None or qualifier not in function.event_invoke_configs:
            arn = f"arn:aws:lambda:{region}:{ctx.account_id}:function:{ref.name}:{qualifier}"
            raise ResourceNotFoundException(f"The function {arn} doesn't have an EventInvokeConfig")
        return function, qualifier

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
    """Update's error for a function without a config (Get and Delete build theirs in ``_configured``)."""
    return ResourceNotFoundException(f"The function {function.arn}:{qualifier} doesn't have an EventInvokeConfig")


def _describe(function: Function, qualifier: str, config: dict[str, Any]) -> dict[str, Any]:
    """AWS always shows both destinations, empty when not set."""
    destinations = {"OnSuccess": {}, "OnFailure": {}, **config.get("DestinationConfig", {})}
    return {"FunctionArn": f"{function.arn}:{qualifier}", **config, "DestinationConfig": destinations}
