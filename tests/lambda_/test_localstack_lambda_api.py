"""Lambda's control plane as AWS answered LocalStack's recorded requests (its AWS-validated snapshots)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError
from lambda_helpers import ECHO, make_zip

ARN = "arn:aws:lambda:us-east-1:000000000000:function:"


def test_delete_function_answers_204(create_function: Callable[..., dict[str, Any]], lambda_client: Any) -> None:
    # LocalStack's AWS-validated snapshot test_lambda_api.snapshot.json::TestLambdaFunction::test_function_lifecycle
    create_function("lifecycle", Publish=True)
    deleted_version = lambda_client.delete_function(FunctionName="lifecycle", Qualifier="1")
    assert deleted_version["ResponseMetadata"]["HTTPStatusCode"] == 204
    deleted = lambda_client.delete_function(FunctionName="lifecycle")
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert deleted["StatusCode"] == 204
    with pytest.raises(ClientError) as gone:
        lambda_client.get_function(FunctionName="lifecycle")
    assert gone.value.response["Error"]["Message"] == f"Function not found: {ARN}lifecycle"


def test_update_code_with_publish_answers_the_new_version_being_created(
    create_function: Callable[..., dict[str, Any]], lambda_client: Any
) -> None:
    # LocalStack's AWS-validated snapshot test_lambda_api.snapshot.json::TestLambdaVersions::test_publish_with_update
    create_function("pubupd")
    updated = lambda_client.update_function_code(
        FunctionName="pubupd", ZipFile=make_zip({"app.py": ECHO + "# changed\n"}), Publish=True
    )
    assert (updated["FunctionArn"], updated["Version"]) == (ARN + "pubupd:1", "1")
    assert (updated["State"], updated["StateReason"], updated["StateReasonCode"]) == (
        "Pending",
        "The function is being created.",
        "Creating",
    )
    assert "LastUpdateStatus" not in updated


def test_delete_alias_answers_204_and_takes_its_policy(
    create_function: Callable[..., dict[str, Any]], lambda_client: Any
) -> None:
    # LocalStack's AWS-validated snapshot test_lambda_api.snapshot.json::TestLambdaAlias::test_alias_lifecycle
    create_function("aliased", Publish=True)
    lambda_client.create_alias(FunctionName="aliased", Name="live", FunctionVersion="1")
    lambda_client.add_permission(
        FunctionName="aliased", Qualifier="live", StatementId="s3", Action="lambda:InvokeFunction", Principal="s3.amazonaws.com"
    )
    deleted = lambda_client.delete_alias(FunctionName="aliased", Name="live")
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert lambda_client.list_aliases(FunctionName="aliased")["Aliases"] == []
    lambda_client.create_alias(FunctionName="aliased", Name="live", FunctionVersion="1")
    with pytest.raises(ClientError) as no_policy:
        lambda_client.get_policy(FunctionName="aliased", Qualifier="live")
    assert no_policy.value.response["Error"]["Message"] == "The resource you requested does not exist."


def test_mapping_from_an_sqs_queue_to_a_missing_function_names_the_function(lambda_client: Any) -> None:
    # LocalStack's AWS-validated snapshot
    # test_lambda_api.snapshot.json::TestLambdaEventSourceMappings::test_event_source_mapping_exceptions
    with pytest.raises(ClientError) as refused:
        lambda_client.create_event_source_mapping(
            FunctionName="doesnotexist", EventSourceArn="arn:aws:sqs:us-east-1:111111111111:somequeue"
        )
    assert refused.value.response["Error"] == {"Code": "InvalidParameterValueException", "Message": "Function does not exist"}
    with pytest.raises(ClientError) as no_source:
        lambda_client.create_event_source_mapping(FunctionName="doesnotexist")
    assert no_source.value.response["Error"]["Message"] == "Unrecognized event source."


def test_permission_statement_comes_back_as_json(create_function: Callable[..., dict[str, Any]], lambda_client: Any) -> None:
    # LocalStack's AWS-validated snapshot test_lambda_api.snapshot.json::TestLambdaPermissions::test_remove_multi_permissions
    create_function("perms")
    lambda_client.add_permission(FunctionName="perms", StatementId="s3", Action="lambda:InvokeFunction", Principal="s3.amazonaws.com")
    with pytest.raises(ClientError) as missing:
        lambda_client.remove_permission(FunctionName="perms", StatementId="non-existent")
    assert missing.value.response["Error"]["Message"] == "Statement non-existent is not found in resource policy."
    policy = json.loads(lambda_client.get_policy(FunctionName="perms")["Policy"])
    assert [s["Sid"] for s in policy["Statement"]] == ["s3"]
    removed = lambda_client.remove_permission(FunctionName="perms", StatementId="s3")
    assert removed["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as emptied:
        lambda_client.get_policy(FunctionName="perms")
    assert emptied.value.response["Error"]["Message"] == "The resource you requested does not exist."


def _create(lambda_client: Any, name: str) -> Any:
    return lambda_client.create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role="arn:aws:iam::000000000000:role/lambda-role",
        Handler="app.handler",
        Code={"ZipFile": make_zip({"app.py": ECHO})},
    )


def test_create_function_names_are_checked_as_aws_does(lambda_client: Any) -> None:
    # LocalStack's AWS-validated snapshot test_lambda_api.snapshot.json::TestLambdaFunction::test_function_arns
    with pytest.raises(ClientError) as too_long:
        _create(lambda_client, "a" * 65)
    assert too_long.value.response["Error"] == {
        "Code": "InvalidParameterValueException",
        "Message": f"1 validation error detected: Value '{'a' * 65}' at 'functionName' failed to satisfy constraint: "
        "Member must have length less than or equal to 64",
    }
    assert too_long.value.response["Type"] == "User"
    with pytest.raises(ClientError) as other_region:
        _create(lambda_client, "arn:aws:lambda:ap-southeast-1:000000000000:function:elsewhere")
    assert other_region.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert other_region.value.response["Error"]["Message"] == (
        "Functions from 'ap-southeast-1' are not reachable in this region ('us-east-1')"
    )
    with pytest.raises(ClientError) as other_account:
        _create(lambda_client, "arn:aws:lambda:us-east-1:123456789012:function:theirs")
    assert other_account.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert other_account.value.response["Error"] == {"Code": "AccessDeniedException", "Message": None}
    assert lambda_client.list_functions()["Functions"] == []
    assert _create(lambda_client, "000000000000:function:partial")["FunctionArn"] == ARN + "partial"


def test_concurrency_beyond_the_unreserved_pool_is_refused(
    create_function: Callable[..., dict[str, Any]], lambda_client: Any
) -> None:
    # LocalStack's AWS-validated snapshots test_lambda_api.snapshot.json::TestLambdaReservedConcurrency::
    # test_function_concurrency_limits and TestLambdaProvisionedConcurrency::test_provisioned_concurrency_limits
    create_function("limited", Publish=True)
    below_minimum = (
        "Specified {} for function decreases account's UnreservedConcurrentExecution below its minimum value of [100]."
    )
    with pytest.raises(ClientError) as reserved:
        lambda_client.put_function_concurrency(FunctionName="limited", ReservedConcurrentExecutions=901)
    assert reserved.value.response["Error"]["Message"] == below_minimum.format("ReservedConcurrentExecutions")
    assert "Type" not in reserved.value.response
    unreserved = lambda_client.get_account_settings()["AccountLimit"]["UnreservedConcurrentExecutions"]
    with pytest.raises(ClientError) as too_many:
        lambda_client.put_provisioned_concurrency_config(
            FunctionName="limited", Qualifier="1", ProvisionedConcurrentExecutions=unreserved + 1
        )
    assert too_many.value.response["Error"] == {
        "Code": "InvalidParameterValueException",
        "Message": f"Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [{unreserved}].",
    }
    assert "Type" not in too_many.value.response
    with pytest.raises(ClientError) as below:
        lambda_client.put_provisioned_concurrency_config(
            FunctionName="limited", Qualifier="1", ProvisionedConcurrentExecutions=unreserved - 99
        )
    assert below.value.response["Error"]["Message"] == below_minimum.format("ConcurrentExecutions")
    accepted = lambda_client.put_provisioned_concurrency_config(
        FunctionName="limited", Qualifier="1", ProvisionedConcurrentExecutions=unreserved - 100
    )
    assert accepted["Status"] == "IN_PROGRESS"


def test_add_permission_with_a_stale_revision_answers_in_get_function_words(
    create_function: Callable[..., dict[str, Any]], lambda_client: Any
) -> None:
    # LocalStack's AWS-validated snapshots test_lambda_api.snapshot.json::TestLambdaPermissions::
    # test_lambda_permission_revisions and test_lambda_permission_fn_versioning (add_permission_alias_revision_exception)
    create_function("revised", Publish=True)
    lambda_client.create_alias(FunctionName="revised", Name="permission-alias", FunctionVersion="1")
    stale = (
        "The Revision Id provided does not match the latest Revision Id. "
        "Call the GetFunction/GetAlias API to retrieve the latest Revision Id"
    )
    for qualifier in ({}, {"Qualifier": "permission-alias"}):
        with pytest.raises(ClientError) as refused:
            lambda_client.add_permission(
                FunctionName="revised",
                StatementId="s3",
                Action="lambda:InvokeFunction",
                Principal="s3.amazonaws.com",
                RevisionId="wrong",
                **qualifier,
            )
        assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 412
        assert refused.value.response["Error"] == {"Code": "PreconditionFailedException", "Message": stale}


def test_snapstart_is_refused_on_older_runtimes_and_marks_published_versions(
    create_function: Callable[..., dict[str, Any]], lambda_client: Any
) -> None:
    # LocalStack's AWS-validated snapshots test_lambda_api.snapshot.json::TestLambdaSnapStart::test_snapstart_exceptions
    # and test_snapstart_lifecycle (a published version's OptimizationStatus is On)
    with pytest.raises(ClientError) as refused:
        create_function("snap-old", Runtime="python3.9", SnapStart={"ApplyOn": "PublishedVersions"})
    assert refused.value.response["Error"] == {
        "Code": "InvalidParameterValueException",
        "Message": "python3.9 is not supported for SnapStart enabled functions.",
    }
    created = create_function("snappy", SnapStart={"ApplyOn": "PublishedVersions"})
    assert created["SnapStart"] == {"ApplyOn": "PublishedVersions", "OptimizationStatus": "Off"}
    published = lambda_client.publish_version(FunctionName="snappy", Description="version1")
    assert published["SnapStart"] == {"ApplyOn": "PublishedVersions", "OptimizationStatus": "On"}
    latest = lambda_client.get_function(FunctionName="snappy")["Configuration"]
    assert latest["SnapStart"] == {"ApplyOn": "PublishedVersions", "OptimizationStatus": "Off"}
