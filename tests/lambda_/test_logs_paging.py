"""GetLogEvents' order and tokens, 1 MB pages, and log group tags and filters kept in the data directory."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing.process import EmulatorProcess


@pytest.fixture
def stream(logs_client: Any) -> dict[str, str]:
    logs_client.create_log_group(logGroupName="paged")
    logs_client.create_log_stream(logGroupName="paged", logStreamName="s")
    return {"logGroupName": "paged", "logStreamName": "s"}


def put(logs_client: Any, stream: dict[str, str], *events: tuple[int, str]) -> None:
    logs_client.put_log_events(**stream, logEvents=[{"timestamp": ts, "message": m} for ts, m in events])


def messages(answer: dict[str, Any]) -> list[str]:
    return [e["message"] for e in answer["events"]]


def test_events_are_read_by_timestamp_then_arrival(logs_client: Any, stream: dict[str, str]) -> None:
    now = int(time.time() * 1000)
    put(logs_client, stream, (now, "third"), (now + 10, "fifth"))
    put(logs_client, stream, (now - 10, "first"), (now, "fourth"))  # a late batch: earlier and equal times
    put(logs_client, stream, (now - 5, "second"))
    assert messages(logs_client.get_log_events(**stream, startFromHead=True)) == ["first", "second", "third", "fourth", "fifth"]
    assert messages(logs_client.get_log_events(**stream)) == ["first", "second", "third", "fourth", "fifth"]
    assert messages(logs_client.get_log_events(**stream, startTime=now, endTime=now + 10)) == ["third", "fourth"]


def test_forward_paging_ends_with_the_token_sent(logs_client: Any, stream: dict[str, str]) -> None:
    """The loop every reader writes: page forward until the token comes back unchanged."""
    now = int(time.time() * 1000)
    put(logs_client, stream, *[(now + i, f"m{i}") for i in range(7)])
    seen, token, calls = [], None, 0
    while True:
        answer = logs_client.get_log_events(**stream, startFromHead=True, limit=3, **({"nextToken": token} if token else {}))
        calls += 1
        seen += messages(answer)
        if answer["nextForwardToken"] == token:
            break
        token = answer["nextForwardToken"]
    assert seen == [f"m{i}" for i in range(7)]
    assert calls == 4  # three pages, then an empty one that hands the token back
    put(logs_client, stream, (now + 100, "later"))
    assert messages(logs_client.get_log_events(**stream, nextToken=token)) == ["later"]  # the token still stands


def test_backward_paging_from_the_tail_to_the_head(logs_client: Any, stream: dict[str, str]) -> None:
    now = int(time.time() * 1000)
    put(logs_client, stream, *[(now + i, f"m{i}") for i in range(5)])
    tail = logs_client.get_log_events(**stream, limit=2)
    assert messages(tail) == ["m3", "m4"]
    middle = logs_client.get_log_events(**stream, limit=2, nextToken=tail["nextBackwardToken"])
    assert messages(middle) == ["m1", "m2"]
    head = logs_client.get_log_events(**stream, limit=2, nextToken=middle["nextBackwardToken"])
    assert messages(head) == ["m0"]
    end = logs_client.get_log_events(**stream, limit=2, nextToken=head["nextBackwardToken"])
    assert end["events"] == [] and end["nextBackwardToken"] == head["nextBackwardToken"]
    forward = logs_client.get_log_events(**stream, limit=2, nextToken=head["nextForwardToken"])
    assert messages(forward) == ["m1", "m2"]


def test_an_empty_stream_answers_both_tokens(logs_client: Any, stream: dict[str, str]) -> None:
    answer = logs_client.get_log_events(**stream, startFromHead=True)
    assert answer["events"] == []
    assert answer["nextForwardToken"].startswith("f/") and answer["nextBackwardToken"].startswith("b/")
    again = logs_client.get_log_events(**stream, nextToken=answer["nextForwardToken"])
    assert again["nextForwardToken"] == answer["nextForwardToken"]


def test_pages_stop_at_one_megabyte(logs_client: Any, stream: dict[str, str]) -> None:
    """Without a limit a page holds what fits in 1 MB (message bytes plus 26 each), then the next goes on."""
    now = int(time.time() * 1000)
    big = "x" * 200_000
    put(logs_client, stream, *[(now + i, f"{i}{big}") for i in range(12)])
    first = logs_client.get_log_events(**stream, startFromHead=True)
    assert len(first["events"]) == 5
    second = logs_client.get_log_events(**stream, nextToken=first["nextForwardToken"])
    assert [e["message"][:2] for e in second["events"]] == ["5x", "6x", "7x", "8x", "9x"]
    tail = logs_client.get_log_events(**stream)
    assert [e["message"][:2] for e in tail["events"]] == ["7x", "8x", "9x", "10", "11"]
    filtered = logs_client.filter_log_events(logGroupName="paged")
    assert len(filtered["events"]) == 5 and "nextToken" in filtered
    rest = logs_client.filter_log_events(logGroupName="paged", nextToken=filtered["nextToken"])
    assert [e["message"][:2] for e in rest["events"]] == ["5x", "6x", "7x", "8x", "9x"]
    last = logs_client.filter_log_events(logGroupName="paged", nextToken=rest["nextToken"])
    assert [e["message"][:2] for e in last["events"]] == ["10", "11"] and "nextToken" not in last


def test_pages_stop_at_ten_thousand_events(logs_client: Any, stream: dict[str, str]) -> None:
    now = int(time.time() * 1000)
    for batch in range(3):
        put(logs_client, stream, *[(now + batch * 5000 + i, "m") for i in range(5000)])
    assert len(logs_client.get_log_events(**stream, startFromHead=True)["events"]) == 10_000
    filtered = logs_client.filter_log_events(logGroupName="paged")
    assert len(filtered["events"]) == 10_000 and "nextToken" in filtered


def test_a_token_from_another_listing_is_refused(logs_client: Any, stream: dict[str, str]) -> None:
    now = int(time.time() * 1000)
    put(logs_client, stream, *[(now + i, "m") for i in range(3)])
    token = logs_client.filter_log_events(logGroupName="paged", limit=1)["nextToken"]
    with pytest.raises(ClientError) as info:
        logs_client.get_log_events(**stream, nextToken=token)
    assert info.value.response["Error"] == {"Code": "InvalidParameterException", "Message": "The specified nextToken is invalid."}


def test_tags_and_filters_are_kept_in_the_data_directory(tmp_path: Path) -> None:
    with EmulatorProcess("--data-dir", str(tmp_path)) as emulator:
        logs = emulator.client("logs")
        logs.create_log_group(logGroupName="kept", tags={"team": "a"})
        arn = logs.describe_log_groups(logGroupNamePrefix="kept")["logGroups"][0]["logGroupArn"]
        logs.tag_resource(resourceArn=arn, tags={"stage": "dev"})
        logs.put_metric_filter(
            logGroupName="kept",
            filterName="errors",
            filterPattern="ERROR",
            metricTransformations=[{"metricName": "Errors", "metricNamespace": "App", "metricValue": "1"}],
        )
    with EmulatorProcess("--data-dir", str(tmp_path)) as emulator:
        logs = emulator.client("logs")
        assert logs.list_tags_for_resource(resourceArn=arn)["tags"] == {"team": "a", "stage": "dev"}
        assert logs.list_tags_log_group(logGroupName="kept")["tags"] == {"team": "a", "stage": "dev"}
        (kept,) = logs.describe_metric_filters(logGroupName="kept")["metricFilters"]
        assert kept["filterName"] == "errors" and kept["metricTransformations"][0]["metricName"] == "Errors"
        assert logs.describe_log_groups(logGroupNamePrefix="kept")["logGroups"][0]["metricFilterCount"] == 1


def test_filtered_event_ids_are_unique_56_digit_numbers(logs_client: Any, stream: dict[str, str]) -> None:
    logs_client.create_log_stream(logGroupName="paged", logStreamName="other")
    now = int(time.time() * 1000)
    for name in ("s", "other"):
        put(logs_client, {"logGroupName": "paged", "logStreamName": name}, (now, "same time"), (now, "same again"))
    ids = [e["eventId"] for e in logs_client.filter_log_events(logGroupName="paged")["events"]]
    assert len(ids) == 4 and len(set(ids)) == 4
    assert all(len(i) == 56 and i.isdigit() for i in ids)
