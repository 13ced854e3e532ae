"""Resource policies, tags, reserved concurrency and account settings through boto3."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError
from lambda_helpers import make_zip

ARN = "arn:aws:lambda:us-east-1:000000000000:function:"


def test_permissions_are_recorded_and_returned(create_function: Any, lambda_client: Any) -> None:
    create_function("pol")
    added = lambda_client.add_permission(
        FunctionName="pol",
        StatementId="apigw",
        Action="lambda:InvokeFunction",
        Principal="apigateway.amazonaws.com",
        SourceArn="arn:aws:execute-api:us-east-1:000000000000:abc/*",
    )
    statement = json.loads(added["Statement"])
    assert statement == {
        "Sid": "apigw",
        "Effect": "Allow",
        "Principal": {"Service": "apigateway.amazonaws.com"},
        "Action": "lambda:InvokeFunction",
        "Resource": ARN + "pol",
        "Condition": {"ArnLike": {"AWS:SourceArn": "arn:aws:execute-api:us-east-1:000000000000:abc/*"}},
    }
    with pytest.raises(ClientError) as info:
        lambda_client.add_permission(FunctionName="pol", StatementId="apigw", Action="lambda:*", Principal="*")
    assert info.value.response["Error"]["Code"] == "ResourceConflictException"
    policy = json.loads(lambda_client.get_policy(FunctionName="pol")["Policy"])
    assert policy["Statement"] == [statement]
    lambda_client.remove_permission(FunctionName="pol", StatementId="apigw")
    with pytest.raises(ClientError) as info:
        lambda_client.get_policy(FunctionName="pol")
    assert info.value.response["Error"]["Message"] == "The resource you requested does not exist."
    with pytest.raises(ClientError) as info:
        lambda_client.remove_permission(FunctionName="pol", StatementId="apigw")
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_permission_errors_as_aws_words_them(create_function: Any, lambda_client: Any) -> None:
    create_function("perm")
    with pytest.raises(ClientError) as info:
        lambda_client.remove_permission(FunctionName="perm", StatementId="none")
    assert info.value.response["Error"]["Message"] == "No policy is associated with the given resource."
    lambda_client.add_permission(FunctionName="perm", StatementId="s1", Action="lambda:InvokeFunction", Principal="sns.amazonaws.com")
    with pytest.raises(ClientError) as info:
        lambda_client.add_permission(FunctionName="perm", StatementId="s1", Action="lambda:InvokeFunction", Principal="*")
    assert (info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]) == (
        "ResourceConflictException",
        "The statement id (s1) provided already exists. Please provide a new statement id, or remove the existing statement.",
    )
    with pytest.raises(ClientError) as info:
        lambda_client.remove_permission(FunctionName="perm", StatementId="s2")
    assert (info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]) == (
        "ResourceNotFoundException",
        "Statement s2 is not found in resource policy.",
    )
    with pytest.raises(ClientError) as info:
        lambda_client.add_permission(
            FunctionName="perm", StatementId="s3", Action="lambda:InvokeFunction", Principal="*", Qualifier="$LATEST"
        )
    assert info.value.response["Error"]["Message"] == "We currently do not support adding policies for $LATEST."


def test_permission_errors_name_missing_aliases_functions_and_bad_principals(create_function: Any, lambda_client: Any) -> None:
    """As AWS recorded them (test_permission_exceptions)."""
    create_function("guarded", Publish=True)

    def error(call: Any, **params: Any) -> tuple[str, str, int]:
        with pytest.raises(ClientError) as info:
            call(**params)
        response = info.value.response
        return response["Error"]["Code"], response["Error"]["Message"], response["ResponseMetadata"]["HTTPStatusCode"]

    grant = {"StatementId": "s", "Action": "lambda:InvokeFunction", "Principal": "s3.amazonaws.com"}
    assert error(lambda_client.add_permission, FunctionName="guarded", Qualifier="alias-doesnotexist", **grant) == (
        "ResourceNotFoundException",
        f"Cannot find alias arn: {ARN}guarded:alias-doesnotexist",
        404,
    )
    assert error(lambda_client.add_permission, FunctionName="guarded", Qualifier="42", **grant) == (
        "ResourceNotFoundException",
        f"Function not found: {ARN}guarded:42",
        404,
    )
    assert error(lambda_client.add_permission, FunctionName="guarded", **{**grant, "Principal": "invalid.example.com"}) == (
        "InvalidParameterValueException",
        "The provided principal was invalid. Please check the principal and try again.",
        400,
    )
    assert error(lambda_client.remove_permission, FunctionName="doesnotexist", StatementId="s") == (
        "ResourceNotFoundException",
        f"No policy found for: {ARN}doesnotexist",
        404,
    )
    assert error(lambda_client.remove_permission, FunctionName="guarded", StatementId="s", Qualifier="alias-doesnotexist") == (
        "ResourceNotFoundException",
        f"Cannot find alias arn: {ARN}guarded:alias-doesnotexist",
        404,
    )
    for principal in ("*", "123456789012", "arn:aws:iam::123456789012:role/caller", "alexa-appkit.amazon.com"):
        lambda_client.add_permission(FunctionName="guarded", **{**grant, "StatementId": f"p{len(principal)}", "Principal": principal})


def test_each_qualifier_has_a_policy_of_its_own(create_function: Any, lambda_client: Any) -> None:
    create_function("scoped", Publish=True)
    lambda_client.create_alias(FunctionName="scoped", Name="live", FunctionVersion="1")
    added = lambda_client.add_permission(
        FunctionName="scoped", StatementId="s", Action="lambda:InvokeFunction", Principal="*", Qualifier="live"
    )
    assert json.loads(added["Statement"])["Resource"] == ARN + "scoped:live"
    with pytest.raises(ClientError) as info:
        lambda_client.get_policy(FunctionName="scoped")
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"
    lambda_client.add_permission(FunctionName="scoped", StatementId="s", Action="lambda:InvokeFunction", Principal="*")
    assert [s["Resource"] for s in json.loads(lambda_client.get_policy(FunctionName="scoped")["Policy"])["Statement"]] == [
        ARN + "scoped"
    ]
    lambda_client.remove_permission(FunctionName="scoped", StatementId="s", Qualifier="live")
    assert len(json.loads(lambda_client.get_policy(FunctionName="scoped")["Policy"])["Statement"]) == 1


def test_tags(create_function: Any, lambda_client: Any) -> None:
    create_function("tagged", Tags={"team": "a"})
    lambda_client.tag_resource(Resource=ARN + "tagged", Tags={"env": "dev"})
    assert lambda_client.list_tags(Resource=ARN + "tagged")["Tags"] == {"team": "a", "env": "dev"}
    lambda_client.untag_resource(Resource=ARN + "tagged", TagKeys=["team"])
    assert lambda_client.get_function(FunctionName="tagged")["Tags"] == {"env": "dev"}
    with pytest.raises(ClientError) as info:
        lambda_client.list_tags(Resource=ARN + "untagged")
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_reserved_concurrency_and_account_settings(create_function: Any, lambda_client: Any) -> None:
    create_function("conc")
    assert lambda_client.get_function_concurrency(FunctionName="conc").get("ReservedConcurrentExecutions") is None
    put = lambda_client.put_function_concurrency(FunctionName="conc", ReservedConcurrentExecutions=50)
    assert put["ReservedConcurrentExecutions"] == 50
    assert lambda_client.get_function(FunctionName="conc")["Concurrency"] == {"ReservedConcurrentExecutions": 50}
    settings = lambda_client.get_account_settings()
    assert settings["AccountLimit"]["ConcurrentExecutions"] == 1000
    assert settings["AccountLimit"]["UnreservedConcurrentExecutions"] == 950
    assert settings["AccountUsage"]["FunctionCount"] == 1
    with pytest.raises(ClientError) as info:
        lambda_client.put_function_concurrency(FunctionName="conc", ReservedConcurrentExecutions=901)
    assert info.value.response["Error"]["Message"] == (
        "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution "
        "below its minimum value of [100]."
    )
    lambda_client.delete_function_concurrency(FunctionName="conc")
    assert lambda_client.get_account_settings()["AccountLimit"]["UnreservedConcurrentExecutions"] == 1000


def test_tag_errors(create_function: Any, lambda_client: Any) -> None:
    create_function("tagerr")
    cases = [
        (lambda: lambda_client.tag_resource(Resource=ARN + "tagerr", Tags={}),
         ("InvalidParameterValueException", "An error occurred and the request cannot be processed.")),
        (lambda: lambda_client.untag_resource(Resource=ARN + "tagerr", TagKeys=[]),
         ("ValidationException",
          "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null")),
        (lambda: lambda_client.tag_resource(Resource=ARN + "tagerr", Tags={f"{i}_key": "v" for i in range(51)}),
         ("InvalidParameterValueException", "Number of tags exceeds resource tag limit.")),
    ]  # fmt: skip
    for call, expected in cases:
        with pytest.raises(ClientError) as info:
            call()
        assert (info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]) == expected
    lambda_client.tag_resource(Resource=ARN + "tagerr", Tags={f"{i}_key": "v" for i in range(50)})
    assert len(lambda_client.list_tags(Resource=ARN + "tagerr")["Tags"]) == 50


def test_tags_only_on_unqualified_function_arns(create_function: Any, lambda_client: Any) -> None:
    create_function("qualified", Publish=True)
    with pytest.raises(ClientError) as info:
        lambda_client.tag_resource(Resource=ARN + "qualified:1", Tags={"a": "b"})
    assert (info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]) == (
        "InvalidParameterValueException",
        "Tags on function aliases and versions are not supported. Please specify a function ARN.",
    )


def test_reserved_concurrency_errors(create_function: Any, lambda_client: Any) -> None:
    with pytest.raises(ClientError) as info:
        lambda_client.put_function_concurrency(FunctionName="nothing", ReservedConcurrentExecutions=1)
    assert info.value.response["Error"]["Message"] == f"Function not found: {ARN}nothing:$LATEST"
    create_function("reserved", Publish=True)
    with pytest.raises(ClientError) as info:
        lambda_client.put_function_concurrency(FunctionName=ARN + "reserved:1", ReservedConcurrentExecutions=1)
    assert info.value.response["Error"]["Message"] == (
        "This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. "
        "Please specify either a function name or an unqualified function ARN."
    )
    lambda_client.put_provisioned_concurrency_config(FunctionName="reserved", Qualifier="1", ProvisionedConcurrentExecutions=3)
    with pytest.raises(ClientError) as info:
        lambda_client.put_function_concurrency(FunctionName="reserved", ReservedConcurrentExecutions=2)
    assert info.value.response["Error"]["Message"] == (
        " ReservedConcurrentExecutions  2 should not be lower than function's total provisioned concurrency [3]."
    )


def test_account_usage_counts_functions_and_layers(create_function: Any, lambda_client: Any) -> None:
    created = create_function("usage")
    layer = lambda_client.publish_layer_version(LayerName="usage-layer", Content={"ZipFile": make_zip({"python/m.py": "X = 1\n"})})
    usage = lambda_client.get_account_settings()["AccountUsage"]
    assert usage == {"TotalCodeSize": created["CodeSize"] + layer["Content"]["CodeSize"], "FunctionCount": 1}


def test_reserved_concurrency_zero_throttles(create_function: Any, lambda_client: Any) -> None:
    create_function("zero")
    lambda_client.put_function_concurrency(FunctionName="zero", ReservedConcurrentExecutions=0)
    with pytest.raises(ClientError) as info:
        lambda_client.invoke(FunctionName="zero")
    error = info.value.response
    assert error["Error"]["Code"] == "TooManyRequestsException"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 429
    assert error["Reason"] == "ReservedFunctionConcurrentInvocationLimitExceeded"
    lambda_client.delete_function_concurrency(FunctionName="zero")
    assert lambda_client.invoke(FunctionName="zero")["StatusCode"] == 200


def test_settings_infrastructure_tools_read(create_function: Any, lambda_client: Any) -> None:
    create_function("iac")
    signing = lambda_client.get_function_code_signing_config(FunctionName="iac")
    assert "FunctionName" not in signing and "CodeSigningConfigArn" not in signing  # none configured
    assert lambda_client.get_runtime_management_config(FunctionName="iac")["UpdateRuntimeOn"] == "Auto"
    lambda_client.put_function_recursion_config(FunctionName="iac", RecursiveLoop="Allow")
    assert lambda_client.get_function_recursion_config(FunctionName="iac")["RecursiveLoop"] == "Allow"
    assert lambda_client.list_provisioned_concurrency_configs(FunctionName="iac")["ProvisionedConcurrencyConfigs"] == []
    assert lambda_client.list_function_url_configs(FunctionName="iac")["FunctionUrlConfigs"] == []
    with pytest.raises(ClientError) as info:
        lambda_client.get_function_url_config(FunctionName="iac")
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_a_function_url_invoke_permission_carries_its_condition(create_function: Any, lambda_client: Any) -> None:
    create_function("urlinvoke")
    added = lambda_client.add_permission(
        FunctionName="urlinvoke", StatementId="viaurl", Action="lambda:InvokeFunction", Principal="*", InvokedViaFunctionUrl=True
    )
    assert json.loads(added["Statement"])["Condition"] == {"Bool": {"lambda:InvokedViaFunctionUrl": "true"}}


def test_permission_conditions_are_written_in_aws_order(create_function: Any, lambda_client: Any) -> None:
    """AWS's Statement is a JSON string: its member order is visible (recorded: add_permission_optional_fields)."""
    create_function("ordered")
    added = lambda_client.add_permission(
        FunctionName="ordered",
        StatementId="urlPermission",
        Action="lambda:InvokeFunctionUrl",
        Principal="*",
        SourceArn="arn:aws:s3:::bucket",
        SourceAccount="000000000000",
        PrincipalOrgID="o-1234567890",
        FunctionUrlAuthType="NONE",
    )
    assert added["Statement"] == (
        '{"Sid":"urlPermission","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctionUrl",'
        f'"Resource":"{ARN}ordered","Condition":{{"StringEquals":{{"lambda:FunctionUrlAuthType":"NONE",'
        '"aws:PrincipalOrgID":"o-1234567890","AWS:SourceAccount":"000000000000"},'
        '"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::bucket"}}}'
    )
