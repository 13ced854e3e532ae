"""The logs store: bounded in memory (oldest events dropped first), snapshot and reload."""

from __future__ import annotations

from pathlib import Path

from emulator.lambda_runtime.logs.store import LogStore


def test_oldest_events_are_dropped_across_streams() -> None:
    store = LogStore(None, max_events=4)
    store.append_lines("us-east-1", "000000000000", "g", "a", [(1, "a1"), (2, "a2")], "")
    store.append_lines("us-east-1", "000000000000", "g", "b", [(3, "b1"), (4, "b2"), (5, "b3")], "")
    group = store.group("us-east-1", "g")
    assert group is not None
    assert [e[1] for e in group.streams["a"].events] == ["a2"]
    assert [e[1] for e in group.streams["b"].events] == ["b1", "b2", "b3"]


def test_snapshot_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "logs.json"
    store = LogStore(path)
    store.append_lines("eu-west-1", "000000000000", "/aws/lambda/f", "s", [(10, "hello")], "\n")
    store.write(store.snapshot())
    assert not store.dirty
    reloaded = LogStore(path)
    group = reloaded.group("eu-west-1", "/aws/lambda/f")
    assert group is not None
    assert [(e[0], e[1]) for e in group.streams["s"].events] == [(10, "hello\n")]
