"""Persistence against a fake store: log replay, snapshots, damage, version, lock."""

from __future__ import annotations

import asyncio
import logging
import struct
from pathlib import Path

import pytest
from fake_store import FakeStore, definition, item

from emulator.dynamo.persistence import CorruptDataError, DataDirError, NewerFormatError, Persistence, barrier
from emulator.dynamo.persistence.records import FILE_HEADER, RECORD_HEADER
from emulator.dynamo.persistence.wal import segment_numbers, segment_path

REGION = "us-east-1"


def open_store(directory: Path, durability: str = "none") -> tuple[FakeStore, Persistence]:
    store = FakeStore()
    persistence = Persistence(directory, durability, store)
    persistence.open()
    return store, persistence


def write_items(store: FakeStore, count: int, start: int = 0) -> None:
    table = store.tables(REGION).get("things") or store.create_table(REGION, definition())
    for n in range(start, start + count):
        table.put(item(n))


def test_log_replay_restores_every_write_after_a_crash(tmp_path: Path) -> None:
    store, persistence = open_store(tmp_path, "fsync")
    write_items(store, 50)
    store.tables(REGION)["things"].delete({"id": {"S": "id-3"}})
    expected = store.contents()
    persistence.wal.close()  # a crash: no final snapshot, the lock goes with the process
    persistence._lock.release()

    recovered, again = open_store(tmp_path)
    assert recovered.contents() == expected
    assert len(expected[REGION]["things"]) == 49
    again.close()


def test_snapshot_then_log_and_old_segments_are_dropped(tmp_path: Path) -> None:
    store, persistence = open_store(tmp_path)
    write_items(store, 30)
    result = asyncio.run(persistence.snapshot())
    assert result is not None and result.items == 30
    write_items(store, 10, start=30)
    expected = store.contents()
    assert segment_numbers(tmp_path) == [2]
    persistence.close(final_snapshot=False)

    recovered, again = open_store(tmp_path)
    assert recovered.contents() == expected
    again.close()


def test_close_writes_a_final_snapshot(tmp_path: Path) -> None:
    store, persistence = open_store(tmp_path)
    write_items(store, 5)
    persistence.close()
    assert (tmp_path / "snapshot.snap").exists()
    assert all(path.stat().st_size == FILE_HEADER.size for path in tmp_path.glob("log-*.wal"))
    recovered, again = open_store(tmp_path)
    assert len(recovered.tables(REGION)["things"].items) == 5
    again.close()


def test_table_changes_replay(tmp_path: Path) -> None:
    store, persistence = open_store(tmp_path)
    write_items(store, 3)
    store.create_table(REGION, definition("other"))
    store.delete_table(REGION, "other")
    store.update_table(REGION, definition("things", ttl="expires"))
    persistence.close(final_snapshot=False)
    recovered, again = open_store(tmp_path)
    assert list(recovered.tables(REGION)) == ["things"]
    assert recovered.tables(REGION)["things"].definition["TimeToLiveSpecification"]["AttributeName"] == "expires"
    assert len(recovered.tables(REGION)["things"].items) == 3
    again.close()


def test_torn_tail_is_dropped_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    store, persistence = open_store(tmp_path)
    write_items(store, 10)
    persistence.close(final_snapshot=False)
    segment = segment_path(tmp_path, 1)
    intact = segment.stat().st_size
    with segment.open("ab") as out:
        out.write(struct.pack("<II", 500, 0) + b'["i","us-east-1"')  # cut short by the crash

    with caplog.at_level(logging.WARNING):
        recovered, again = open_store(tmp_path)
    assert len(recovered.tables(REGION)["things"].items) == 10
    assert f"dropped a torn record at byte offset {intact}" in caplog.text
    assert segment.stat().st_size == intact
    write_items(recovered, 1, start=10)
    again.close(final_snapshot=False)
    recovered, again = open_store(tmp_path)
    assert len(recovered.tables(REGION)["things"].items) == 11
    again.close()


def test_corrupt_record_mid_log_stops_start_up_naming_file_and_offset(tmp_path: Path) -> None:
    store, persistence = open_store(tmp_path)
    write_items(store, 10)
    persistence.close(final_snapshot=False)
    segment = segment_path(tmp_path, 1)
    data = bytearray(segment.read_bytes())
    second = FILE_HEADER.size + RECORD_HEADER.size + RECORD_HEADER.unpack_from(data, FILE_HEADER.size)[0]
    data[second + RECORD_HEADER.size + 3] ^= 0xFF
    segment.write_bytes(bytes(data))

    with pytest.raises(CorruptDataError) as caught:
        open_store(tmp_path)
    assert str(segment) in str(caught.value)
    assert f"offset {second}" in str(caught.value)
    assert segment.read_bytes() == bytes(data)  # nothing overwritten
    _, again = open_store_after_fix(segment, data, second)
    again.close()


def open_store_after_fix(segment: Path, data: bytearray, offset: int) -> tuple[FakeStore, Persistence]:
    data[offset + RECORD_HEADER.size + 3] ^= 0xFF
    segment.write_bytes(bytes(data))
    return open_store(segment.parent)


def test_corrupt_snapshot_stops_start_up(tmp_path: Path) -> None:
    store, persistence = open_store(tmp_path)
    write_items(store, 10)
    persistence.close()
    snapshot = tmp_path / "snapshot.snap"
    data = bytearray(snapshot.read_bytes())
    data[FILE_HEADER.size + 20] ^= 0xFF
    snapshot.write_bytes(bytes(data))
    with pytest.raises(CorruptDataError, match=rf"snapshot.snap is corrupt at byte offset {FILE_HEADER.size}"):
        open_store(tmp_path)
    assert snapshot.read_bytes() == bytes(data)


def test_truncated_snapshot_is_corrupt(tmp_path: Path) -> None:
    store, persistence = open_store(tmp_path)
    write_items(store, 10)
    persistence.close()
    snapshot = tmp_path / "snapshot.snap"
    snapshot.write_bytes(snapshot.read_bytes()[:-12])
    with pytest.raises(CorruptDataError, match="snapshot.snap is corrupt"):
        open_store(tmp_path)


def test_newer_format_version_is_refused(tmp_path: Path) -> None:
    store, persistence = open_store(tmp_path)
    write_items(store, 1)
    persistence.close(final_snapshot=False)
    segment = segment_path(tmp_path, 1)
    data = bytearray(segment.read_bytes())
    struct.pack_into("<I", data, 8, 99)
    segment.write_bytes(bytes(data))
    with pytest.raises(NewerFormatError, match="newer emulator .data format version 99"):
        open_store(tmp_path)


def test_second_opener_of_a_data_dir_is_refused(tmp_path: Path) -> None:
    _, persistence = open_store(tmp_path)
    with pytest.raises(DataDirError, match="is in use by another emulator"):
        open_store(tmp_path)
    persistence.close()
    _, again = open_store(tmp_path)
    again.close()


def test_reset_is_journalled(tmp_path: Path) -> None:
    store, persistence = open_store(tmp_path)
    write_items(store, 3)
    store.clear()
    persistence.reset()
    write_items(store, 1, start=7)
    expected = store.contents()
    persistence.close(final_snapshot=False)
    recovered, again = open_store(tmp_path)
    assert recovered.contents() == expected
    again.close()


class FakeProvider:
    """Stands for the DynamoDB provider whose writes wait on the barrier."""


def test_batch_acknowledgement_waits_for_the_group_commit(tmp_path: Path) -> None:
    store, persistence = open_store(tmp_path, "batch")
    provider = FakeProvider()
    barrier.register(provider, persistence)

    async def write_and_wait() -> int:
        write_items(store, 20)
        waiter = barrier.durable(provider)
        assert waiter is not None
        await asyncio.wait_for(waiter, 2)
        assert barrier.durable(provider) is None
        return persistence.wal.synced

    assert asyncio.run(write_and_wait()) == 21  # the table and its 20 items
    barrier.register(provider, None)
    assert barrier.durable(provider) is None
    persistence.close()


def test_writes_during_a_snapshot_and_a_cancelled_snapshot_are_safe(tmp_path: Path) -> None:
    store, persistence = open_store(tmp_path, "batch")
    write_items(store, 3000)

    async def snapshot_while_writing() -> None:
        first = asyncio.create_task(persistence.snapshot())
        await asyncio.sleep(0)  # captured; its file is being written by a thread
        write_items(store, 100, start=3000)
        store.tables(REGION)["things"].delete({"id": {"S": "id-0"}})
        await first
        second = asyncio.create_task(persistence.snapshot())
        await asyncio.sleep(0)
        second.cancel()  # as stop() does to the periodic snapshot
        write_items(store, 1, start=5000)

    asyncio.run(snapshot_while_writing())
    expected = store.contents()
    persistence.close()  # waits for the cancelled snapshot's file, then writes the final one
    assert not (tmp_path / "snapshot.snap.tmp").exists()
    recovered, again = open_store(tmp_path)
    assert recovered.contents() == expected
    again.close()


def test_a_missing_log_segment_stops_start_up(tmp_path: Path) -> None:
    store, persistence = open_store(tmp_path)
    write_items(store, 5)
    asyncio.run(persistence.snapshot())
    write_items(store, 5, start=5)
    persistence.wal.rotate()
    write_items(store, 5, start=10)
    persistence.close(final_snapshot=False)
    segment_path(tmp_path, 2).unlink()
    with pytest.raises(DataDirError, match="log-000000000002.wal is missing from the log"):
        open_store(tmp_path)
