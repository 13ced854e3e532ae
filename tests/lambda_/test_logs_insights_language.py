"""Logs Insights QL's functions, time bins and syntax corners, each over one known event through boto3."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any

import pytest

#: 2026-?-? at 10:17:23.456 UTC on the day before now-ish: a time with every unit to floor.
NOW_S = int(time.time())
DAY = datetime.fromtimestamp(NOW_S - 86_400, UTC).replace(hour=10, minute=17, second=23, microsecond=456_000)
TS = int(DAY.timestamp() * 1000)
MESSAGE = json.dumps(
    {"name": "  Widget ", "count": 7, "price": 2.5, "code": "A-17", "@id": "x1", "empty": ""}
)


def spelled(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S}.{moment.microsecond // 1000:03d}"


@pytest.fixture
def one_event(logs_client: Any) -> Any:
    logs_client.create_log_group(logGroupName="/lang")
    logs_client.create_log_stream(logGroupName="/lang", logStreamName="s")
    logs_client.put_log_events(
        logGroupName="/lang", logStreamName="s", logEvents=[{"timestamp": TS, "message": MESSAGE}]
    )
    return logs_client


def answer(logs: Any, query: str) -> list[dict[str, str]]:
    started = logs.start_query(
        logGroupName="/lang", startTime=NOW_S - 2 * 86_400, endTime=NOW_S, queryString=query
    )
    rows = logs.get_query_results(queryId=started["queryId"])["results"]
    return [{cell["field"]: cell["value"] for cell in row if cell["field"] != "@ptr"} for row in rows]


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("strlen(name)", "9"),
        ("trim(name)", "Widget"),
        ("ltrim(name)", "Widget "),
        ("rtrim(name)", "  Widget"),
        ("tolower(code)", "a-17"),
        ("concat(code, '/', count)", "A-17/7"),
        ("substr(code, 2)", "17"),
        ("substr(code, 0, 1)", "A"),
        ("replace(code, '-', '+')", "A+17"),
        ("strcontains(code, '17')", "1"),
        ("strcontains(code, 'a')", "0"),
        ("coalesce(missing, count)", "7"),
        ("if(ispresent(missing), missing, 'unknown')", "unknown"),
        ("if(count > 5, 'many', 'few')", "many"),
        ("count * price", "17.5"),
        ("count / 2", "3.5"),
        ("count % 4", "3"),
        ("2 ^ 3", "8"),
        ("1.5e3 + 1", "1501"),
        ("-count + 1", "-6"),
        ("abs(-3)", "3"),
        ("ceil(price)", "3"),
        ("floor(price)", "2"),
        ("greatest(count, price, 4)", "7"),
        ("least(count, price)", "2.5"),
        ("sqrt(16)", "4"),
        ("@@id", "x1"),
        ("isempty(empty)", "1"),
        ("isblank(name)", "0"),
        ("toMillis(@timestamp)", str(TS)),
        ("fromMillis(toMillis(@timestamp) + 1000)", spelled(DAY.replace(second=24))),
        ("bin(1h)", spelled(DAY.replace(minute=0, second=0, microsecond=0))),
        ("bin(15min)", spelled(DAY.replace(minute=15, second=0, microsecond=0))),
        ("bin(30s)", spelled(DAY.replace(second=0, microsecond=0))),
        ("bin(1d)", spelled(DAY.replace(hour=0, minute=0, second=0, microsecond=0))),
        ("bin(1mo)", spelled(DAY.replace(day=1, hour=0, minute=0, second=0, microsecond=0))),
        ("bin(1year)", spelled(DAY.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0))),
        ("datefloor(@timestamp, 1h)", spelled(DAY.replace(minute=0, second=0, microsecond=0))),
        ("dateceil(@timestamp, 1h)", spelled(DAY.replace(minute=0, second=0, microsecond=0, hour=11))),
    ],
)
def test_functions(one_event: Any, expression: str, value: str) -> None:
    assert answer(one_event, f"fields {expression} as v") == [{"v": value}]


def test_column_names_comments_display_and_quoted_names(one_event: Any) -> None:
    query = """# a comment line
    fields count, price   # a trailing comment
    | fields `code` as c, strlen(code)
    | filter count = 7"""
    assert answer(one_event, query) == [{"count": "7", "price": "2.5", "c": "A-17", "strlen(code)": "4"}]
    assert answer(one_event, "fields count, price | display price") == [{"price": "2.5"}]
    assert answer(one_event, "fields missing, count") == [{"count": "7"}]  # absent fields are left out


def test_timestamp_and_ingestion_time_read_as_times(one_event: Any) -> None:
    (row,) = answer(one_event, "fields @timestamp, @ingestionTime, @logStream, @log")
    assert row["@timestamp"] == spelled(DAY)
    assert row["@ingestionTime"] > row["@timestamp"]
    assert (row["@logStream"], row["@log"]) == ("s", "000000000000:/lang")
    assert answer(one_event, f"filter @timestamp = {TS} | fields count") == [{"count": "7"}]


def test_stats_over_no_events_and_sort_by(one_event: Any) -> None:
    assert answer(one_event, "filter count > 100 | stats count(*) as n") == [{"n": "0"}]
    assert answer(one_event, "filter count > 100 | stats count(*) as n by code") == []
    assert answer(one_event, "fields count | sort by count desc") == [{"count": "7"}]


def test_stats_by_aliases(one_event: Any) -> None:
    assert answer(one_event, "stats count(*) as n by code as c, bin(1h) as hour") == [
        {"c": "A-17", "hour": spelled(DAY.replace(minute=0, second=0, microsecond=0)), "n": "1"}
    ]
