"""Log groups as AWS describes them today: deletion protection, and DescribeLogGroups' wording.

AWS's answers as recorded in LocalStack's AWS-validated snapshots
(tests/aws/services/logs/test_logs_groups.snapshot.json, recorded 2026-02).
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError


def error(call: Any, **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as info:
        call(**params)
    return info.value.response["Error"]


def test_describe_log_groups_shows_what_aws_shows(logs_client: Any) -> None:
    logs_client.create_log_group(logGroupName="described")
    (group,) = logs_client.describe_log_groups(logGroupNamePrefix="described")["logGroups"]
    assert {k: v for k, v in group.items() if k != "creationTime"} == {
        "logGroupName": "described",
        "arn": "arn:aws:logs:us-east-1:000000000000:log-group:described:*",
        "logGroupArn": "arn:aws:logs:us-east-1:000000000000:log-group:described",
        "logGroupClass": "STANDARD",
        "metricFilterCount": 0,
        "storedBytes": 0,
        "deletionProtectionEnabled": False,
    }


def test_prefix_and_pattern_are_mutually_exclusive(logs_client: Any) -> None:
    assert error(logs_client.describe_log_groups, logGroupNamePrefix="a", logGroupNamePattern="a") == {
        "Code": "InvalidParameterException",
        "Message": "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.",
    }


def test_deletion_protection_blocks_deletion_until_turned_off(logs_client: Any) -> None:
    logs_client.create_log_group(logGroupName="guarded", deletionProtectionEnabled=True)
    logs_client.create_log_stream(logGroupName="guarded", logStreamName="s")
    assert logs_client.describe_log_groups(logGroupNamePrefix="guarded")["logGroups"][0]["deletionProtectionEnabled"] is True
    assert error(logs_client.delete_log_group, logGroupName="guarded")["Code"] == "ValidationException"
    assert error(logs_client.delete_log_stream, logGroupName="guarded", logStreamName="s")["Code"] == "ValidationException"
    arn = "arn:aws:logs:us-east-1:000000000000:log-group:guarded"
    logs_client.put_log_group_deletion_protection(logGroupIdentifier=arn, deletionProtectionEnabled=False)
    assert logs_client.describe_log_groups(logGroupNamePrefix="guarded")["logGroups"][0]["deletionProtectionEnabled"] is False
    logs_client.delete_log_group(logGroupName="guarded")
    assert logs_client.describe_log_groups(logGroupNamePrefix="guarded")["logGroups"] == []
    missing = error(logs_client.put_log_group_deletion_protection, logGroupIdentifier="absent", deletionProtectionEnabled=True)
    assert missing == {"Code": "ResourceNotFoundException", "Message": "The specified log group does not exist."}
