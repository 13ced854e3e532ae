"""Account-level resource policies as AWS answers them, replayed from LocalStack's AWS-validated snapshot
tests/aws/services/logs/test_logs_resource_policies.snapshot.json (recorded 2026-02-06).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing.process import EmulatorProcess

ROUTE53 = {
    "Sid": "Route53LogsToCloudWatchLogs",
    "Effect": "Allow",
    "Principal": {"Service": ["route53.amazonaws.com"]},
    "Action": "logs:PutLogEvents",
    "Resource": "log_arn",
}
DOCUMENT = json.dumps({"Version": "2012-10-17", "Statement": [ROUTE53]})


def error(call: Any, **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as info:
        call(**params)
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    return info.value.response["Error"]


def test_put_answers_the_policy_with_its_document_as_given(logs_client: Any) -> None:
    # LocalStack's AWS-validated snapshot test_logs_resource_policies.snapshot.json::test_put_resource_policy
    before = int(time.time() * 1000)
    policy = logs_client.put_resource_policy(policyName="route53", policyDocument=DOCUMENT)["resourcePolicy"]
    assert before - 1000 <= policy.pop("lastUpdatedTime") <= int(time.time() * 1000) + 1000
    assert policy == {"policyName": "route53", "policyDocument": DOCUMENT, "policyScope": "ACCOUNT"}


def test_describe_shows_documents_normalized(logs_client: Any) -> None:
    # LocalStack's AWS-validated snapshot test_logs_resource_policies.snapshot.json::test_describe_resource_policies
    for i in range(3):
        logs_client.put_resource_policy(policyName=f"policy-{i}", policyDocument=DOCUMENT)
    listed = logs_client.describe_resource_policies()["resourcePolicies"]
    assert [p["policyName"] for p in listed] == ["policy-0", "policy-1", "policy-2"]
    assert [sorted(p) for p in listed] == [["lastUpdatedTime", "policyDocument", "policyName", "policyScope"]] * 3
    statement = {**ROUTE53, "Principal": {"Service": "route53.amazonaws.com"}}  # a one-element list as its element
    assert json.loads(listed[0]["policyDocument"]) == {"Version": "2012-10-17", "Statement": [statement]}
    assert {p["policyScope"] for p in listed} == {"ACCOUNT"}


def test_an_update_replaces_the_document_and_its_time(logs_client: Any) -> None:
    # LocalStack's AWS-validated snapshot test_logs_resource_policies.snapshot.json::test_put_resource_policy_update
    logs_client.put_resource_policy(policyName="p", policyDocument=DOCUMENT)
    (created,) = logs_client.describe_resource_policies()["resourcePolicies"]
    time.sleep(0.01)
    update = '{"Statement":[{"Action":"logs:*","Effect":"Allow","Principal":{"Service": ["route53.amazonaws.com"]},"Resource":"*"}]}'
    answered = logs_client.put_resource_policy(policyName="p", policyDocument=update)["resourcePolicy"]
    assert answered["policyDocument"] == update
    (updated,) = logs_client.describe_resource_policies()["resourcePolicies"]
    assert updated["lastUpdatedTime"] > created["lastUpdatedTime"]
    document = json.loads(updated["policyDocument"])
    # A Version is supplied, and statement members come in AWS's order.
    assert document == {
        "Version": "2008-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "route53.amazonaws.com"}, "Action": "logs:*", "Resource": "*"}],
    }
    assert list(document) == ["Version", "Statement"]
    assert list(document["Statement"][0]) == ["Effect", "Principal", "Action", "Resource"]


def test_delete_and_deleting_a_missing_policy(logs_client: Any) -> None:
    # LocalStack's AWS-validated snapshot test_logs_resource_policies.snapshot.json::test_delete_resource_policy_not_found
    logs_client.put_resource_policy(policyName="p", policyDocument=DOCUMENT)
    logs_client.delete_resource_policy(policyName="p")
    assert logs_client.describe_resource_policies()["resourcePolicies"] == []
    assert error(logs_client.delete_resource_policy, policyName="non-existent") == {
        "Code": "ResourceNotFoundException",
        "Message": "Policy with name [non-existent] does not exist.",
    }


def test_ten_policies_at_most_and_an_update_at_the_limit(logs_client: Any) -> None:
    # LocalStack's AWS-validated snapshot test_logs_resource_policies.snapshot.json::test_put_resource_policy_limit_exceeded
    # and test_logs_resource_policies.py::test_put_resource_policy_update_existing_when_at_limit
    for i in range(10):
        logs_client.put_resource_policy(policyName=f"limit-{i}", policyDocument=DOCUMENT)
    assert error(logs_client.put_resource_policy, policyName="limit-too-many", policyDocument=DOCUMENT) == {
        "Code": "LimitExceededException",
        "Message": "Resource limit exceeded.",
    }
    update = '{"Statement":[{"Action":"logs:*","Effect":"Allow","Principal":{"Service":"logs.amazonaws.com"},"Resource":"*"}]}'
    assert logs_client.put_resource_policy(policyName="limit-1", policyDocument=update)["resourcePolicy"]["policyDocument"] == update
    assert len(logs_client.describe_resource_policies()["resourcePolicies"]) == 10


def test_policies_survive_a_restart(tmp_path: Path) -> None:
    with EmulatorProcess("--data-dir", str(tmp_path)) as emulator:
        emulator.client("logs").put_resource_policy(policyName="kept", policyDocument=DOCUMENT)
    with EmulatorProcess("--data-dir", str(tmp_path)) as emulator:
        (kept,) = emulator.client("logs").describe_resource_policies()["resourcePolicies"]
        assert kept["policyName"] == "kept"
