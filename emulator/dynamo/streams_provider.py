"""DynamoDB Streams' operations, and the lifecycle of DynamoDB's durable state.

The app starts this provider after the DynamoDB provider, so ``start()`` is
where the store is recovered from the data directory, journalled from then
on, and where the streams, the TTL sweeper and the snapshot timer begin.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from ..aws.context import RequestContext
from ..aws.errors import AwsError, ValidationException
from .backups import BackupCatalog, attach, replayer
from .changes import Change
from .errors import ResourceNotFoundException
from .persistence import Persistence, barrier
from .persistence.store_view import StoreView
from .provider import DynamoDBProvider
from .streams import (
    RETENTION_S,
    ShardPosition,
    Stream,
    StreamStore,
    format_sequence,
    parse_sequence,
    record_sequence,
)
from .streams.iterators import decode, encode
from .ttl import TtlSweeper

log = logging.getLogger("emulator.dynamo.streams")

#: GetRecords answers at most this much data, as AWS does.
MAX_RESPONSE_BYTES = 1024 * 1024
MAX_RECORDS = 1000
#: TrimmedDataAccessException's message as consumers of AWS report it (the API reference adds a period).
TRIMMED = "The data you are trying to access has been trimmed"


class TrimmedDataAccessException(AwsError):
    pass


class DynamoDBStreamsProvider:
    def __init__(self, dynamodb: DynamoDBProvider) -> None:
        self.dynamodb = dynamodb
        self.settings = dynamodb.settings
        self.streams = StreamStore()
        self.backups = BackupCatalog()
        attach(dynamodb, self.backups)
        self.persistence: Persistence | None = None
        self.ttl: TtlSweeper | None = None
        self._snapshots: asyncio.Task[None] | None = None

    # -- lifecycle ---------------------------------------------------------

    async def start(self) -> None:
        store = StoreView(self.dynamodb.store)
        self.ttl = TtlSweeper(store, self.settings.ttl_interval)
        self.backups.replayer = replayer(store.tables)
        if not self.settings.in_memory:
            self.persistence = Persistence(
                self.settings.data_dir,
                self.settings.durability,
                store,
                components=[self.streams, self.backups],
                on_replay=self._on_replay,
                wants_old_image=self.streams.wants_old_image,
            )
            self.persistence.open()
            self.backups.journal = self.persistence.append
            barrier.register(self.dynamodb, self.persistence)
            self._snapshots = asyncio.get_running_loop().create_task(self._snapshot_periodically())
        store.subscribe(self._on_change)
        self.ttl.seed()
        self.ttl.start()

    def _on_replay(self, change: Change) -> None:
        self.streams.on_change(change)
        self.backups.on_change(change)

    def _on_change(self, change: Change) -> None:
        self.streams.on_change(change)
        self.backups.on_change(change)
        assert self.ttl is not None
        self.ttl.on_change(change)

    async def stop(self) -> None:
        if self.ttl is not None:
            await self.ttl.stop()
        if self._snapshots is not None:
            self._snapshots.cancel()
            self._snapshots = None
        if self.persistence is not None:
            barrier.register(self.dynamodb, None)
            self.persistence.close(final_snapshot=True)
            self.persistence = None

    def reset(self) -> None:
        self.streams.clear()
        self.backups.clear()
        if self.ttl is not None:
            self.ttl.clear()
        if self.persistence is not None:
            self.persistence.reset()

    async def _snapshot_periodically(self) -> None:
        assert self.persistence is not None
        while True:
            await asyncio.sleep(self.settings.snapshot_interval_s)
            if not self.persistence.dirty:
                continue
            try:
                result = await self.persistence.snapshot()
            except Exception:
                log.exception("snapshot failed; the log still holds every change")
                continue
            if result is not None:
                log.info("snapshot of %d items (%d bytes) in %.2f s, %.0f ms on the event loop",
                         result.items, result.size, result.total_s, result.capture_s * 1000)

    # -- operations --------------------------------------------------------

    def list_streams(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        # Newest first, as DynamoDB Local lists them: ``Streams[0]`` of a table is its current stream.
        streams = self.streams.visible(ctx.region)[::-1]
        table = params.get("TableName")
        if table is not None:
            streams = [stream for stream in streams if stream.table == table]
        start = params.get("ExclusiveStartStreamArn")
        if start is not None:
            arns = [stream.arn for stream in streams]
            streams = streams[arns.index(start) + 1 :] if start in arns else []
        limit = params.get("Limit", 100)
        page = streams[:limit]
        result: dict[str, Any] = {
            "Streams": [{"StreamArn": s.arn, "TableName": s.table, "StreamLabel": s.label} for s in page]
        }
        if len(streams) > limit:
            result["LastEvaluatedStreamArn"] = page[-1].arn
        return result

    def describe_stream(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        stream = self._stream(ctx, params["StreamArn"])
        shard = stream.shard
        shard.trim(time.time() - RETENTION_S)
        sequence_range = {"StartingSequenceNumber": format_sequence(shard.starting)}
        if shard.ending is not None:
            sequence_range["EndingSequenceNumber"] = format_sequence(shard.ending)
        shards = [{"ShardId": shard.shard_id, "SequenceNumberRange": sequence_range}]
        if params.get("ExclusiveStartShardId") == shard.shard_id:
            shards = []
        return {
            "StreamDescription": {
                "StreamArn": stream.arn,
                "StreamLabel": stream.label,
                "StreamStatus": self._status(stream),
                "StreamViewType": stream.view_type,
                "CreationRequestDateTime": round(stream.created_at, 3),  # milliseconds, as AWS writes it
                "TableName": stream.table,
                "KeySchema": stream.key_schema,
                "Shards": shards,
            }
        }

    def _status(self, stream: Stream) -> str:
        """ENABLING while the stream's table is still being created (--table-delay-ms), as AWS shows."""
        if stream.enabled:
            table = self.dynamodb.store.find(stream.region, stream.table)
            if table is not None and table.stream_label == stream.label and not table.active:
                return "ENABLING"
        return stream.status

    def get_shard_iterator(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        stream = self._stream(ctx, params["StreamArn"])
        shard = stream.shard
        if params["ShardId"] != shard.shard_id:
            # The wording stream consumers (KCL adapters, Flink) match on to spot a vanished shard.
            raise ResourceNotFoundException("Requested resource not found: Shard does not exist")
        now = time.time()
        shard.trim(now - RETENTION_S)
        kind = params["ShardIteratorType"]
        if kind == "TRIM_HORIZON":
            after = max(shard.trimmed_to, shard.starting - 1)
        elif kind == "LATEST":
            after = shard.last
        else:
            after = self._after_sequence(shard, kind, params.get("SequenceNumber"))
        return {"ShardIterator": encode(ShardPosition(stream.arn, shard.shard_id, after, now))}

    def _after_sequence(self, shard: Any, kind: str, text: str | None) -> int:
        if text is None:
            raise ValidationException(f"SequenceNumber is required for ShardIteratorType {kind}")
        number = parse_sequence(text)
        # An open shard takes numbers it has not reached yet; a closed one ends at its last record.
        if number is None or number < shard.starting or (shard.ending is not None and number > shard.ending):
            raise ValidationException("Invalid SequenceNumber for the shard")
        if number <= shard.trimmed_to:
            raise TrimmedDataAccessException(TRIMMED)
        return number - 1 if kind == "AT_SEQUENCE_NUMBER" else number

    def get_records(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        limit = params.get("Limit", MAX_RECORDS)
        if limit > MAX_RECORDS:  # a service check (botocore's model has no maximum), worded as DynamoDB Local's
            raise ValidationException(
                f"One or more parameter values were invalid: Limit should be less than or equal to {MAX_RECORDS}"
            )
        now = time.time()
        position = decode(params["ShardIterator"], now)
        stream = self.streams.get(ctx.region, position.stream_arn)
        # A shard gone with its stream (aged out, another region) reads as a shard gone alone.
        if stream is None or position.shard_id != stream.shard.shard_id:
            raise ResourceNotFoundException("Invalid ShardId in ShardIterator")
        shard = stream.shard
        shard.trim(now - RETENTION_S)
        if position.after < shard.trimmed_to:
            raise TrimmedDataAccessException(TRIMMED)
        records = shard.after(position.after, limit)
        size = 0
        for count, record in enumerate(records):
            size += record["dynamodb"]["SizeBytes"]
            if size > MAX_RESPONSE_BYTES and count:
                records = records[:count]
                break
        # No record lies between the position and the shard's last sequence when none came back.
        after = record_sequence(records[-1]) if records else max(position.after, shard.last)
        result: dict[str, Any] = {"Records": records}
        # A closed shard read to its end has no next iterator: the consumer is done with it.
        if shard.ending is None or after < shard.last:
            result["NextShardIterator"] = encode(ShardPosition(stream.arn, shard.shard_id, after, now))
        return result

    def _stream(self, ctx: RequestContext, arn: str) -> Stream:
        stream = self.streams.get(ctx.region, arn)
        if stream is None:
            raise ResourceNotFoundException(f"Requested resource not found: Stream: {arn} not found")
        return stream
