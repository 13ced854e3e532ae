"""Account-level policies: Put/Describe/DeleteAccountPolicy, and transformer policies applied at ingestion.

The rules are the PutAccountPolicy API reference's: selection criteria per policy
type, one data protection and one subscription filter policy per account, prefixes
of transformer policies that may not overlap, a group's own transformer first.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing.process import wait_until

TRANSFORMER = json.dumps({"transformerConfig": [{"parseJSON": {}}, {"addKeys": {"entries": [{"key": "by", "value": "account"}]}}]})


def error(call: Any, **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as info:
        call(**params)
    return info.value.response["Error"]


def test_put_describe_delete(logs_client: Any) -> None:
    document = json.dumps({"DestinationArn": "arn:aws:lambda:us-east-1:000000000000:function:f", "FilterPattern": ""})
    put = logs_client.put_account_policy(
        policyName="subs",
        policyDocument=document,
        policyType="SUBSCRIPTION_FILTER_POLICY",
        selectionCriteria='LogGroupName NOT IN ["noisy"]',
    )["accountPolicy"]
    assert {k: v for k, v in put.items() if k != "lastUpdatedTime"} == {
        "policyName": "subs",
        "policyDocument": document,
        "policyType": "SUBSCRIPTION_FILTER_POLICY",
        "scope": "ALL",
        "selectionCriteria": 'LogGroupName NOT IN ["noisy"]',
        "accountId": "000000000000",
    }
    described = logs_client.describe_account_policies(policyType="SUBSCRIPTION_FILTER_POLICY")["accountPolicies"]
    assert described == [put]
    assert logs_client.describe_account_policies(policyType="SUBSCRIPTION_FILTER_POLICY", policyName="other")[
        "accountPolicies"
    ] == []
    assert logs_client.describe_account_policies(policyType="TRANSFORMER_POLICY")["accountPolicies"] == []
    logs_client.delete_account_policy(policyName="subs", policyType="SUBSCRIPTION_FILTER_POLICY")
    assert logs_client.describe_account_policies(policyType="SUBSCRIPTION_FILTER_POLICY")["accountPolicies"] == []
    missing = error(logs_client.delete_account_policy, policyName="subs", policyType="SUBSCRIPTION_FILTER_POLICY")
    assert missing["Code"] == "ResourceNotFoundException"


def test_one_subscription_filter_policy_per_account(logs_client: Any) -> None:
    document = json.dumps({"DestinationArn": "arn:aws:lambda:us-east-1:000000000000:function:f"})
    logs_client.put_account_policy(policyName="one", policyDocument=document, policyType="SUBSCRIPTION_FILTER_POLICY")
    logs_client.put_account_policy(policyName="one", policyDocument=document, policyType="SUBSCRIPTION_FILTER_POLICY")
    second = error(
        logs_client.put_account_policy, policyName="two", policyDocument=document, policyType="SUBSCRIPTION_FILTER_POLICY"
    )
    assert second["Code"] == "LimitExceededException"


def test_invalid_documents_and_criteria(logs_client: Any) -> None:
    cases = (
        {"policyDocument": "{not json", "policyType": "DATA_PROTECTION_POLICY"},
        {"policyDocument": "{}", "policyType": "DATA_PROTECTION_POLICY", "selectionCriteria": 'LogGroupNamePrefix IN ["a"]'},
        {"policyDocument": TRANSFORMER, "policyType": "TRANSFORMER_POLICY", "selectionCriteria": 'LogGroupName NOT IN ["a"]'},
        {"policyDocument": json.dumps({"transformerConfig": [{"deleteKeys": {"withKeys": ["a"]}}]}), "policyType": "TRANSFORMER_POLICY"},
    )
    for case in cases:
        assert error(logs_client.put_account_policy, policyName="bad", **case)["Code"] == "InvalidParameterException"


def test_transformer_prefixes_may_not_overlap(logs_client: Any) -> None:
    logs_client.put_account_policy(
        policyName="a", policyDocument=TRANSFORMER, policyType="TRANSFORMER_POLICY", selectionCriteria='LogGroupNamePrefix IN ["my-log"]'
    )
    overlap = error(
        logs_client.put_account_policy,
        policyName="b",
        policyDocument=TRANSFORMER,
        policyType="TRANSFORMER_POLICY",
        selectionCriteria='LogGroupNamePrefix IN ["my-logging"]',
    )
    assert overlap["Code"] == "InvalidParameterException"


def test_a_transformer_policy_transforms_the_groups_it_selects(logs_client: Any) -> None:
    logs_client.put_account_policy(
        policyName="apps", policyDocument=TRANSFORMER, policyType="TRANSFORMER_POLICY", selectionCriteria='LogGroupNamePrefix IN ["/app/"]'
    )
    for name in ("/app/selected", "/app/own", "/other/left"):
        logs_client.create_log_group(logGroupName=name)
        logs_client.create_log_stream(logGroupName=name, logStreamName="s")
    logs_client.put_transformer(logGroupIdentifier="/app/own", transformerConfig=[{"parseJSON": {}}])
    stamp = int(time.time() * 1000)
    for name in ("/app/selected", "/app/own", "/other/left"):
        logs_client.put_log_events(logGroupName=name, logStreamName="s", logEvents=[{"timestamp": stamp, "message": '{"a": 1}'}])
    messages = {
        name: logs_client.get_log_events(logGroupName=name, logStreamName="s")["events"][0]["message"]
        for name in ("/app/selected", "/app/own", "/other/left")
    }
    assert json.loads(messages["/app/selected"]) == {"a": 1, "by": "account"}
    assert json.loads(messages["/app/own"]) == {"a": 1}  # its own transformer wins
    assert messages["/other/left"] == '{"a": 1}'
    assert "transformerConfig" not in logs_client.get_transformer(logGroupIdentifier="/app/selected")


COLLECTOR = """
import base64, gzip, json, os

def handler(event, context):
    data = json.loads(gzip.decompress(base64.b64decode(event["awslogs"]["data"])))
    with open(os.environ["RECEIVED"], "a") as received:
        received.write(json.dumps(data) + "\\n")
"""


def test_a_subscription_filter_policy_delivers_the_groups_it_selects(
    create_function: Any, logs_client: Any, tmp_path: Path
) -> None:
    path = tmp_path / "received.jsonl"
    arn = create_function("policy-collector", COLLECTOR, Environment={"Variables": {"RECEIVED": str(path)}})["FunctionArn"]
    document = json.dumps({"DestinationArn": arn, "FilterPattern": "ERROR"})
    logs_client.put_account_policy(
        policyName="errors",
        policyDocument=document,
        policyType="SUBSCRIPTION_FILTER_POLICY",
        selectionCriteria='LogGroupName NOT IN ["quiet"]',
    )
    stamp = int(time.time() * 1000)
    for name in ("loud", "quiet"):
        logs_client.create_log_group(logGroupName=name)
        logs_client.create_log_stream(logGroupName=name, logStreamName="s")
        events = [{"timestamp": stamp, "message": "ERROR boom"}, {"timestamp": stamp, "message": "fine"}]
        logs_client.put_log_events(logGroupName=name, logStreamName="s", logEvents=events)
    batches = wait_until(lambda: [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else None)
    (batch,) = batches
    assert (batch["logGroup"], batch["subscriptionFilters"]) == ("loud", ["errors"])
    assert [e["message"] for e in batch["logEvents"]] == ["ERROR boom"]
