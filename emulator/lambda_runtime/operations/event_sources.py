"""Event source mappings for DynamoDB streams: Create/Get/List/Update/Delete, and their pollers."""

from __future__ import annotations

import time
from typing import Any

from ...aws.context import RequestContext, new_request_id
from ...aws.errors import AwsError
from ..configuration import refuse_if_tenant_isolated
from ..errors import (
    InvalidParameterValueException,
    ResourceConflictException,
    ResourceNotFoundException,
    resource_not_found,
)
from ..event_source_mappings import EventSourceMapping
from ..filter_patterns import compile_criteria
from ..functions import Function
from ..stream_poller import StreamPoller
from .access import check_tag_count
from .base import MAX_MAPPINGS_PAGE, LambdaOperations, page

MAX_DYNAMODB_BATCH = 10_000
#: MaximumRecordAgeInSeconds: -1 (forever), or this range; the model allows 0..59 too, the service not.
RECORD_AGE_RANGE = range(60, 604_801)
#: Members UpdateEventSourceMapping may change, and the mapping's attribute for each.
_SETTABLE = {
    "BatchSize": "batch_size",
    "MaximumBatchingWindowInSeconds": "maximum_batching_window_s",
    "FilterCriteria": "filter_criteria",
    "MaximumRetryAttempts": "maximum_retry_attempts",
    "MaximumRecordAgeInSeconds": "maximum_record_age_s",
    "BisectBatchOnFunctionError": "bisect_batch_on_function_error",
    "ParallelizationFactor": "parallelization_factor",
    "FunctionResponseTypes": "function_response_types",
    "DestinationConfig": "destination_config",
    "TumblingWindowInSeconds": "tumbling_window_s",
}


class EventSourceOperations(LambdaOperations):
    def create_event_source_mapping(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        # Checked in AWS's order: the request's own members, then the function, the stream, duplicates.
        source = params.get("EventSourceArn") or ""
        _check_settings(params)
        if not source:
            raise InvalidParameterValueException("Unrecognized event source.")
        if ":dynamodb:" not in source or "/stream/" not in source:
            if source.startswith(("arn:aws:sqs:", "arn:aws:kinesis:")):
                # Sources AWS serves but the emulator does not: AWS names a missing function first.
                self._target_arn(ctx, params["FunctionName"])
                raise InvalidParameterValueException(
                    f"Unrecognized event source: {source.split(':')[2]} is not emulated, only DynamoDB streams are."
                )
            raise InvalidParameterValueException("Unrecognized event source, must be kinesis, dynamodb stream or sqs.")
        if not params.get("StartingPosition"):
            raise InvalidParameterValueException(
                "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: "
                "Member must not be null."
            )
        _check_starting_position(source, params)
        if params.get("FilterCriteria") is not None:
            compile_criteria(params["FilterCriteria"])
        function_arn = self._target_arn(ctx, params["FunctionName"])
        try:
            self.streams.describe_stream(ctx, {"StreamArn": source})
        except AwsError:
            raise InvalidParameterValueException(f"Stream not found: {source}") from None
        for existing in self.registry.mappings.values():
            if existing.event_source_arn == source and existing.function_arn == function_arn:
                raise ResourceConflictException(
                    f'The event source arn (" {source} ") and function (" {function_arn.split(":")[6]} ") provided mapping '
                    f"already exists. Please update or delete the existing mapping with UUID {existing.uuid}"
                )
        mapping = EventSourceMapping(ctx.region, ctx.account_id, source, function_arn, params["StartingPosition"])
        mapping.last_modified = _now()
        self._apply(mapping, params)
        mapping.enabled = params.get("Enabled", True)
        self.registry.mappings[mapping.uuid] = mapping
        if params.get("Tags"):
            check_tag_count(params["Tags"])
            self.registry.resource_tags[mapping.arn] = dict(params["Tags"])
        poller = self.pollers[mapping.uuid] = StreamPoller(mapping, self.streams, self.deliver_batch, self.registry.save_soon)
        if mapping.enabled:
            poller.start()
        self.registry.save()
        return mapping.describe("Creating")

    def get_event_source_mapping(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return self._mapping(ctx, params["UUID"]).describe()

    def list_event_source_mappings(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        source = params.get("EventSourceArn")
        function_arn = self._function_arn(ctx, params["FunctionName"]) if params.get("FunctionName") else None
        listed = [
            m.describe()
            for m in self.registry.mappings.values()
            if m.region == ctx.region
            and (source is None or m.event_source_arn == source)
            and (function_arn is None or m.function_arn == function_arn)
        ]
        found, marker = page("event-source-mappings", listed, params, identity=lambda mapping: mapping["UUID"], cap=MAX_MAPPINGS_PAGE)
        return {"EventSourceMappings": found, **({"NextMarker": marker} if marker else {})}

    async def update_event_source_mapping(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        mapping = self._mapping(ctx, params["UUID"])
        function_arn = self._target_arn(ctx, params["FunctionName"]) if params.get("FunctionName") else None
        self._apply(mapping, params)  # validates everything before changing anything
        if function_arn is not None:
            mapping.function_arn = function_arn
        mapping.last_modified = _now()
        poller = self.pollers[mapping.uuid]
        poller.refresh()
        state = "Updating"
        if params.get("Enabled") is not None and params["Enabled"] != mapping.enabled:
            mapping.enabled = params["Enabled"]
            if mapping.enabled:
                state = "Enabling"
                poller.start()
            else:
                state = "Disabling"
                await poller.stop()
        self.registry.save()
        return mapping.describe(state)

    async def delete_event_source_mapping(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        mapping = self._mapping(ctx, params["UUID"])
        del self.registry.mappings[mapping.uuid]
        self.registry.resource_tags.pop(mapping.arn, None)
        poller = self.pollers.pop(mapping.uuid, None)
        if poller is not None:
            await poller.stop()
        self.registry.save()
        return mapping.describe("Deleting")

    # -- delivery (what the pollers call) ---------------------------------------

    async def deliver_batch(self, mapping: EventSourceMapping, payload: bytes) -> tuple[bool, bytes]:
        function, qualifier = self.registry.find(mapping.region, mapping.account_id, mapping.function_arn)
        version = self.invoker.select(function, qualifier)
        result = await self.invoker.run(function, version, payload, request_id=new_request_id())
        return result.function_error is None, result.payload

    async def start_pollers(self) -> None:
        for mapping in self.registry.mappings.values():
            poller = self.pollers[mapping.uuid] = StreamPoller(mapping, self.streams, self.deliver_batch, self.registry.save_soon)
            if mapping.enabled:
                try:
                    poller.start()
                except AwsError as error:
                    mapping.last_processing_result = f"PROBLEM: {error.message}"

    async def stop_pollers(self) -> None:
        for poller in self.pollers.values():
            await poller.stop()
        self.pollers.clear()

    # -- helpers --------------------------------------------------------------

    def _mapping(self, ctx: RequestContext, uuid: str) -> EventSourceMapping:
        """The mapping ``uuid`` of the caller's region (another region's is not found, as on AWS)."""
        mapping = self.registry.mappings.get(uuid)
        if mapping is None or mapping.region != ctx.region:
            raise resource_not_found()
        return mapping

    def _target_arn(self, ctx: RequestContext, name: str) -> str:
        """The function a mapping invokes; an unknown one is a bad parameter, not a missing resource,
        and a tenant-isolated one cannot be a mapping's."""
        try:
            function, arn = self._function(ctx, name)
        except ResourceNotFoundException:
            raise InvalidParameterValueException("Function does not exist") from None
        refuse_if_tenant_isolated(function.latest.config, "Event source mapping")
        return arn

    def _function_arn(self, ctx: RequestContext, name: str) -> str:
        return self._function(ctx, name)[1]

    def _function(self, ctx: RequestContext, name: str) -> tuple[Function, str]:
        """The function ``name`` names, and its ARN qualified as given."""
        function, qualifier = self.find(ctx, name)
        if qualifier is not None:
            self.registry.version(function, qualifier)
        return function, f"{function.arn}:{qualifier}" if qualifier else function.arn

    @staticmethod
    def _apply(mapping: EventSourceMapping, params: dict[str, Any]) -> None:
        _check_settings(params)
        if params.get("FilterCriteria") is not None:
            compile_criteria(params["FilterCriteria"])  # rejects a bad pattern before anything changes
        for member, attribute in _SETTABLE.items():
            if params.get(member) is not None:
                setattr(mapping, attribute, params[member])


def _check_starting_position(source: str, params: dict[str, Any]) -> None:
    """DynamoDB streams start at TRIM_HORIZON or LATEST; a timestamp goes only with AT_TIMESTAMP."""
    position = params["StartingPosition"]
    if params.get("StartingPositionTimestamp") is not None and position != "AT_TIMESTAMP":
        raise InvalidParameterValueException("Timestamp only valid with StartingPosition AT_TIMESTAMP")
    if position == "AT_TIMESTAMP":
        raise InvalidParameterValueException(f"Unsupported starting position for arn type: {source}")


def _check_settings(params: dict[str, Any]) -> None:
    """The checks that Create and Update share, on members the model's ranges let through."""
    if (params.get("DestinationConfig") or {}).get("OnSuccess") is not None:
        raise InvalidParameterValueException("Unsupported DestinationConfig parameter for given event source mapping type.")
    if params.get("BatchSize") is not None and params["BatchSize"] > MAX_DYNAMODB_BATCH:
        raise InvalidParameterValueException(
            f"BatchSize must be less than or equal to {MAX_DYNAMODB_BATCH} for DynamoDB Streams event sources."
        )
    age = params.get("MaximumRecordAgeInSeconds")
    if age is not None and age != -1 and age not in RECORD_AGE_RANGE:
        raise InvalidParameterValueException(
            "MaximumRecordAgeInSeconds must be either -1 (forever) or between 60 and 604800 (inclusive)"
        )


def _now() -> float:
    """A mapping's LastModified: epoch seconds to the millisecond, as Lambda writes it."""
    return round(time.time(), 3)
