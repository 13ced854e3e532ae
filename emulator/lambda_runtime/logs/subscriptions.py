"""Subscription filters: Put/Describe/DeleteSubscriptionFilter, and delivery of matching events to a function.

Delivery is as AWS makes it: matching events are gathered per log stream for a
moment, then the function is invoked asynchronously with
``{"awslogs": {"data": base64(gzip(json))}}``, the JSON a ``DATA_MESSAGE``
(AWS sends a Lambda destination no ``CONTROL_MESSAGE``). Only functions are
destinations in the emulator (a Kinesis or Firehose stream is answered as
one AWS cannot reach). A function subscribed to its own log group
would, on AWS, be invoked by the log of its own invocations without end: its
own output is not delivered back to it.
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import itertools
import logging
import re
from collections.abc import Iterable
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any

import orjson

from ...aws.context import RequestContext, new_request_id
from ...aws.errors import AwsError
from .base import (
    AccessDeniedException,
    InvalidParameterException,
    LimitExceededException,
    LogsOperations,
    ResourceNotFoundException,
    named,
    page,
)
from .filter import Matcher, PatternError, compile_filter
from .store import LogGroup, LogStream, now_ms

if TYPE_CHECKING:
    from ..functions import Function, Version
    from ..invoker import Invoker
    from ..registry import Registry

log = logging.getLogger("emulator.logs")

#: A log group has at most two subscription filters (a hard limit on AWS).
MAX_SUBSCRIPTION_FILTERS = 2
#: How long matching events gather before they are delivered together.
DELIVERY_INTERVAL_S = 0.2
#: Raw message bytes per delivery, so that the compressed, encoded event stays under Lambda's 256 KB Event limit.
MAX_BATCH_BYTES = 150_000
CANNOT_EXECUTE = "Could not execute the lambda function. Make sure you have given CloudWatch Logs permission to execute your function."
CROSS_ACCOUNT = (
    "Cross-account lambda invocation passing is not allowed. You must use DestinationPolicies to create cross account lambda triggers."
)
#: The stream a Lambda execution environment writes: ``YYYY/MM/DD/[version]guid``, its function's name before ``[`` in a shared group.
_LAMBDA_STREAM = re.compile(r"\d{4}/\d\d/\d\d/(?P<function>[^\[]*)\[")
#: AWS's answers when the test message cannot be delivered, by destination vendor.
_UNREACHABLE = {
    "kinesis": "Could not deliver test message to specified Kinesis stream. Check if the given kinesis stream is in ACTIVE state.",
    "firehose": "Could not deliver test message to specified Firehose stream. Check if the given Firehose stream is in ACTIVE state.",
    "logs": "Could not deliver test message to specified destination. Check if the destination is valid.",
}
_INVOKE_ACTIONS = frozenset({"lambda:InvokeFunction", "lambda:*", "*"})


class SubscriptionOperations(LogsOperations):
    delivery: SubscriptionDelivery

    def put_subscription_filter(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        destination = params["destinationArn"]
        _check_destination(ctx, destination, params.get("roleArn"))
        group = self._group(ctx, params)
        filters = group.subscription_filters
        name = params["filterName"]
        if name not in filters and len(filters) >= MAX_SUBSCRIPTION_FILTERS:
            raise LimitExceededException("Resource limit exceeded.")
        if destination.split(":")[2:3] != ["lambda"]:
            raise _unreachable(destination)
        self.delivery.check_permission(ctx, group, destination)
        pattern = params["filterPattern"]
        try:
            compile_filter(pattern)
        except PatternError:
            raise InvalidParameterException("Invalid subscription filter pattern") from None
        filters[name] = {
            "filterName": name,
            "logGroupName": group.name,
            "filterPattern": pattern,
            "destinationArn": destination,
            **({"roleArn": params["roleArn"]} if params.get("roleArn") else {}),
            "distribution": params.get("distribution") or "ByLogStream",
            "applyOnTransformedLogs": bool(params.get("applyOnTransformedLogs")),
            "creationTime": filters[name]["creationTime"] if name in filters else now_ms(),
            **{member: params[member] for member in ("fieldSelectionCriteria", "emitSystemFields") if member in params},
        }
        self.store.dirty = True
        return {}

    def describe_subscription_filters(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        group = self._group(ctx, params)
        prefix = params.get("filterNamePrefix") or ""
        found = sorted((f for f in group.subscription_filters.values() if f["filterName"].startswith(prefix)), key=_by_name)
        listed, token = page("subscriptionFilters", found, params, params.get("limit") or 50, named("filterName"))
        return {"subscriptionFilters": [dict(f) for f in listed], **({"nextToken": token} if token else {})}

    def delete_subscription_filter(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        group = self._group(ctx, params)
        if group.subscription_filters.pop(params["filterName"], None) is None:
            raise ResourceNotFoundException("The specified subscription filter does not exist.")
        self.store.dirty = True
        return {}


class SubscriptionDelivery:
    """Gathers the events each subscription filter matches and invokes its function with them."""

    def __init__(self) -> None:
        self.registry: Registry | None = None
        self.invoker: Invoker | None = None
        self._matchers: dict[str, Matcher] = {}
        #: (region, account, group, stream, filter name, destination) -> events waiting for delivery.
        self._pending: dict[tuple[str, str, str, str, str, str], list[tuple[int, str, int]]] = {}
        self._scheduled: asyncio.TimerHandle | None = None
        self._ids = itertools.count()

    def connect(self, registry: Registry, invoker: Invoker) -> None:
        """Lambda's functions become reachable as destinations."""
        self.registry, self.invoker = registry, invoker

    def reset(self) -> None:
        self._pending.clear()
        self._matchers.clear()
        if self._scheduled is not None:
            self._scheduled.cancel()
            self._scheduled = None

    # -- checks -----------------------------------------------------------------

    def check_permission(self, ctx: RequestContext, group: LogGroup, arn: str) -> None:
        """The function must exist and its policy let CloudWatch Logs invoke it for this group."""
        try:
            function, _ = self._function(group.region, group.account_id, arn)
        except (AwsError, LookupError):
            raise InvalidParameterException(CANNOT_EXECUTE) from None
        qualifier = arn.split(":")[7] if arn.count(":") > 6 else None
        resource = f"{function.arn}:{qualifier}" if qualifier and qualifier != "$LATEST" else function.arn
        if not any(_allows_logs(s, resource, group, ctx.region) for s in function.statements):
            raise InvalidParameterException(CANNOT_EXECUTE)

    def _function(self, region: str, account_id: str, arn: str) -> tuple[Function, Version]:
        if self.registry is None:
            raise LookupError("Lambda is not running")
        function, qualifier = self.registry.find(region, account_id, arn)
        return function, self.registry.version(function, qualifier)

    # -- delivery ---------------------------------------------------------------

    def on_events(
        self,
        group: LogGroup,
        stream: LogStream,
        stored: list[tuple[int, str, int]],
        ingested: list[tuple[int, str, int]],
        subscriptions: Iterable[dict[str, Any]],
    ) -> None:
        """Queue what each subscription (the group's filters, account subscription policies) matches: in
        the events as ingested, or as the group's transformer stored them for ``applyOnTransformedLogs``."""
        for subscription in subscriptions:
            pattern = subscription["filterPattern"]
            matches = self._matchers.get(pattern)
            if matches is None:
                matches = self._matchers[pattern] = compile_filter(pattern)
            events = stored if subscription.get("applyOnTransformedLogs") else ingested
            chosen = [e for e in events if matches(e[1])]
            if chosen:
                key = (group.region, group.account_id, group.name, stream.name, subscription["filterName"], subscription["destinationArn"])
                self._pending.setdefault(key, []).extend(chosen)
        if self._pending and self._scheduled is None:
            self._scheduled = asyncio.get_running_loop().call_later(DELIVERY_INTERVAL_S, self._deliver)

    def _deliver(self) -> None:
        self._scheduled = None
        pending, self._pending = self._pending, {}
        for (region, account, group_name, stream_name, filter_name, arn), events in pending.items():
            try:
                function, version = self._function(region, account, arn)
            except (AwsError, LookupError) as error:
                log.warning("subscription filter %s of %s: %s not reached: %s", filter_name, group_name, arn, error)
                continue
            if _written_by(function, version.config, group_name, stream_name):
                continue
            for batch in _batches(events):
                message = {  # in the order AWS writes it
                    "owner": account,
                    "logGroup": group_name,
                    "logStream": stream_name,
                    "subscriptionFilters": [filter_name],
                    "messageType": "DATA_MESSAGE",
                    "logEvents": [{"id": self._event_id(e[0]), "timestamp": e[0], "message": e[1]} for e in batch],
                }
                data = base64.b64encode(gzip.compress(orjson.dumps(message), compresslevel=6)).decode()
                payload = orjson.dumps({"awslogs": {"data": data}})
                self.invoker.enqueue(function, version, payload, new_request_id())  # type: ignore[union-attr]

    def _event_id(self, timestamp: int) -> str:
        """A 56-digit id, unique, as AWS's event ids look."""
        return f"{timestamp:020d}{next(self._ids):036d}"


def _check_destination(ctx: RequestContext, arn: str, role_arn: str | None) -> None:
    """What AWS checks of the destination before anything else (even before the log group exists)."""
    parts = arn.split(":")
    vendor = parts[2] if len(parts) > 5 and parts[0] == "arn" else ""
    if vendor == "lambda":
        if parts[4] != ctx.account_id:
            raise AccessDeniedException(CROSS_ACCOUNT)
        return
    if vendor in ("kinesis", "firehose") and not role_arn:
        raise InvalidParameterException(f"destinationArn for vendor {vendor} cannot be used without roleArn")


def _unreachable(arn: str) -> InvalidParameterException:
    """What AWS answers for a destination its test message cannot reach: the emulator has no
    Kinesis or Firehose streams and no cross-account destinations, so none ever exists."""
    vendor = arn.split(":")[2] if arn.count(":") > 4 else ""
    return InvalidParameterException(_UNREACHABLE.get(vendor, _UNREACHABLE["logs"]))


def _allows_logs(statement: dict[str, Any], resource: str, group: LogGroup, region: str) -> bool:
    """Whether a resource-policy statement lets CloudWatch Logs invoke ``resource`` for ``group``."""
    principal = statement.get("Principal")
    service = principal.get("Service") if isinstance(principal, dict) else principal
    if service not in ("*", "logs.amazonaws.com", f"logs.{region}.amazonaws.com"):
        return False
    if statement.get("Effect") != "Allow" or statement.get("Action") not in _INVOKE_ACTIONS or statement.get("Resource") != resource:
        return False
    condition = statement.get("Condition") or {}
    source_arn = (condition.get("ArnLike") or {}).get("AWS:SourceArn")
    if source_arn and not any(fnmatchcase(candidate, source_arn) for candidate in (group.arn, f"{group.arn}:*")):
        return False
    source_account = (condition.get("StringEquals") or {}).get("AWS:SourceAccount")
    return not source_account or source_account == group.account_id


def _written_by(function: Function, config: dict[str, Any], group_name: str, stream_name: str) -> bool:
    """Whether a stream holds the function's own output (a stream its execution environments write)."""
    own_group = (config.get("LoggingConfig") or {}).get("LogGroup") or f"/aws/lambda/{function.name}"
    if group_name != own_group:
        return False
    found = _LAMBDA_STREAM.match(stream_name)
    return found is not None and found["function"] in ("", function.name)


def _batches(events: list[tuple[int, str, int]]) -> list[list[tuple[int, str, int]]]:
    """Events split so that each delivery stays within an ``Event`` invocation's payload limit."""
    batches: list[list[tuple[int, str, int]]] = [[]]
    size = 0
    for event in events:
        cost = len(event[1].encode()) + 100
        if batches[-1] and size + cost > MAX_BATCH_BYTES:
            batches.append([])
            size = 0
        batches[-1].append(event)
        size += cost
    return batches


def _by_name(subscription: dict[str, Any]) -> str:
    return subscription["filterName"]
