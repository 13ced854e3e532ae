"""PutResourcePolicy, GetResourcePolicy and DeleteResourcePolicy, and how they meet AddPermission.

AWS documents that PutResourcePolicy replaces the resource's whole policy, statements
AddPermission added included, and that a RevisionId given must match the policy's
(PreconditionFailedException). The rest follows the emulator's AddPermission/GetPolicy
(one policy per function, version or alias; its RevisionId is its owner's).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.lambda_runtime.functions import Function
from emulator.testing.functions import create_python_function
from emulator.testing.process import EmulatorProcess

ARN = "arn:aws:lambda:us-east-1:000000000000:function:"
STALE = "00000000-0000-0000-0000-000000000000"
MISMATCH = "The Revision Id provided does not match the latest Revision Id. Call the GetResourcePolicy API to retrieve the latest Revision Id"


def document(resource: str, sid: str = "s3", service: str = "s3.amazonaws.com", **extra: Any) -> dict[str, Any]:
    statement = {
        "Sid": sid,
        "Effect": "Allow",
        "Principal": {"Service": service},
        "Action": "lambda:InvokeFunction",
        "Resource": resource,
        **extra,
    }
    return {"Version": "2012-10-17", "Statement": [statement]}


def put(lambda_client: Any, arn: str, policy: dict[str, Any], **options: Any) -> dict[str, Any]:
    return lambda_client.put_resource_policy(ResourceArn=arn, Policy=json.dumps(policy), **options)


def error_of(call: Any, *args: Any, **kwargs: Any) -> tuple[int, dict[str, str]]:
    with pytest.raises(ClientError) as info:
        call(*args, **kwargs)
    response = info.value.response
    return response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]


def test_a_put_policy_is_what_both_gets_show(create_function: Any, lambda_client: Any) -> None:
    created = create_function("fn")
    policy = document(ARN + "fn", Condition={"StringEquals": {"AWS:SourceAccount": "000000000000"}})
    answer = put(lambda_client, ARN + "fn", policy)
    assert json.loads(answer["Policy"]) == policy
    assert answer["RevisionId"] != created["RevisionId"]
    # The policy's revision is the function's, renewed by the change.
    assert lambda_client.get_function(FunctionName="fn")["Configuration"]["RevisionId"] == answer["RevisionId"]
    got = lambda_client.get_resource_policy(ResourceArn=ARN + "fn")
    assert (json.loads(got["Policy"]), got["RevisionId"]) == (policy, answer["RevisionId"])
    old = lambda_client.get_policy(FunctionName="fn")
    assert (json.loads(old["Policy"]), old["RevisionId"]) == (policy, answer["RevisionId"])
    # $LATEST shares the function's policy.
    assert json.loads(lambda_client.get_resource_policy(ResourceArn=ARN + "fn:$LATEST")["Policy"]) == policy


def test_put_replaces_statements_add_permission_added_and_add_permission_adds_to_a_put_policy(
    create_function: Any, lambda_client: Any
) -> None:
    create_function("mixed")
    for sid in ("one", "two"):
        lambda_client.add_permission(FunctionName="mixed", StatementId=sid, Action="lambda:InvokeFunction", Principal="sns.amazonaws.com")
    policy = document(ARN + "mixed", sid="put")
    put(lambda_client, ARN + "mixed", policy)
    assert json.loads(lambda_client.get_policy(FunctionName="mixed")["Policy"]) == policy

    added = lambda_client.add_permission(
        FunctionName="mixed", StatementId="one", Action="lambda:InvokeFunction", Principal="events.amazonaws.com"
    )
    shown = json.loads(lambda_client.get_resource_policy(ResourceArn=ARN + "mixed")["Policy"])
    assert shown == {**policy, "Statement": [*policy["Statement"], json.loads(added["Statement"])]}
    status, error = error_of(
        lambda_client.add_permission, FunctionName="mixed", StatementId="put", Action="lambda:InvokeFunction", Principal="sns.amazonaws.com"
    )
    assert (status, error["Code"]) == (409, "ResourceConflictException")

    # RemovePermission takes a put statement out by its Sid; the last one takes the policy with it.
    lambda_client.remove_permission(FunctionName="mixed", StatementId="put")
    assert [s["Sid"] for s in json.loads(lambda_client.get_policy(FunctionName="mixed")["Policy"])["Statement"]] == ["one"]
    lambda_client.remove_permission(FunctionName="mixed", StatementId="one")
    assert error_of(lambda_client.get_resource_policy, ResourceArn=ARN + "mixed") == (
        404,
        {"Code": "ResourceNotFoundException", "Message": "The resource you requested does not exist."},
    )


def test_revision_ids_guard_put_and_delete(create_function: Any, lambda_client: Any) -> None:
    create_function("guarded")
    # The revision of the active function (CreateFunction's answer carries the one it had while being created).
    active = lambda_client.get_function(FunctionName="guarded")["Configuration"]["RevisionId"]
    policy = document(ARN + "guarded")
    status, error = error_of(put, lambda_client, ARN + "guarded", policy, RevisionId=STALE)
    assert (status, error) == (412, {"Code": "PreconditionFailedException", "Message": MISMATCH})
    first = put(lambda_client, ARN + "guarded", policy, RevisionId=active)
    # Every put issues a new revision, even of the same document.
    second = put(lambda_client, ARN + "guarded", policy, RevisionId=first["RevisionId"])
    assert second["RevisionId"] != first["RevisionId"]
    assert error_of(put, lambda_client, ARN + "guarded", policy, RevisionId=first["RevisionId"])[0] == 412
    # AddPermission's revision is the same one.
    current = lambda_client.get_resource_policy(ResourceArn=ARN + "guarded")["RevisionId"]
    lambda_client.add_permission(
        FunctionName="guarded", StatementId="more", Action="lambda:InvokeFunction", Principal="sns.amazonaws.com", RevisionId=current
    )
    assert error_of(lambda_client.delete_resource_policy, ResourceArn=ARN + "guarded", RevisionId=current) == (
        412,
        {"Code": "PreconditionFailedException", "Message": MISMATCH},
    )
    latest = lambda_client.get_resource_policy(ResourceArn=ARN + "guarded")["RevisionId"]
    lambda_client.delete_resource_policy(ResourceArn=ARN + "guarded", RevisionId=latest)
    assert lambda_client.get_function(FunctionName="guarded")["Configuration"]["RevisionId"] != latest


def test_get_and_delete_without_a_policy(create_function: Any, lambda_client: Any) -> None:
    create_function("bare")
    assert error_of(lambda_client.get_resource_policy, ResourceArn=ARN + "bare") == (
        404,
        {"Code": "ResourceNotFoundException", "Message": "The resource you requested does not exist."},
    )
    assert error_of(lambda_client.delete_resource_policy, ResourceArn=ARN + "bare") == (
        404,
        {"Code": "ResourceNotFoundException", "Message": "No policy is associated with the given resource."},
    )
    put(lambda_client, ARN + "bare", document(ARN + "bare"))
    lambda_client.delete_resource_policy(ResourceArn=ARN + "bare")
    assert error_of(lambda_client.get_policy, FunctionName="bare")[0] == 404


def test_versions_and_aliases_have_policies_of_their_own(create_function: Any, lambda_client: Any) -> None:
    create_function("multi", Publish=True)
    alias = lambda_client.create_alias(FunctionName="multi", Name="live", FunctionVersion="1")
    on_version = put(lambda_client, ARN + "multi:1", document(ARN + "multi:1", sid="v1"))
    assert lambda_client.get_function(FunctionName="multi", Qualifier="1")["Configuration"]["RevisionId"] == on_version["RevisionId"]
    on_alias = put(lambda_client, ARN + "multi:live", document(ARN + "multi:live", sid="live"))
    assert lambda_client.get_alias(FunctionName="multi", Name="live")["RevisionId"] == on_alias["RevisionId"] != alias["RevisionId"]
    sids = {
        qualifier: json.loads(lambda_client.get_policy(FunctionName="multi", Qualifier=qualifier)["Policy"])["Statement"][0]["Sid"]
        for qualifier in ("1", "live")
    }
    assert sids == {"1": "v1", "live": "live"}
    assert error_of(lambda_client.get_resource_policy, ResourceArn=ARN + "multi")[0] == 404
    lambda_client.delete_resource_policy(ResourceArn=ARN + "multi:live")
    assert json.loads(lambda_client.get_resource_policy(ResourceArn=ARN + "multi:1")["Policy"])["Statement"][0]["Sid"] == "v1"


def test_what_a_resource_arn_must_name(create_function: Any, lambda_client: Any) -> None:
    create_function("named")
    policy = document(ARN + "named")
    assert error_of(put, lambda_client, ARN + "named:$LATEST", policy) == (
        400,
        {"Code": "InvalidParameterValueException", "Message": "We currently do not support adding policies for $LATEST."},
    )
    assert error_of(put, lambda_client, ARN + "named:nope", policy) == (
        404,
        {"Code": "ResourceNotFoundException", "Message": f"Cannot find alias arn: {ARN}named:nope"},
    )
    assert error_of(put, lambda_client, ARN + "named:7", policy) == (
        404,
        {"Code": "ResourceNotFoundException", "Message": f"Function not found: {ARN}named:7"},
    )
    for call in (
        lambda: put(lambda_client, ARN + "absent", policy),
        lambda: lambda_client.get_resource_policy(ResourceArn=ARN + "absent"),
    ):
        assert error_of(call) == (404, {"Code": "ResourceNotFoundException", "Message": f"Function not found: {ARN}absent"})
    other_region = "arn:aws:lambda:eu-west-1:000000000000:function:named"
    assert error_of(lambda_client.get_resource_policy, ResourceArn=other_region) == (
        404,
        {"Code": "ResourceNotFoundException", "Message": "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')"},
    )
    status, error = error_of(lambda_client.get_resource_policy, ResourceArn="arn:aws:lambda:us-east-1:000000000000:layer:l:1")
    assert (status, error["Code"]) == (400, "ValidationException")
    assert error["Message"].startswith(
        "1 validation error detected: Value 'arn:aws:lambda:us-east-1:000000000000:layer:l:1' at 'resourceArn' failed to "
        "satisfy constraint: Member must satisfy regular expression pattern: "
    )


@pytest.mark.parametrize(
    ("policy", "reason"),
    [
        ("{not json", "Syntax errors in policy."),
        ("[]", "Syntax errors in policy."),
        ('{"Version": "2012-10-17"}', "Missing required field Statement"),
        ('{"Version": "2012-10-17", "Statement": []}', "Missing required field Statement"),
        ('{"Statement": [{"Principal": "*", "Action": "lambda:*", "Resource": "*"}]}', "Missing required field Effect"),
        ('{"Statement": {"Effect": "Maybe", "Principal": "*", "Action": "lambda:*", "Resource": "*"}}', "Invalid effect: Maybe"),
        ('{"Statement": [{"Effect": "Allow", "Action": "lambda:*", "Resource": "*"}]}', "Missing required field Principal"),
        ('{"Statement": [{"Effect": "Allow", "Principal": "*", "Resource": "*"}]}', "Policy statement must contain actions."),
        ('{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "lambda:*"}]}', "Policy statement must contain resources."),
        (
            '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "a", "Resource": "*", "Extra": 1}]}',
            "Policy statement has unsupported element Extra",
        ),
        (
            '{"Version": "2020-01-01", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "a", "Resource": "*"}]}',
            "The policy must contain a valid version string",
        ),
        ('{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "bob"}, "Action": "a", "Resource": "*"}]}', "Invalid principal in policy"),
        ('{"Statement": [{"Effect": "Allow", "Principal": {"Robot": "r2"}, "Action": "a", "Resource": "*"}]}', "Invalid principal in policy"),
        ('{"Statement": [{"Effect": "Allow", "Principal": "someone", "Action": "a", "Resource": "*"}]}', "Invalid principal in policy"),
    ],
)
def test_invalid_policies_are_refused_and_change_nothing(
    create_function: Any, lambda_client: Any, policy: str, reason: str
) -> None:
    create_function("strict")
    active = lambda_client.get_function(FunctionName="strict")["Configuration"]["RevisionId"]
    status, error = error_of(lambda_client.put_resource_policy, ResourceArn=ARN + "strict", Policy=policy)
    assert (status, error) == (400, {"Code": "InvalidParameterValueException", "Message": f"The policy is invalid: {reason}"})
    assert error_of(lambda_client.get_resource_policy, ResourceArn=ARN + "strict")[0] == 404
    assert lambda_client.get_function(FunctionName="strict")["Configuration"]["RevisionId"] == active


def test_principals_a_policy_may_name(create_function: Any, lambda_client: Any) -> None:
    create_function("open")
    statement = {"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": ARN + "open"}
    principals = [
        "*",
        {"AWS": "*"},
        {"AWS": ["123456789012", "arn:aws:iam::123456789012:role/caller", "arn:aws:sts::123456789012:assumed-role/r/s"]},
        {"Service": ["s3.amazonaws.com", "events.amazonaws.com"]},
    ]
    for principal in principals:
        put(lambda_client, ARN + "open", {"Version": "2012-10-17", "Statement": [{**statement, "Principal": principal}]})
        assert json.loads(lambda_client.get_policy(FunctionName="open")["Policy"])["Statement"][0]["Principal"] == principal


def test_add_permission_may_not_grow_a_policy_past_its_limit(create_function: Any, lambda_client: Any) -> None:
    create_function("full")
    policy = document(ARN + "full", sid="x" * 20_200)
    put(lambda_client, ARN + "full", policy)
    with pytest.raises(ClientError) as info:
        lambda_client.add_permission(FunctionName="full", StatementId="more", Action="lambda:InvokeFunction", Principal="sns.amazonaws.com")
    response = info.value.response
    assert (response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Code"]) == (400, "PolicyLengthExceededException")
    size = re.fullmatch(r"The final policy size \((\d+)\) is bigger than the limit \(20480\)\.", response["Error"]["Message"])
    assert size is not None and int(size[1]) > 20_480
    assert json.loads(lambda_client.get_policy(FunctionName="full")["Policy"]) == policy


def test_a_policy_longer_than_the_model_allows(create_function: Any, lambda_client: Any) -> None:
    create_function("long")
    policy = json.dumps(document(ARN + "long", sid="x" * 20_480))
    status, error = error_of(lambda_client.put_resource_policy, ResourceArn=ARN + "long", Policy=policy)
    assert (status, error["Code"]) == (400, "ValidationException")
    assert error["Message"].endswith("at 'policy' failed to satisfy constraint: Member must have length less than or equal to 20480")


def test_a_single_statement_object_is_kept_as_put(create_function: Any, lambda_client: Any) -> None:
    create_function("single")
    policy = {"Version": "2012-10-17", "Id": "mine", "Statement": document(ARN + "single")["Statement"][0]}
    put(lambda_client, ARN + "single", policy)
    assert json.loads(lambda_client.get_resource_policy(ResourceArn=ARN + "single")["Policy"]) == policy
    lambda_client.add_permission(FunctionName="single", StatementId="sns", Action="lambda:InvokeFunction", Principal="sns.amazonaws.com")
    shown = json.loads(lambda_client.get_policy(FunctionName="single")["Policy"])
    assert (shown["Id"], [s["Sid"] for s in shown["Statement"]]) == ("mine", ["s3", "sns"])


def test_deleting_a_version_drops_its_policy(create_function: Any, lambda_client: Any) -> None:
    create_function("versioned", Publish=True)
    put(lambda_client, ARN + "versioned", document(ARN + "versioned", sid="function"))
    put(lambda_client, ARN + "versioned:1", document(ARN + "versioned:1", sid="version"))
    lambda_client.delete_function(FunctionName="versioned", Qualifier="1")
    sids = [s["Sid"] for s in json.loads(lambda_client.get_policy(FunctionName="versioned")["Policy"])["Statement"]]
    assert sids == ["function"]


def test_a_put_policy_lets_cloudwatch_logs_invoke(create_function: Any, lambda_client: Any, logs_client: Any) -> None:
    arn = create_function("subscriber")["FunctionArn"]
    logs_client.create_log_group(logGroupName="watched")
    with pytest.raises(ClientError):
        logs_client.put_subscription_filter(logGroupName="watched", filterName="f", filterPattern="", destinationArn=arn)
    put(lambda_client, arn, document(arn, sid="logs", service="logs.amazonaws.com"))
    logs_client.put_subscription_filter(logGroupName="watched", filterName="f", filterPattern="", destinationArn=arn)
    assert [f["filterName"] for f in logs_client.describe_subscription_filters(logGroupName="watched")["subscriptionFilters"]] == ["f"]


def test_a_put_policy_survives_a_restart(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    with EmulatorProcess("--data-dir", data) as emulator:
        lambda_client = emulator.client("lambda")
        create_python_function(lambda_client, "kept", "def handler(event, context):\n    return event\n")
        answer = put(lambda_client, ARN + "kept", document(ARN + "kept"))
    with EmulatorProcess("--data-dir", data) as emulator:
        got = emulator.client("lambda").get_resource_policy(ResourceArn=ARN + "kept")
    assert (got["Policy"], got["RevisionId"]) == (answer["Policy"], answer["RevisionId"])


def test_state_saved_before_whole_policies_loads_its_statements() -> None:
    """A state file of AddPermission statements (one flat list) loads as one policy per ARN they name."""
    statement = {"Sid": "a", "Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunction", "Resource": ARN + "f:1"}
    code = {"sha256": "s", "size": 1, "directory": "/tmp/x"}
    latest = {"number": "$LATEST", "config": {}, "code": code}
    raw = {"name": "f", "region": "us-east-1", "account_id": "000000000000", "latest": latest, "versions": {}, "aliases": {}}
    function = Function.from_dict({**raw, "statements": [statement]})
    assert function.policies == {ARN + "f:1": {"Version": "2012-10-17", "Id": "default", "Statement": [statement]}}
