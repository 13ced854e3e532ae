"""StartLiveTail through boto3: a session starts at once and streams, once a second, the events its
groups ingest that match its filters, as the API reference describes; bad requests get AWS's errors
before any stream starts.

boto3 sends StartLiveTail to ``stream-<endpoint host>`` (the model's host prefix), a name that does not
resolve for a local endpoint: these clients turn the prefix off, as a user of the emulator does
(``Config(inject_host_prefix=False)`` or ``AWS_DISABLE_HOST_PREFIX_INJECTION=true``).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess

ARN = "arn:aws:logs:us-east-1:000000000000:log-group:{}"
#: Updates read at most while waiting for events just written (one a second: a generous bound).
MAX_UPDATES = 10


@pytest.fixture
def tail(server: EmulatorProcess) -> Iterator[Any]:
    """A logs client for Live Tail; the sessions a test leaves open end with it (a reset ends them)."""
    yield server.client("logs", config=Config(inject_host_prefix=False, retries={"max_attempts": 1}))
    server.reset()


def put(logs: Any, group: str, stream: str, *messages: str) -> None:
    now = int(time.time() * 1000)
    logs.put_log_events(
        logGroupName=group,
        logStreamName=stream,
        logEvents=[{"timestamp": now, "message": m} for m in messages],
    )


def make_group(logs: Any, name: str, *streams: str) -> None:
    logs.create_log_group(logGroupName=name)
    for stream in streams:
        logs.create_log_stream(logGroupName=name, logStreamName=stream)


def first_results(events: Iterator[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first update that holds events."""
    for _ in range(MAX_UPDATES):
        update = next(events)["sessionUpdate"]
        if update["sessionResults"]:
            return update["sessionResults"]
    raise AssertionError(f"no events in {MAX_UPDATES} updates")


def error(call: Any, **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as info:
        call(**params)
    return info.value.response["Error"]


def test_a_session_starts_then_streams_matching_events(tail: Any, logs_client: Any) -> None:
    make_group(logs_client, "/tail/app", "a")
    response = tail.start_live_tail(
        logGroupIdentifiers=[ARN.format("/tail/app")], logEventFilterPattern="ERROR"
    )
    events = iter(response["responseStream"])
    start = next(events)["sessionStart"]
    assert start["requestId"] == response["ResponseMetadata"]["RequestId"]
    assert start["sessionId"]
    assert start["logGroupIdentifiers"] == [ARN.format("/tail/app")]
    assert start["logEventFilterPattern"] == "ERROR"
    put(logs_client, "/tail/app", "a", "ERROR disk full", "INFO all good", "ERROR again")
    results = first_results(events)
    assert [r["message"] for r in results] == ["ERROR disk full", "ERROR again"]
    assert results[0]["logStreamName"] == "a"
    assert results[0]["logGroupIdentifier"] == "000000000000:/tail/app"
    assert results[0]["ingestionTime"] >= results[0]["timestamp"] > 0
    response["responseStream"].close()


def test_updates_come_empty_when_nothing_was_ingested(tail: Any, logs_client: Any) -> None:
    make_group(logs_client, "/tail/quiet")
    events = iter(tail.start_live_tail(logGroupIdentifiers=["/tail/quiet"])["responseStream"])
    next(events)
    assert next(events) == {"sessionUpdate": {"sessionMetadata": {"sampled": False}, "sessionResults": []}}


def test_a_session_sees_only_what_is_ingested_after_it_started(tail: Any, logs_client: Any) -> None:
    make_group(logs_client, "/tail/late", "s")
    put(logs_client, "/tail/late", "s", "before")
    events = iter(tail.start_live_tail(logGroupIdentifiers=["/tail/late"])["responseStream"])
    next(events)
    put(logs_client, "/tail/late", "s", "after")
    assert [r["message"] for r in first_results(events)] == ["after"]


def test_stream_names_and_prefixes_narrow_a_session(tail: Any, logs_client: Any) -> None:
    make_group(logs_client, "/tail/streams", "web-1", "web-2", "worker-1")
    by_name = iter(
        tail.start_live_tail(logGroupIdentifiers=["/tail/streams"], logStreamNames=["web-2"])[
            "responseStream"
        ]
    )
    by_prefix = iter(
        tail.start_live_tail(logGroupIdentifiers=["/tail/streams"], logStreamNamePrefixes=["web-"])[
            "responseStream"
        ]
    )
    assert next(by_name)["sessionStart"]["logStreamNames"] == ["web-2"]
    assert next(by_prefix)["sessionStart"]["logStreamNamePrefixes"] == ["web-"]
    for stream in ("web-1", "web-2", "worker-1"):
        put(logs_client, "/tail/streams", stream, f"from {stream}")
    assert [r["logStreamName"] for r in first_results(by_name)] == ["web-2"]
    assert sorted(r["logStreamName"] for r in first_results(by_prefix)) == ["web-1", "web-2"]


def test_several_groups_in_one_session(tail: Any, logs_client: Any) -> None:
    make_group(logs_client, "/tail/one", "s")
    make_group(logs_client, "/tail/two", "s")
    make_group(logs_client, "/tail/other", "s")
    events = iter(
        tail.start_live_tail(logGroupIdentifiers=["/tail/one", ARN.format("/tail/two")])["responseStream"]
    )
    next(events)
    for group in ("/tail/one", "/tail/two", "/tail/other"):
        put(logs_client, group, "s", f"in {group}")
    seen = []
    while len(seen) < 2:
        seen.extend(r["logGroupIdentifier"] for r in first_results(events))
    assert sorted(seen) == ["000000000000:/tail/one", "000000000000:/tail/two"]


def test_more_than_500_events_in_a_second_are_sampled(tail: Any, logs_client: Any) -> None:
    make_group(logs_client, "/tail/busy", "s")
    events = iter(tail.start_live_tail(logGroupIdentifiers=["/tail/busy"])["responseStream"])
    next(events)
    put(logs_client, "/tail/busy", "s", *(f"event {i:04d}" for i in range(600)))
    for _ in range(MAX_UPDATES):
        update = next(events)["sessionUpdate"]
        if update["sessionResults"]:
            break
    assert update["sessionMetadata"] == {"sampled": True}
    messages = [r["message"] for r in update["sessionResults"]]
    assert len(messages) == 500 and messages == sorted(messages)  # a sample, in the order ingested


def test_a_reset_ends_open_sessions(tail: Any, logs_client: Any, server: EmulatorProcess) -> None:
    make_group(logs_client, "/tail/ending")
    events = iter(tail.start_live_tail(logGroupIdentifiers=["/tail/ending"])["responseStream"])
    next(events)
    server.reset()
    remaining = list(events)  # the stream ends: no more than the updates already under way
    assert all("sessionUpdate" in event for event in remaining)


def test_bad_requests_are_refused_before_the_stream(tail: Any, logs_client: Any) -> None:
    make_group(logs_client, "/tail/a")
    make_group(logs_client, "/tail/b")
    missing = error(tail.start_live_tail, logGroupIdentifiers=["/tail/a", "/tail/missing"])
    assert missing == {
        "Code": "ResourceNotFoundException",
        "Message": "The specified log group does not exist.",
    }
    assert error(tail.start_live_tail, logGroupIdentifiers=[ARN.format("/tail/a") + ":*"])["Code"] == (
        "InvalidParameterException"
    )
    both = error(
        tail.start_live_tail,
        logGroupIdentifiers=["/tail/a"],
        logStreamNames=["x"],
        logStreamNamePrefixes=["y"],
    )
    assert both["Code"] == "InvalidParameterException"
    two_groups = error(tail.start_live_tail, logGroupIdentifiers=["/tail/a", "/tail/b"], logStreamNames=["x"])
    assert two_groups["Code"] == "InvalidParameterException"
    pattern = error(tail.start_live_tail, logGroupIdentifiers=["/tail/a"], logEventFilterPattern='{ $.a = "')
    assert pattern == {"Code": "InvalidParameterException", "Message": "Invalid filter pattern"}
    too_many = error(tail.start_live_tail, logGroupIdentifiers=[f"/tail/{i}" for i in range(11)])
    assert too_many["Code"] == "InvalidParameterException"
    assert too_many["Message"].startswith("1 validation error detected: Value '[/tail/0, ")
    assert (
        "at 'logGroupIdentifiers' failed to satisfy constraint: Member must have length less than or equal to 10"
        in (too_many["Message"])
    )


def test_stopping_the_emulator_ends_an_open_session_at_once() -> None:
    """A stop does not wait out the server's 10 s graceful-shutdown timeout for a session still streaming."""
    with EmulatorProcess() as emulator:
        emulator.client("logs").create_log_group(logGroupName="/tail/stop")
        client = emulator.client("logs", config=Config(inject_host_prefix=False, retries={"max_attempts": 1}))
        events = iter(client.start_live_tail(logGroupIdentifiers=[ARN.format("/tail/stop")])["responseStream"])
        assert "sessionStart" in next(events)
        assert emulator.stop(timeout=8) == 0
        assert all("sessionUpdate" in event for event in events)  # the stream ended cleanly, with no error event
        assert not any("graceful shutdown exceeded" in line for line in emulator.output)
