"""Index policies, DescribeFieldIndexes and GetLogGroupFields (field discovery over recent events)."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

ARN = "arn:aws:logs:us-east-1:000000000000:log-group:{}"


def error(call: Any, **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as info:
        call(**params)
    return info.value.response["Error"]


def write(logs: Any, group: str, *messages: str) -> int:
    logs.create_log_group(logGroupName=group)
    logs.create_log_stream(logGroupName=group, logStreamName="s")
    stamp = int(time.time() * 1000)
    logs.put_log_events(
        logGroupName=group, logStreamName="s", logEvents=[{"timestamp": stamp, "message": m} for m in messages]
    )
    return stamp


def test_index_policy_lifecycle(logs_client: Any) -> None:
    logs_client.create_log_group(logGroupName="indexed")
    document = json.dumps({"Fields": ["requestId"], "FieldsV2": {"status": {"type": "FACET"}}})
    put = logs_client.put_index_policy(logGroupIdentifier="indexed", policyDocument=document)["indexPolicy"]
    assert put["logGroupIdentifier"] == ARN.format("indexed")
    assert put["policyDocument"] == document and put["source"] == "LOG_GROUP"
    (described,) = logs_client.describe_index_policies(logGroupIdentifiers=["indexed"])["indexPolicies"]
    assert described == put
    logs_client.delete_index_policy(logGroupIdentifier="indexed")
    assert logs_client.describe_index_policies(logGroupIdentifiers=["indexed"])["indexPolicies"] == []


def test_index_policy_errors(logs_client: Any) -> None:
    missing = error(logs_client.put_index_policy, logGroupIdentifier="absent", policyDocument='{"Fields": ["a"]}')
    assert missing == {"Code": "ResourceNotFoundException", "Message": "The specified log group does not exist."}
    logs_client.create_log_group(logGroupName="strict")
    for document in ("not json", '{"Fields": []}', '{"Fields": ["a"], "FieldsV2": {"a": {"type": "FACET"}}}'):
        problem = error(logs_client.put_index_policy, logGroupIdentifier="strict", policyDocument=document)
        assert problem["Code"] == "InvalidParameterException"


def test_account_index_policy_applies_without_a_group_policy(logs_client: Any) -> None:
    logs_client.create_log_group(logGroupName="/svc/a")
    logs_client.put_account_policy(
        policyName="svc",
        policyType="FIELD_INDEX_POLICY",
        policyDocument='{"Fields": ["userId"]}',
        selectionCriteria='LogGroupNamePrefix IN ["/svc/"]',
    )
    (policy,) = logs_client.describe_index_policies(logGroupIdentifiers=["/svc/a"])["indexPolicies"]
    assert (policy["source"], policy["policyName"], policy["policyDocument"]) == ("ACCOUNT", "svc", '{"Fields": ["userId"]}')


def test_describe_field_indexes_lists_indexed_fields_found_in_events(logs_client: Any) -> None:
    stamp = write(logs_client, "found", '{"requestId": "r1", "other": 1}', "plain text")
    logs_client.put_index_policy(logGroupIdentifier="found", policyDocument='{"Fields": ["requestId", "neverLogged"]}')
    indexes = logs_client.describe_field_indexes(logGroupIdentifiers=["found"])["fieldIndexes"]
    by_name = {i["fieldIndexName"]: i for i in indexes}
    assert set(by_name) == {"@logStream", "requestId"}
    assert by_name["requestId"]["indexCategory"] == "CUSTOM" and by_name["@logStream"]["indexCategory"] == "DEFAULT"
    assert by_name["requestId"]["firstEventTime"] == by_name["requestId"]["lastEventTime"] == stamp
    custom = logs_client.describe_field_indexes(logGroupIdentifiers=["found"], indexCategories=["CUSTOM"])
    assert [i["fieldIndexName"] for i in custom["fieldIndexes"]] == ["requestId"]


def test_get_log_group_fields(logs_client: Any) -> None:
    write(logs_client, "fields", '{"level": "INFO", "ctx": {"user": "u"}}', '{"level": "WARN"}', "text", "more text")
    fields = logs_client.get_log_group_fields(logGroupName="fields")["logGroupFields"]
    percent = {f["name"]: f["percent"] for f in fields}
    assert percent["@message"] == percent["@timestamp"] == percent["@logStream"] == 100
    assert percent["level"] == 50 and percent["ctx.user"] == 25
    assert [f["percent"] for f in fields] == sorted((f["percent"] for f in fields), reverse=True)
    long_ago = logs_client.get_log_group_fields(logGroupIdentifier=ARN.format("fields"), time=1_000_000)
    assert long_ago["logGroupFields"] == []
    missing = error(logs_client.get_log_group_fields, logGroupName="absent")
    assert missing == {"Code": "ResourceNotFoundException", "Message": "The specified log group does not exist."}
