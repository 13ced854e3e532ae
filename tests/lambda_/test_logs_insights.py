"""CloudWatch Logs Insights through boto3: StartQuery / GetQueryResults over events put with PutLogEvents
and over a Lambda function's own log group, the query language, errors, DescribeQueries, GetLogRecord."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess
from emulator.testing.process import wait_until

#: A five-minute boundary an hour ago: events are put relative to it.
BASE_S = (int(time.time()) - 3600) // 300 * 300
BASE = BASE_S * 1000

EVENTS = [
    (0, json.dumps({"level": "INFO", "path": "/a", "latency": 12, "user": {"id": 7, "tags": ["x", "y"]}})),
    (1_000, json.dumps({"level": "ERROR", "path": "/b", "latency": 250.5})),
    (2_000, "plain text user=alice action=login"),
    (301_000, json.dumps({"level": "INFO", "path": "/a", "latency": 30})),
    (302_000, "plain text user=bob action=logout"),
]


def stamp(offset_ms: int) -> str:
    moment = datetime.fromtimestamp((BASE + offset_ms) / 1000, UTC)
    return f"{moment:%Y-%m-%d %H:%M:%S}.{(BASE + offset_ms) % 1000:03d}"


@pytest.fixture
def app_logs(logs_client: Any) -> Any:
    logs_client.create_log_group(logGroupName="/app/api")
    logs_client.create_log_stream(logGroupName="/app/api", logStreamName="web-1")
    logs_client.put_log_events(
        logGroupName="/app/api",
        logStreamName="web-1",
        logEvents=[{"timestamp": BASE + offset, "message": message} for offset, message in EVENTS],
    )
    return logs_client


def run(logs: Any, query: str, group: str = "/app/api", **extra: Any) -> dict[str, Any]:
    started = logs.start_query(
        logGroupName=group, startTime=BASE_S - 60, endTime=BASE_S + 3600, queryString=query, **extra
    )
    return logs.get_query_results(queryId=started["queryId"])


def rows(logs: Any, query: str, **extra: Any) -> list[dict[str, str]]:
    """Each result row as a dict, @ptr left out (checked separately)."""
    found = run(logs, query, **extra)
    assert found["status"] == "Complete"
    return [
        {cell["field"]: cell["value"] for cell in row if cell["field"] != "@ptr"} for row in found["results"]
    ]


def error(call: Any, **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as info:
        call(**params)
    return info.value.response


def test_default_fields_newest_first_with_ptr_and_statistics(app_logs: Any) -> None:
    found = run(app_logs, "filter @message like /plain/")
    assert found["status"] == "Complete"
    assert found["queryLanguage"] == "CWLI"
    assert [[cell["field"] for cell in row] for row in found["results"]] == [
        ["@timestamp", "@message", "@ptr"]
    ] * 2
    assert [row[:2] for row in found["results"]] == [
        [{"field": "@timestamp", "value": stamp(302_000)}, {"field": "@message", "value": EVENTS[4][1]}],
        [{"field": "@timestamp", "value": stamp(2_000)}, {"field": "@message", "value": EVENTS[2][1]}],
    ]
    statistics = found["statistics"]
    assert (statistics["recordsMatched"], statistics["recordsScanned"]) == (2.0, 5.0)
    assert statistics["bytesScanned"] == float(sum(len(m) for _, m in EVENTS))
    record = app_logs.get_log_record(logRecordPointer=found["results"][1][2]["value"])["logRecord"]
    assert record["@message"] == EVENTS[2][1]
    assert record["@timestamp"] == str(BASE + 2_000)
    assert record["@logStream"] == "web-1"
    assert record["@log"] == "000000000000:/app/api"


def test_fields_aliases_functions_and_json_fields(app_logs: Any) -> None:
    query = """fields @timestamp, level, latency * 2 as double, user.id, user.tags.1 as tag, toupper(path) as p
               | filter ispresent(level)   # JSON events only
               | sort @timestamp asc | limit 2"""
    assert rows(app_logs, query) == [
        {"@timestamp": stamp(0), "level": "INFO", "double": "24", "user.id": "7", "tag": "y", "p": "/A"},
        {"@timestamp": stamp(1_000), "level": "ERROR", "double": "501", "p": "/B"},
    ]
    assert rows(app_logs, "fields strlen(path), @logStream, @log | filter path = '/b'") == [
        {"strlen(path)": "2", "@logStream": "web-1", "@log": "000000000000:/app/api"}
    ]


@pytest.mark.parametrize(
    ("condition", "latencies"),
    [
        ("latency > 20", ["250.5", "30"]),
        ("latency <= 30 and level = 'INFO'", ["12", "30"]),
        ("level != 'INFO'", ["250.5"]),
        ("level in ['ERROR', 'WARN'] or latency = 12", ["12", "250.5"]),
        ("level not in ['ERROR']", ["12", "30"]),
        ("not (latency < 100) and ispresent(latency)", ["250.5"]),
        ("@message like 'ERR'", ["250.5"]),
        ("@message like /(?i)error/", ["250.5"]),
        ('@message =~ /"path": ?"\\/a"/', ["12", "30"]),
        ("@message not like /ERROR/ and ispresent(latency)", ["12", "30"]),
        ("strcontains(path, 'b')", ["250.5"]),
        ("isempty(user.id) and ispresent(latency)", ["250.5", "30"]),
    ],
)
def test_filter_operators(app_logs: Any, condition: str, latencies: list[str]) -> None:
    found = rows(app_logs, f"filter {condition} | fields latency | sort @timestamp asc")
    assert [row["latency"] for row in found] == latencies


def test_stats_by_field_and_bin_and_commands_after_stats(app_logs: Any) -> None:
    assert rows(
        app_logs, "stats count(*) as n, avg(latency), max(latency) as worst by level | sort level asc"
    ) == [
        {"level": "ERROR", "n": "1", "avg(latency)": "250.5", "worst": "250.5"},
        {"level": "INFO", "n": "2", "avg(latency)": "21", "worst": "30"},
        {"n": "2"},  # the text events: no level, no latency
    ]
    # Groups come in the order they are met, and events newest first.
    assert rows(app_logs, "stats count(*), sum(latency) by bin(5m)") == [
        {"bin(5m)": stamp(300_000), "count(*)": "2", "sum(latency)": "30"},
        {"bin(5m)": stamp(0), "count(*)": "3", "sum(latency)": "262.5"},
    ]
    query = "stats count(*), max(latency) by path | sort count(*) desc, path asc | limit 2"
    assert rows(app_logs, query) == [{"path": "/a", "count(*)": "2", "max(latency)": "30"}, {"count(*)": "2"}]
    assert rows(
        app_logs, "stats count(*) as c by path | filter c > 1 and ispresent(path) | stats sum(c) as total"
    ) == [{"total": "2"}]
    found = run(
        app_logs,
        "filter ispresent(level) | stats count_distinct(path) as paths, pct(latency, 50) as median, "
        "percentile(latency, 100) as top",
    )
    assert [{cell["field"]: cell["value"] for cell in row} for row in found["results"]] == [
        {"paths": "2", "median": "30", "top": "250.5"}
    ]  # stats rows carry no @ptr
    assert found["statistics"]["recordsMatched"] == 3.0


def test_earliest_latest_and_arithmetic_over_aggregates(app_logs: Any) -> None:
    query = "stats earliest(@timestamp) as first, latest(path) as last, max(latency) - min(latency) as spread"
    assert rows(app_logs, query) == [{"first": str(BASE), "last": "/a", "spread": "238.5"}]


def test_parse_glob_and_regex_dedup_and_display(app_logs: Any) -> None:
    assert rows(
        app_logs, 'parse @message "user=* action=*" as who, did | filter ispresent(who) | sort who asc'
    ) == [
        {"@timestamp": stamp(2_000), "@message": EVENTS[2][1], "who": "alice", "did": "login"},
        {"@timestamp": stamp(302_000), "@message": EVENTS[4][1], "who": "bob", "did": "logout"},
    ]
    query = "parse @message /user=(?<who>\\w+) action=(?<did>\\w+)/ | display did | filter who = 'bob'"
    assert rows(app_logs, query) == [{"did": "logout"}]
    assert rows(
        app_logs, "filter ispresent(path) | fields path | sort @timestamp asc | dedup path | limit 5"
    ) == [
        {"path": "/a"},
        {"path": "/b"},
    ]


def test_natural_sort_order(logs_client: Any) -> None:
    values = ["2", "a12345hfh", "0#", "111A", "@", "A9876fghj", "5A", "!:", "10"]
    logs_client.create_log_group(logGroupName="/sorting")
    logs_client.create_log_stream(logGroupName="/sorting", logStreamName="s")
    logs_client.put_log_events(
        logGroupName="/sorting",
        logStreamName="s",
        logEvents=[{"timestamp": BASE + i, "message": json.dumps({"v": v})} for i, v in enumerate(values)],
    )
    ascending = ["!:", "0#", "5A", "111A", "@", "A9876fghj", "a12345hfh", "2", "10"]
    assert [r["v"] for r in rows(logs_client, "fields v | sort v asc", group="/sorting")] == ascending
    assert [r["v"] for r in rows(logs_client, "fields v | sort v desc | limit 3", group="/sorting")] == [
        "10",
        "2",
        "a12345hfh",
    ]


def test_time_range_is_inclusive_seconds_and_limit_parameter(app_logs: Any) -> None:
    started = app_logs.start_query(
        logGroupName="/app/api",
        startTime=BASE_S + 1,
        endTime=BASE_S + 301,
        queryString="fields @message",
        limit=2,
    )
    found = app_logs.get_query_results(queryId=started["queryId"])
    assert [row[0]["value"] for row in found["results"]] == [EVENTS[3][1], EVENTS[2][1]]
    assert found["statistics"]["recordsMatched"] == 3.0
    paged = app_logs.get_query_results(queryId=started["queryId"], maxItems=1)
    assert len(paged["results"]) == 1
    rest = app_logs.get_query_results(queryId=started["queryId"], maxItems=1, nextToken=paged["nextToken"])
    assert rest["results"][0][0]["value"] == EVENTS[2][1] and "nextToken" not in rest


def test_several_groups_by_names_and_arns(app_logs: Any) -> None:
    app_logs.create_log_group(logGroupName="/app/worker")
    app_logs.create_log_stream(logGroupName="/app/worker", logStreamName="w")
    app_logs.put_log_events(
        logGroupName="/app/worker", logStreamName="w", logEvents=[{"timestamp": BASE, "message": "job"}]
    )
    arn = "arn:aws:logs:us-east-1:000000000000:log-group:/app/worker"
    for selector in (
        {"logGroupNames": ["/app/api", "/app/worker"]},
        {"logGroupIdentifiers": ["/app/api", arn]},
    ):
        started = app_logs.start_query(
            startTime=BASE_S, endTime=BASE_S + 3600, queryString="stats count(*) by @log", **selector
        )
        found = app_logs.get_query_results(queryId=started["queryId"])
        assert sorted((row[0]["value"], row[1]["value"]) for row in found["results"]) == [
            ("000000000000:/app/api", "5"),
            ("000000000000:/app/worker", "1"),
        ]
        assert found["statistics"]["logGroupsScanned"] == 2.0


@pytest.mark.parametrize(
    ("query", "found", "start", "end"),
    [
        ("bogus command", "bogus", 0, 5),
        ("fields @message | sort", "<EOF>", 22, 22),
        ("filter x = 1 | dedup x | sort x", "sort", 25, 29),
        ("dedup x | filter x = 1", "filter", 10, 16),
        ("fields nosuch(@message)", "nosuch", 7, 13),
    ],
)
def test_malformed_query(app_logs: Any, query: str, found: str, start: int, end: int) -> None:
    response = error(
        app_logs.start_query, logGroupName="/app/api", startTime=0, endTime=BASE_S, queryString=query
    )
    assert response["Error"]["Code"] == "MalformedQueryException"
    assert response["Error"]["Message"] == f"unexpected symbol found {found}"
    assert response["queryCompileError"] == {
        "location": {"startCharOffset": start, "endCharOffset": end},
        "message": response["Error"]["Message"],
    }


def test_fields_unknown_after_stats_do_not_compile(app_logs: Any) -> None:
    query = "stats count(*) as n by level | sort n desc | filter path = '/a'"
    response = error(
        app_logs.start_query, logGroupName="/app/api", startTime=0, endTime=BASE_S, queryString=query
    )
    assert response["Error"] == {
        "Code": "MalformedQueryException",
        "Message": "Unknown symbols found in or after stats: path",
    }
    start = query.index("path")
    assert response["queryCompileError"]["location"] == {"startCharOffset": start, "endCharOffset": start + 4}


def test_parameter_errors(app_logs: Any) -> None:
    common = {"startTime": 0, "endTime": BASE_S, "queryString": "fields @message"}
    missing = error(app_logs.start_query, logGroupName="/nope", **common)["Error"]
    assert missing["Code"] == "ResourceNotFoundException"
    # AWS passes on the inner service's error whole (LocalStack's AWS-validated test_logs_queries snapshot).
    assert missing["Message"].startswith(
        "Log group '/nope' does not exist for account ID '000000000000' (Service: AWSLogs; Status Code: 400; "
        "Error Code: ResourceNotFoundException; Request ID: "
    )
    both = error(app_logs.start_query, logGroupName="/app/api", logGroupNames=["/app/api"], **common)["Error"]
    assert both["Code"] == "InvalidParameterException"
    assert error(app_logs.start_query, **common)["Error"]["Code"] == "InvalidParameterException"
    sql = error(app_logs.start_query, logGroupName="/app/api", queryLanguage="SQL", **common)["Error"]
    assert sql["Code"] == "InvalidParameterException" and "SQL" in sql["Message"]
    assert error(app_logs.get_query_results, queryId="nope")["Error"]["Code"] == "ResourceNotFoundException"


def test_describe_and_stop_queries(app_logs: Any) -> None:
    first = app_logs.start_query(
        logGroupName="/app/api", startTime=0, endTime=BASE_S, queryString="fields @message"
    )
    second = app_logs.start_query(
        logGroupNames=["/app/api"], startTime=0, endTime=BASE_S, queryString="stats count(*)"
    )
    listed = app_logs.describe_queries()["queries"]
    assert [q["queryId"] for q in listed] == [second["queryId"], first["queryId"]]
    assert {k: listed[0][k] for k in ("queryString", "status", "logGroupName", "queryLanguage")} == {
        "queryString": f'SOURCE "/app/api" START=0 END={BASE_S}999 | stats count(*)',
        "status": "Complete",
        "logGroupName": "/app/api",
        "queryLanguage": "CWLI",
    }
    assert isinstance(listed[0]["createTime"], int)
    page = app_logs.describe_queries(maxResults=1)
    assert [q["queryId"] for q in page["queries"]] == [second["queryId"]]
    rest = app_logs.describe_queries(maxResults=1, nextToken=page["nextToken"])
    assert [q["queryId"] for q in rest["queries"]] == [first["queryId"]]
    assert app_logs.describe_queries(status="Running")["queries"] == []
    assert app_logs.describe_queries(logGroupName="/other")["queries"] == []
    assert (
        error(app_logs.stop_query, queryId=first["queryId"])["Error"]["Code"] == "InvalidParameterException"
    )
    assert error(app_logs.stop_query, queryId="nope")["Error"]["Code"] == "ResourceNotFoundException"


def test_query_definitions(logs_client: Any) -> None:
    errors_id = logs_client.put_query_definition(
        name="team/errors", queryString="filter level = 'ERROR'", logGroupNames=["/app/api"]
    )["queryDefinitionId"]
    slow_id = logs_client.put_query_definition(name="team/slow", queryString="filter latency > 100")[
        "queryDefinitionId"
    ]
    logs_client.put_query_definition(name="other", queryString="fields @message")
    found = logs_client.describe_query_definitions(queryDefinitionNamePrefix="team/")["queryDefinitions"]
    assert [(d["name"], d["queryDefinitionId"], d["logGroupNames"]) for d in found] == [
        ("team/errors", errors_id, ["/app/api"]),
        ("team/slow", slow_id, []),
    ]
    assert found[0]["queryString"] == "filter level = 'ERROR'" and isinstance(found[0]["lastModified"], int)
    page = logs_client.describe_query_definitions(maxResults=2)
    assert [d["name"] for d in page["queryDefinitions"]] == ["other", "team/errors"]
    rest = logs_client.describe_query_definitions(maxResults=2, nextToken=page["nextToken"])
    assert [d["name"] for d in rest["queryDefinitions"]] == ["team/slow"] and "nextToken" not in rest
    # An update replaces every member: the log groups not given again are gone.
    logs_client.put_query_definition(
        queryDefinitionId=errors_id, name="team/errs", queryString="filter level = 'WARN'"
    )
    updated = logs_client.describe_query_definitions(queryDefinitionNamePrefix="team/errs")[
        "queryDefinitions"
    ]
    assert [(d["queryDefinitionId"], d["queryString"], d["logGroupNames"]) for d in updated] == [
        (errors_id, "filter level = 'WARN'", [])
    ]
    assert logs_client.delete_query_definition(queryDefinitionId=slow_id)["success"] is True
    assert (
        error(logs_client.delete_query_definition, queryDefinitionId=slow_id)["Error"]["Code"]
        == "ResourceNotFoundException"
    )
    missing = error(
        logs_client.put_query_definition, queryDefinitionId=slow_id, name="x", queryString="fields @message"
    )
    assert missing["Error"]["Code"] == "ResourceNotFoundException"
    assert [d["name"] for d in logs_client.describe_query_definitions()["queryDefinitions"]] == [
        "other",
        "team/errs",
    ]


REPORTS = """
import json
import logging

def handler(event, context):
    print(json.dumps({"order": event["order"], "total": event["total"]}))
    logging.getLogger().warning("order %s placed", event["order"])
    return "ok"
"""


def test_query_a_functions_own_log_group(create_function: Any, lambda_client: Any, logs_client: Any) -> None:
    create_function("insightful", REPORTS, MemorySize=256)
    request_ids = [
        lambda_client.invoke(FunctionName="insightful", Payload=json.dumps({"order": n, "total": n * 10}))[
            "ResponseMetadata"
        ]["RequestId"]
        for n in (1, 2)
    ]
    group = "/aws/lambda/insightful"

    def reports() -> list[dict[str, str]]:
        now = int(time.time())
        started = logs_client.start_query(
            logGroupName=group,
            startTime=now - 600,
            endTime=now + 60,
            queryString='filter @type = "REPORT" | fields @requestId, @memorySize, @maxMemoryUsed, @duration, '
            "@billedDuration, @initDuration | sort @timestamp asc",
        )
        found = logs_client.get_query_results(queryId=started["queryId"])["results"]
        return [{cell["field"]: cell["value"] for cell in row} for row in found]

    found = wait_until(lambda: (r := reports()) and len(r) == 2 and r)
    assert [row["@requestId"] for row in found] == request_ids
    assert {row["@memorySize"] for row in found} == {"256000000"}
    for row in found:
        assert int(row["@maxMemoryUsed"]) % 1_000_000 == 0 and int(row["@maxMemoryUsed"]) > 0
        assert float(row["@duration"]) > 0 and int(row["@billedDuration"]) >= 1
    assert "@initDuration" in found[0] and "@initDuration" not in found[1]  # the cold start only
    now = int(time.time())
    started = logs_client.start_query(
        logGroupName=group,
        startTime=now - 600,
        endTime=now + 60,
        queryString="filter ispresent(order) | stats sum(total) as revenue, count(*) as orders",
    )
    totals = logs_client.get_query_results(queryId=started["queryId"])["results"]
    assert totals == [[{"field": "revenue", "value": "30"}, {"field": "orders", "value": "2"}]]
    # Lambda's example query for cold starts (its spelling kept).
    cold = logs_client.start_query(
        logGroupName=group,
        startTime=now - 600,
        endTime=now + 60,
        queryString="""filter @type="REPORT"
            | fields @memorySize / 1000000 as memorySize
            | filter @message like /(?i)(Init Duration)/
            | parse @message /^REPORT.*Init Duration: (?<initDuration>.*) ms.*/
            | stats count() as coldStarts, median(initDuration) as avgInitDuration,
                    max(initDuration) as maxInitDuration by memorySize""",
    )
    (row,) = logs_client.get_query_results(queryId=cold["queryId"])["results"]
    assert [cell["field"] for cell in row] == [
        "memorySize",
        "coldStarts",
        "avgInitDuration",
        "maxInitDuration",
    ]
    assert (row[0]["value"], row[1]["value"]) == ("256", "1")
    assert row[2]["value"] == row[3]["value"] == found[0]["@initDuration"]
    # The runtime's logger lines carry the request id too: one invocation's lines, START to REPORT.
    mine = logs_client.start_query(
        logGroupName=group,
        startTime=now - 600,
        endTime=now + 60,
        queryString=f'filter @requestId = "{request_ids[1]}" | fields @type | sort @timestamp asc',
    )
    lines = logs_client.get_query_results(queryId=mine["queryId"])["results"]
    assert [{c["field"]: c["value"] for c in row if c["field"] != "@ptr"} for row in lines] == [
        {"@type": "START"},
        {},
        {"@type": "END"},
        {"@type": "REPORT"},
    ]
    starts = logs_client.start_query(
        logGroupName=group,
        startTime=now - 600,
        endTime=now + 60,
        queryString="filter @type = 'START' | stats count(*) as n by @type",
    )
    assert logs_client.get_query_results(queryId=starts["queryId"])["results"] == [
        [{"field": "@type", "value": "START"}, {"field": "n", "value": "2"}]
    ]


def test_query_definitions_survive_a_restart_queries_do_not(tmp_path: Path) -> None:
    with EmulatorProcess("--data-dir", str(tmp_path)) as emulator:
        logs = emulator.client("logs")
        saved = logs.put_query_definition(name="kept", queryString="fields @message", logGroupNames=["/a"])
        logs.create_log_group(logGroupName="/a")
        query_id = logs.start_query(
            logGroupName="/a", startTime=0, endTime=BASE_S, queryString="fields @message"
        )["queryId"]
    with EmulatorProcess("--data-dir", str(tmp_path)) as emulator:
        logs = emulator.client("logs")
        (definition,) = logs.describe_query_definitions()["queryDefinitions"]
        assert (definition["queryDefinitionId"], definition["name"], definition["logGroupNames"]) == (
            saved["queryDefinitionId"],
            "kept",
            ["/a"],
        )
        assert error(logs.get_query_results, queryId=query_id)["Error"]["Code"] == "ResourceNotFoundException"
