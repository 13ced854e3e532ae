"""AddPermission / GetPolicy as AWS answered LocalStack's recorded requests (its AWS-validated snapshots,
test_lambda_api.snapshot.json::TestLambdaPermissions)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

ACCOUNT = "000000000000"
ARN = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:"
BUCKET = "arn:aws:s3:::test-bucket"


def _statement(lambda_client: Any, **params: Any) -> dict[str, Any]:
    added = lambda_client.add_permission(Action="lambda:InvokeFunction", **params)
    assert added["ResponseMetadata"]["HTTPStatusCode"] == 201
    return json.loads(added["Statement"])


def test_a_statement_id_must_be_a_word(create_function: Callable[..., dict[str, Any]], lambda_client: Any) -> None:
    # test_lambda_api.py::TestLambdaPermissions::test_permission_exceptions (add_permission_invalid_statement_id)
    create_function("sids")
    with pytest.raises(ClientError) as refused:
        lambda_client.add_permission(
            FunctionName="sids", Action="lambda:InvokeFunction", StatementId="example.com", Principal="s3.amazonaws.com"
        )
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert refused.value.response["Error"] == {
        "Code": "ValidationException",
        "Message": "1 validation error detected: Value 'example.com' at 'statementId' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)",
    }


def test_each_kind_of_principal_is_written_as_aws_writes_it(
    create_function: Callable[..., dict[str, Any]], lambda_client: Any
) -> None:
    # test_lambda_api.py::TestLambdaPermissions::test_add_lambda_permission_fields
    create_function("fields")
    resource = ARN + "fields"
    by_account = {"StringEquals": {"AWS:SourceAccount": ACCOUNT}}
    wildcard = _statement(lambda_client, FunctionName="fields", StatementId="wilcard", Principal="*", SourceAccount=ACCOUNT)
    assert (wildcard["Principal"], wildcard["Condition"]) == ("*", by_account)
    service = _statement(
        lambda_client, FunctionName="fields", StatementId="lambda", Principal="lambda.amazonaws.com", SourceAccount=ACCOUNT
    )
    assert (service["Principal"], service["Condition"]) == ({"Service": "lambda.amazonaws.com"}, by_account)
    account = _statement(lambda_client, FunctionName="fields", StatementId="account-id", Principal=ACCOUNT)
    assert account == {
        "Sid": "account-id",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
        "Action": "lambda:InvokeFunction",
        "Resource": resource,
    }
    user = f"arn:aws:iam::{ACCOUNT}:user/someone"
    assert _statement(lambda_client, FunctionName="fields", StatementId="user-arn", Principal=user, SourceAccount=ACCOUNT)[
        "Principal"
    ] == {"AWS": user}
    # An Alexa skill is named by its token, which is written as a condition of its own.
    alexa = _statement(
        lambda_client,
        FunctionName="fields",
        StatementId="alexaSkill",
        Principal="*",
        EventSourceToken="amzn1.ask.skill.xxxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
    )
    assert alexa == {
        "Sid": "alexaSkill",
        "Effect": "Allow",
        "Principal": "*",
        "Action": "lambda:InvokeFunction",
        "Resource": resource,
        "Condition": {"StringEquals": {"lambda:EventSourceToken": "amzn1.ask.skill.xxxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"}},
    }


def test_versions_and_aliases_get_policies_of_their_own(
    create_function: Callable[..., dict[str, Any]], lambda_client: Any
) -> None:
    # test_lambda_api.py::TestLambdaPermissions::test_lambda_permission_fn_versioning
    create_function("versioned")
    grant = {"Action": "lambda:InvokeFunction", "StatementId": "s3", "Principal": "s3.amazonaws.com", "SourceArn": BUCKET}
    lambda_client.add_permission(FunctionName="versioned", **grant)
    lambda_client.publish_version(FunctionName="versioned")
    latest = lambda_client.get_policy(FunctionName="versioned")
    assert latest["RevisionId"] == lambda_client.get_function(FunctionName="versioned")["Configuration"]["RevisionId"]
    with pytest.raises(ClientError) as none_yet:
        lambda_client.get_policy(FunctionName="versioned", Qualifier="1")
    assert none_yet.value.response["Error"]["Message"] == "The resource you requested does not exist."
    lambda_client.add_permission(FunctionName="versioned:1", Qualifier="1", **grant)
    (on_version,) = json.loads(lambda_client.get_policy(FunctionName="versioned", Qualifier="1")["Policy"])["Statement"]
    assert on_version["Resource"] == ARN + "versioned:1"
    alias = lambda_client.create_alias(FunctionName="versioned", Name="permission-alias", FunctionVersion="1")
    with pytest.raises(ClientError) as stale:
        lambda_client.add_permission(FunctionName="versioned", Qualifier="permission-alias", RevisionId="wrong", **grant)
    assert stale.value.response["Error"] == {
        "Code": "PreconditionFailedException",
        "Message": "The Revision Id provided does not match the latest Revision Id. "
        "Call the GetFunction/GetAlias API to retrieve the latest Revision Id",
    }
    lambda_client.add_permission(
        FunctionName="versioned:permission-alias", Qualifier="permission-alias", RevisionId=alias["RevisionId"], **grant
    )
    on_alias = lambda_client.get_policy(FunctionName="versioned", Qualifier="permission-alias")
    assert json.loads(on_alias["Policy"])["Statement"][0]["Resource"] == ARN + "versioned:permission-alias"
    # The alias's revision moved on with its policy, and the function's policy did not change.
    assert on_alias["RevisionId"] != alias["RevisionId"]
    assert on_alias["RevisionId"] == lambda_client.get_alias(FunctionName="versioned", Name="permission-alias")["RevisionId"]
    unchanged = lambda_client.get_policy(FunctionName="versioned")
    assert (unchanged["Policy"], unchanged["RevisionId"]) == (latest["Policy"], latest["RevisionId"])
    lambda_client.add_permission(FunctionName="versioned", RevisionId=unchanged["RevisionId"], **{**grant, "StatementId": "s3_2"})
    statements = json.loads(lambda_client.get_policy(FunctionName="versioned")["Policy"])["Statement"]
    assert [(s["Sid"], s["Resource"]) for s in statements] == [("s3", ARN + "versioned"), ("s3_2", ARN + "versioned")]
