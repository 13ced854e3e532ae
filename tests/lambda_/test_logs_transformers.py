"""Log transformers: Put/Get/Delete/TestTransformer, and events rewritten as a transformed group ingests them.

The processors' behaviour follows the examples of the CloudWatch Logs User Guide
("Processors that you can use"); the rules a configuration must follow, its
"Create and manage log transformers" page.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing.process import wait_until


def error(call: Any, **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as info:
        call(**params)
    return info.value.response["Error"]


def transformed(logs: Any, config: list[dict[str, Any]], *messages: str) -> list[Any]:
    answer = logs.test_transformer(transformerConfig=config, logEventMessages=list(messages))["transformedLogs"]
    assert [entry["eventMessage"] for entry in answer] == list(messages)
    return [json.loads(entry["transformedEventMessage"]) for entry in answer]


def test_put_get_delete_transformer(logs_client: Any) -> None:
    logs_client.create_log_group(logGroupName="shaped")
    config = [{"parseJSON": {}}, {"addKeys": {"entries": [{"key": "env", "value": "dev"}]}}]
    arn = "arn:aws:logs:us-east-1:000000000000:log-group:shaped"
    logs_client.put_transformer(logGroupIdentifier=arn, transformerConfig=config)
    got = logs_client.get_transformer(logGroupIdentifier="shaped")
    assert got["logGroupIdentifier"] == "shaped"
    assert got["transformerConfig"] == config
    assert got["creationTime"] <= got["lastModifiedTime"]
    logs_client.delete_transformer(logGroupIdentifier="shaped")
    assert "transformerConfig" not in logs_client.get_transformer(logGroupIdentifier="shaped")


def test_missing_group(logs_client: Any) -> None:
    for call, params in (
        (logs_client.put_transformer, {"transformerConfig": [{"parseJSON": {}}]}),
        (logs_client.get_transformer, {}),
        (logs_client.delete_transformer, {}),
    ):
        assert error(call, logGroupIdentifier="absent", **params) == {
            "Code": "ResourceNotFoundException",
            "Message": "The specified log group does not exist.",
        }


def test_configuration_rules(logs_client: Any) -> None:
    logs_client.create_log_group(logGroupName="ruled")
    for config in (
        [{"addKeys": {"entries": [{"key": "a", "value": "b"}]}}],  # the first is not a parser
        [{"parseJSON": {}}, {"parseVPC": {}}],  # a vended-log parser that is not first
        [{"grok": {"match": "%{WORD:a}"}}, {"grok": {"match": "%{WORD:b}"}}],  # two grok processors
        [{"parseJSON": {}}] * 21,  # over 20 processors
        [{"grok": {"match": "%{NOSUCHPATTERN:a}"}}],
        [{"parseJSON": {}, "csv": {}}],  # one processor naming two kinds
        [{"parseJSON": {"source": "body"}}],  # a first parseJSON reads @message
        [{"grok": {"match": " ".join(["%{WORD}"] * 21)}}],  # over 20 grok patterns
    ):
        assert error(logs_client.put_transformer, logGroupIdentifier="ruled", transformerConfig=config)["Code"] == (
            "InvalidParameterException"
        )
    assert "transformerConfig" not in logs_client.get_transformer(logGroupIdentifier="ruled")


def test_only_standard_groups_take_a_transformer(logs_client: Any) -> None:
    logs_client.create_log_group(logGroupName="rare", logGroupClass="INFREQUENT_ACCESS")
    problem = error(logs_client.put_transformer, logGroupIdentifier="rare", transformerConfig=[{"parseJSON": {}}])
    assert problem["Code"] == "InvalidParameterException"


def test_json_mutations(logs_client: Any) -> None:
    config = [
        {"parseJSON": {}},
        {"addKeys": {"entries": [{"key": "outer.added", "value": "new"}, {"key": "kept", "value": "no"}]}},
        {"deleteKeys": {"withKeys": ["drop"]}},
        {"renameKeys": {"entries": [{"key": "old", "renameTo": "new"}, {"key": "outer.twin", "renameTo": "sibling"}]}},
        {"moveKeys": {"entries": [{"source": "outer.inner", "target": "moved"}]}},
        {"copyValue": {"entries": [{"source": "new", "target": "copy"}]}},
    ]
    (document,) = transformed(
        logs_client, config, json.dumps({"outer": {"inner": "v", "twin": 2}, "kept": "yes", "drop": 1, "old": "o"})
    )
    assert document == {"outer": {"added": "new", "sibling": 2}, "kept": "yes", "new": "o", "moved": "v", "copy": "o"}


def test_string_mutations_and_types(logs_client: Any) -> None:
    config = [
        {"parseJSON": {}},
        {"lowerCaseString": {"withKeys": ["lower"]}},
        {"upperCaseString": {"withKeys": ["upper"]}},
        {"trimString": {"withKeys": ["padded"]}},
        {"splitString": {"entries": [{"source": "path", "delimiter": "/"}]}},
        {"substituteString": {"entries": [{"source": "masked", "from": "(\\d{3})\\d+", "to": "$1***"}]}},
        {"typeConverter": {"entries": [{"key": "status", "type": "integer"}, {"key": "ok", "type": "boolean"}]}},
    ]
    message = {
        "lower": "MiXeD", "upper": "MiXeD", "padded": "  x  ", "path": "a/b/c",
        "masked": "card 4111222233334444", "status": "200", "ok": "TRUE",
    }  # fmt: skip
    (document,) = transformed(logs_client, config, json.dumps(message))
    assert document == {
        "lower": "mixed", "upper": "MIXED", "padded": "x", "path": ["a", "b", "c"],
        "masked": "card 411***", "status": 200, "ok": True,
    }  # fmt: skip


def test_parsers(logs_client: Any) -> None:
    (csv,) = transformed(logs_client, [{"csv": {"columns": ["user", "action"]}}], 'alice,"log in, out",extra')
    assert csv == {"user": "alice", "action": "log in, out", "column_3": "extra"}
    kv_config = [{"parseKeyValue": {"destination": "kv", "keyPrefix": "p_", "nonMatchValue": "none"}}]
    (kv,) = transformed(logs_client, kv_config, "a=1&b=x=y&lonely")
    assert kv == {"kv": {"p_a": "1", "p_b": "x=y", "p_lonely": "none"}}
    grok = [{"grok": {"match": "%{IP:client} %{WORD:http.method} %{URIPATHPARAM:http.path} %{NUMBER:status}"}}]
    (access,) = transformed(logs_client, grok, "10.0.0.1 GET /index.html?x=1 404")
    assert access == {"client": "10.0.0.1", "http": {"method": "GET", "path": "/index.html?x=1"}, "status": "404"}
    (level,) = transformed(logs_client, [{"grok": {"match": "%{LOGLEVEL:level}: %{GREEDYDATA:text}"}}], "12:00 WARN: disk low")
    assert level == {"level": "WARN", "text": "disk low"}  # found anywhere in the line, as grok searches
    (nested,) = transformed(logs_client, [{"parseJSON": {"destination": "new_key"}}], '{"outer_key": {"inner_key": 1}}')
    assert nested == {"new_key": {"outer_key": {"inner_key": 1}}}


def test_list_to_map_and_dates(logs_client: Any) -> None:
    config = [
        {"parseJSON": {}},
        {"listToMap": {"source": "items", "key": "k", "valueKey": "v", "flatten": True, "flattenedElement": "last"}},
        {"listToMap": {"source": "items", "key": "k", "valueKey": "v", "target": "all"}},
        {
            "dateTimeConverter": {
                "source": "when", "target": "iso", "matchPatterns": ["dd/MMM/yyyy:HH:mm:ss Z"],
            }
        },
    ]  # fmt: skip
    message = {"items": [{"k": "a", "v": 1}, {"k": "b", "v": 2}, {"k": "b", "v": 3}], "when": "10/Oct/2000:13:55:36 -0700"}
    (document,) = transformed(logs_client, config, json.dumps(message))
    assert document["a"] == 1 and document["b"] == 3
    assert document["all"] == {"a": [1], "b": [2, 3]}
    assert document["iso"] == "2000-10-10T20:55:36.000Z"


def test_a_message_the_transformer_fails_on_comes_back_unchanged(logs_client: Any) -> None:
    answer = logs_client.test_transformer(transformerConfig=[{"parseJSON": {}}], logEventMessages=["not json", "{}"])
    assert [(e["eventNumber"], e["transformedEventMessage"]) for e in answer["transformedLogs"]] == [
        (1, "not json"),
        (2, "{}"),
    ]


def test_ingested_events_are_stored_transformed(logs_client: Any) -> None:
    logs_client.create_log_group(logGroupName="ingest")
    logs_client.create_log_stream(logGroupName="ingest", logStreamName="s")
    config = [
        {"parseJSON": {}},
        {
            "copyValue": {
                "entries": [{"source": "@logGroupName", "target": "group"}, {"source": "@logGroupStream", "target": "stream"}]
            }
        },
    ]
    logs_client.put_transformer(logGroupIdentifier="ingest", transformerConfig=config)
    stamp = int(time.time() * 1000)
    batch = [{"timestamp": stamp, "message": '{"level": "INFO"}'}, {"timestamp": stamp, "message": "plain"}]
    logs_client.put_log_events(logGroupName="ingest", logStreamName="s", logEvents=batch)
    events = logs_client.get_log_events(logGroupName="ingest", logStreamName="s", startFromHead=True)["events"]
    assert json.loads(events[0]["message"]) == {"level": "INFO", "group": "ingest", "stream": "s"}
    assert events[1]["message"] == "plain"
    found = logs_client.filter_log_events(logGroupName="ingest", filterPattern="{ $.group = \"ingest\" }")["events"]
    assert len(found) == 1


JSON_PRINTS = """
import json

def handler(event, context):
    print(json.dumps({"level": "INFO", "user": event["user"]}))
    return "ok"
"""


def test_a_functions_json_output_is_transformed(create_function: Any, lambda_client: Any, logs_client: Any) -> None:
    logs_client.create_log_group(logGroupName="/aws/lambda/shaped-fn")
    config = [
        {"parseJSON": {}},
        {"upperCaseString": {"withKeys": ["user"]}},
        {"copyValue": {"entries": [{"source": "@logGroupName", "target": "group"}]}},
    ]
    logs_client.put_transformer(logGroupIdentifier="/aws/lambda/shaped-fn", transformerConfig=config)
    create_function("shaped-fn", JSON_PRINTS)
    lambda_client.invoke(FunctionName="shaped-fn", Payload=json.dumps({"user": "alice"}))

    def messages() -> list[str]:
        found = logs_client.filter_log_events(logGroupName="/aws/lambda/shaped-fn")["events"]
        return [e["message"] for e in found] if any("REPORT" in e["message"] for e in found) else []

    shaped = [json.loads(m) for m in wait_until(messages) if m.startswith("{")]
    assert shaped == [{"level": "INFO", "user": "ALICE", "group": "/aws/lambda/shaped-fn"}]


def test_odd_input_leaves_the_event_as_it_came(logs_client: Any) -> None:
    (tabbed,) = transformed(logs_client, [{"csv": {"delimiter": "\\t", "columns": ["a", "b"]}}], "1\t2")
    assert tabbed == {"a": "1", "b": "2"}
    config = [{"parseJSON": {}}, {"typeConverter": {"entries": [{"key": "nested", "type": "integer"}]}}]
    answer = logs_client.test_transformer(transformerConfig=config, logEventMessages=['{"nested": {"a": 1}}'])
    assert answer["transformedLogs"][0]["transformedEventMessage"] == '{"nested": {"a": 1}}'


COLLECTOR = """
import base64, gzip, json, os

def handler(event, context):
    data = json.loads(gzip.decompress(base64.b64decode(event["awslogs"]["data"])))
    with open(os.environ["RECEIVED"], "a") as received:
        received.write(json.dumps(data) + "\\n")
"""


def test_subscription_filters_read_the_events_as_ingested_unless_told_otherwise(
    create_function: Any, lambda_client: Any, logs_client: Any, tmp_path: Path
) -> None:
    path = tmp_path / "received.jsonl"
    arn = create_function("shape-collector", COLLECTOR, Environment={"Variables": {"RECEIVED": str(path)}})["FunctionArn"]
    lambda_client.add_permission(
        FunctionName="shape-collector", StatementId="logs", Principal="logs.amazonaws.com", Action="lambda:InvokeFunction"
    )
    logs_client.create_log_group(logGroupName="both")
    logs_client.create_log_stream(logGroupName="both", logStreamName="s")
    logs_client.put_transformer(logGroupIdentifier="both", transformerConfig=[{"parseJSON": {}}, {"upperCaseString": {"withKeys": ["v"]}}])
    for name, transformed_logs in (("original", False), ("transformed", True)):
        logs_client.put_subscription_filter(
            logGroupName="both", filterName=name, filterPattern="", destinationArn=arn, applyOnTransformedLogs=transformed_logs
        )
    stamp = int(time.time() * 1000)
    logs_client.put_log_events(logGroupName="both", logStreamName="s", logEvents=[{"timestamp": stamp, "message": '{"v": "low"}'}])

    def batches() -> dict[str, str] | None:
        found = [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []
        return {b["subscriptionFilters"][0]: b["logEvents"][0]["message"] for b in found} if len(found) == 2 else None

    assert wait_until(batches) == {"original": '{"v": "low"}', "transformed": '{"v":"LOW"}'}
