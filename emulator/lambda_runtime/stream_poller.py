"""Reads a DynamoDB stream for an event source mapping and invokes the function with batches.

One task per shard, so a failing batch (retried in order, as AWS does) holds
back only its own shard. Streams are read only through the Streams provider's
operations (``describe_stream``, ``get_shard_iterator``, ``get_records``).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import orjson

from ..aws.context import RequestContext
from ..aws.errors import AwsError
from .event_source_mappings import EventSourceMapping
from .filter_patterns import compile_criteria

log = logging.getLogger("emulator.lambda.streams")

POLL_INTERVAL_S = 0.2
RETRY_DELAYS_S = (0.5, 1.0, 2.0, 4.0)

#: invoke(mapping, payload) -> (succeeded, response payload); raises AwsError when throttled or gone.
Deliver = Callable[[EventSourceMapping, bytes], Awaitable[tuple[bool, bytes]]]
#: Called after a shard's checkpoint moved, so that it gets saved.
Checkpointed = Callable[[], None]


class StreamPoller:
    def __init__(self, mapping: EventSourceMapping, streams: Any, deliver: Deliver, checkpointed: Checkpointed) -> None:
        self.mapping = mapping
        self.streams = streams
        self.deliver = deliver
        self.checkpointed = checkpointed
        self.ctx = RequestContext(region=mapping.region, account_id=mapping.account_id)
        self.matches = compile_criteria(mapping.filter_criteria)
        self._iterators: dict[str, str | None] = {}
        self._shard_tasks: dict[str, asyncio.Task[None]] = {}
        self._task: asyncio.Task[None] | None = None
        self._last_problem = ""

    def position(self) -> None:
        """Take each shard's starting iterator now, so that records written after create are seen.

        A shard read before (a restart, or re-enabling) resumes after its checkpoint.
        """
        for shard_id in self._shard_ids():
            if shard_id in self._iterators:
                continue
            request = {"StreamArn": self.mapping.event_source_arn, "ShardId": shard_id}
            checkpoint = self.mapping.checkpoints.get(shard_id)
            if checkpoint is not None:
                try:
                    answer = self.streams.get_shard_iterator(
                        self.ctx, {**request, "ShardIteratorType": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": checkpoint}
                    )
                    self._iterators[shard_id] = answer["ShardIterator"]
                    continue
                except AwsError:  # trimmed meanwhile: start over as configured
                    pass
            answer = self.streams.get_shard_iterator(self.ctx, {**request, "ShardIteratorType": self.mapping.starting_position})
            self._iterators[shard_id] = answer["ShardIterator"]

    def start(self) -> None:
        self.position()
        self._task = asyncio.create_task(self._watch_shards())

    async def stop(self) -> None:
        tasks = [t for t in (self._task, *self._shard_tasks.values()) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._shard_tasks.clear()
        # Iterators expire; starting again resumes from the checkpoints.
        self._iterators.clear()

    def refresh(self) -> None:
        """The mapping's settings changed (filters, batch size ...)."""
        self.matches = compile_criteria(self.mapping.filter_criteria)

    async def _watch_shards(self) -> None:
        while True:
            try:
                self.position()
            except AwsError as error:
                self._problem(f"cannot read {self.mapping.event_source_arn}: {error.message}")
            for shard_id, iterator in self._iterators.items():
                if shard_id not in self._shard_tasks and iterator is not None:
                    self._shard_tasks[shard_id] = asyncio.create_task(self._poll_shard(shard_id))
            await asyncio.sleep(5.0)

    def _shard_ids(self) -> list[str]:
        description = self.streams.describe_stream(self.ctx, {"StreamArn": self.mapping.event_source_arn})
        return [shard["ShardId"] for shard in description["StreamDescription"]["Shards"]]

    async def _poll_shard(self, shard_id: str) -> None:
        pending: list[dict[str, Any]] = []
        window_started = 0.0
        while True:
            iterator = self._iterators.get(shard_id)
            if iterator is None:
                return
            try:
                answer = self.streams.get_records(self.ctx, {"ShardIterator": iterator, "Limit": self.mapping.batch_size})
            except AwsError as error:  # an expired iterator, a deleted table ...
                self._problem(f"GetRecords failed: {error.message}")
                self._iterators.pop(shard_id, None)  # the watcher positions it again from the checkpoint
                self._shard_tasks.pop(shard_id, None)
                return
            self._iterators[shard_id] = answer.get("NextShardIterator")
            fresh = [self._event_record(r) for r in answer["Records"]]
            if fresh and not pending:
                window_started = time.monotonic()
            passed = [r for r in fresh if self.matches(r)]
            if fresh and not passed and not pending:
                self._checkpoint(shard_id, fresh[-1])  # all filtered out: done with them
            pending.extend(passed)
            window = self.mapping.maximum_batching_window_s
            full = len(pending) >= self.mapping.batch_size
            if pending and (full or time.monotonic() - window_started >= window):
                batch, pending = pending[: self.mapping.batch_size], pending[self.mapping.batch_size :]
                await self._deliver(batch)
                self._checkpoint(shard_id, batch[-1])
                continue
            if not answer["Records"]:
                await asyncio.sleep(POLL_INTERVAL_S)

    def _unexpired(self, batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Records younger than ``MaximumRecordAgeInSeconds`` (-1: no limit); older ones are discarded."""
        age = self.mapping.maximum_record_age_s
        if age < 0:
            return batch
        oldest = time.time() - age
        kept = [record for record in batch if _created_at(record) >= oldest]
        if len(kept) < len(batch):
            log.warning("event source mapping %s: %d records older than %d s discarded", self.mapping.uuid, len(batch) - len(kept), age)
        return kept

    def _problem(self, message: str) -> None:
        """Log once why the stream cannot be read.

        LastProcessingResult is left alone: AWS reports there what became of batches
        (a mapping of a deleted table still lists "No records processed").
        """
        if message != self._last_problem:
            self._last_problem = message
            log.warning("event source mapping %s: %s", self.mapping.uuid, message)

    def _checkpoint(self, shard_id: str, record: dict[str, Any]) -> None:
        self.mapping.checkpoints[shard_id] = record["dynamodb"]["SequenceNumber"]
        self.checkpointed()

    def _event_record(self, record: dict[str, Any]) -> dict[str, Any]:
        """A stream record as Lambda hands it to the function."""
        change = dict(record["dynamodb"])
        created = change.get("ApproximateCreationDateTime")
        # Lambda hands the function (and its filters) whole epoch seconds as a JSON float: 1728729367.0.
        if isinstance(created, dt.datetime):
            change["ApproximateCreationDateTime"] = float(int(created.timestamp()))
        elif isinstance(created, int | float):
            change["ApproximateCreationDateTime"] = float(int(created))
        event = {k: v for k, v in record.items() if k != "dynamodb"}
        identity = record.get("userIdentity")
        if identity is not None:
            # GetRecords spells it {PrincipalId, Type}; Lambda events (and their filters) use AWS's
            # documented {"type": "Service", "principalId": "dynamodb.amazonaws.com"} ("DynamoDB Streams and TTL").
            event["userIdentity"] = {"type": identity["Type"], "principalId": identity["PrincipalId"]}
        event["dynamodb"] = change
        event["eventSourceARN"] = self.mapping.event_source_arn
        return event

    async def _deliver(self, batch: list[dict[str, Any]]) -> None:
        """Invoke until the batch succeeds, is split (bisect), or runs out of retries."""
        mapping = self.mapping
        failures = 0
        while batch:
            batch = self._unexpired(batch)
            if not batch:
                return
            try:
                succeeded, response = await self.deliver(mapping, orjson.dumps({"Records": batch}))
            except AwsError as error:  # throttled, or the function is gone: wait, do not count
                log.info("event source mapping %s: invoke refused (%s); retrying", mapping.uuid, error.error_code)
                await asyncio.sleep(RETRY_DELAYS_S[-1])
                continue
            if succeeded:
                remaining = _reported_failures(mapping, batch, response)
                if not remaining:
                    mapping.last_processing_result = "OK"
                    return
                if len(remaining) < len(batch):
                    # The records before the first reported failure are done; AWS retries the rest
                    # as a new batch with retries of its own (LocalStack's AWS-validated snapshot
                    # test_lambda_integration_dynamodbstreams.snapshot.json::
                    # test_dynamodb_report_batch_item_failures: the failed record of a batch of 3
                    # arrives 5 times under MaximumRetryAttempts 3, approximateInvokeCount 4).
                    mapping.last_processing_result = "PROBLEM: Function call failed"
                    batch, failures = remaining, 0
                    continue
                batch = remaining
            mapping.last_processing_result = "PROBLEM: Function call failed"
            if mapping.bisect_batch_on_function_error and len(batch) > 1:
                half = len(batch) // 2
                await self._deliver(batch[:half])
                await self._deliver(batch[half:])
                return
            failures += 1
            if 0 <= mapping.maximum_retry_attempts < failures:
                log.warning(
                    "event source mapping %s: batch of %d records failed %d times; records discarded",
                    mapping.uuid, len(batch), failures,
                )  # fmt: skip
                return
            await asyncio.sleep(RETRY_DELAYS_S[min(failures, len(RETRY_DELAYS_S)) - 1])


def _created_at(record: dict[str, Any]) -> float:
    return float(record["dynamodb"].get("ApproximateCreationDateTime") or 0)


def _reported_failures(mapping: EventSourceMapping, batch: list[dict[str, Any]], response: bytes) -> list[dict[str, Any]]:
    """With ``ReportBatchItemFailures``, the records from the first one the function reported on.

    An empty or null answer (or ``batchItemFailures``) is a success; an item without an
    ``itemIdentifier`` naming a record of the batch (missing, null, empty, unknown) fails it all.
    """
    if "ReportBatchItemFailures" not in mapping.function_response_types:
        return []
    try:
        answer = orjson.loads(response) if response.strip() else None
    except ValueError:
        return batch
    if not answer:  # null, {} or [] (as AWS was recorded accepting)
        return []
    if not isinstance(answer, dict):
        return batch
    items = answer.get("batchItemFailures")
    if not items:
        return [] if items is None or isinstance(items, list) else batch
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        return batch
    failed = {item.get("itemIdentifier") for item in items}
    positions = [i for i, record in enumerate(batch) if record["dynamodb"].get("SequenceNumber") in failed]
    if len(positions) < len(failed):  # an identifier that names no record of the batch
        return batch
    return batch[positions[0]:]
