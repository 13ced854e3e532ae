"""Resource-based policies (Put/Get/DeleteResourcePolicy), as moto's aws_verified
test_dynamodb_resource_policy.py records AWS: revisions, expected-revision refusals, wording."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError
from ddb_helpers import create_table, error_of

from emulator.testing import EmulatorProcess

NOT_FOUND = "Resource-based policy not found for the provided ResourceArn: "


def document(action: str = "dynamodb:*") -> str:
    statement = {"Principal": {"AWS": "000000000000"}, "Effect": "Allow", "Action": [action], "Resource": "*"}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


@pytest.fixture
def arn(dynamodb: Any, hash_table: str) -> str:
    return str(dynamodb.describe_table(TableName=hash_table)["Table"]["TableArn"])


def put(dynamodb: Any, arn: str, action: str = "dynamodb:*", **params: Any) -> str:
    return str(dynamodb.put_resource_policy(ResourceArn=arn, Policy=document(action), **params)["RevisionId"])


def refused(call: Any, **params: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as caught:
        call(**params)
    return error_of(caught)


def test_put_then_get(dynamodb: Any, arn: str) -> None:
    revision = put(dynamodb, arn)
    policy = dynamodb.get_resource_policy(ResourceArn=arn)
    assert policy["RevisionId"] == revision
    assert json.loads(policy["Policy"])["Statement"][0]["Action"] == ["dynamodb:*"]


def test_same_document_keeps_its_revision_a_new_one_gets_a_later_one(dynamodb: Any, arn: str) -> None:
    first = put(dynamodb, arn)
    assert put(dynamodb, arn) == first
    later = put(dynamodb, arn, "dynamodb:PutItem")
    assert later != first
    assert int(later) > int(first)


def test_expected_revision_must_be_the_current_one(dynamodb: Any, arn: str, hash_table: str) -> None:
    first = put(dynamodb, arn)
    second = put(dynamodb, arn, "dynamodb:PutItem", ExpectedRevisionId=first)
    assert refused(dynamodb.put_resource_policy, ResourceArn=arn, Policy=document("dynamodb:GetItem"), ExpectedRevisionId=first) == (
        "PolicyNotFoundException",
        f"{NOT_FOUND}Requested update for policy with revision id {first}, but the policy associated to target table "
        f"{hash_table} has revision id {second}.",
    )
    assert dynamodb.get_resource_policy(ResourceArn=arn)["RevisionId"] == second


def test_no_policy_expectation(dynamodb: Any, arn: str, hash_table: str) -> None:
    revision = put(dynamodb, arn, ExpectedRevisionId="NO_POLICY")
    assert dynamodb.get_resource_policy(ResourceArn=arn)["RevisionId"] == revision
    assert refused(dynamodb.put_resource_policy, ResourceArn=arn, Policy=document("x:Y"), ExpectedRevisionId="NO_POLICY") == (
        "PolicyNotFoundException",
        f"{NOT_FOUND}Requested policy update expecting none to be present for table {hash_table}, "
        f"but a policy exists with revision id {revision}.",
    )


def test_missing_policy_and_missing_table(dynamodb: Any, arn: str, hash_table: str) -> None:
    assert refused(dynamodb.get_resource_policy, ResourceArn=arn) == ("PolicyNotFoundException", NOT_FOUND + arn)
    missing = ("ResourceNotFoundException", f"Requested resource not found: Table: {hash_table}_ not found")
    assert refused(dynamodb.put_resource_policy, ResourceArn=arn + "_", Policy=document()) == missing
    assert refused(dynamodb.get_resource_policy, ResourceArn=arn + "_") == missing
    assert refused(dynamodb.delete_resource_policy, ResourceArn=arn + "_") == missing


def test_delete(dynamodb: Any, arn: str, hash_table: str) -> None:
    old = put(dynamodb, arn)
    new = put(dynamodb, arn, "dynamodb:PutItem")
    for expected in (old, "unknown"):
        assert refused(dynamodb.delete_resource_policy, ResourceArn=arn, ExpectedRevisionId=expected) == (
            "PolicyNotFoundException",
            f"{NOT_FOUND}Requested update for policy with revision id {expected}, but the policy associated to target "
            f"table {hash_table} has revision id {new}.",
        )
    assert dynamodb.delete_resource_policy(ResourceArn=arn, ExpectedRevisionId=new)["RevisionId"] == new
    assert refused(dynamodb.get_resource_policy, ResourceArn=arn)[0] == "PolicyNotFoundException"
    assert refused(dynamodb.delete_resource_policy, ResourceArn=arn) == ("PolicyNotFoundException", NOT_FOUND + arn)


def test_create_table_attaches_its_policy(dynamodb: Any) -> None:
    table = create_table(dynamodb, "guarded", ResourcePolicy=document())
    policy = dynamodb.get_resource_policy(ResourceArn=table["TableArn"])
    assert policy["Policy"] == document()
    assert policy["RevisionId"].isdigit()


def test_policy_survives_a_restart(tmp_path: Path) -> None:
    with EmulatorProcess("--data-dir", str(tmp_path)) as emulator:
        dynamodb = emulator.client("dynamodb")
        arn = create_table(dynamodb, "kept")["TableArn"]
        revision = put(dynamodb, arn)
    with EmulatorProcess("--data-dir", str(tmp_path)) as emulator:
        policy = emulator.client("dynamodb").get_resource_policy(ResourceArn=arn)
    assert (policy["Policy"], policy["RevisionId"]) == (document(), revision)
