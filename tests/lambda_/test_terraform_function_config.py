"""Lambda function configuration as Terraform's acceptance tests record AWS answering it
(hashicorp/terraform-provider-aws internal/service/lambda/*_test.go): the requests the provider sends
for each config, replayed with boto3, and the members its checks read back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

KMS_KEY = "arn:aws:kms:us-east-1:000000000000:key/11111111-2222-3333-4444-555555555555"
TOPIC = "arn:aws:sns:us-east-1:000000000000:dead-letters"


def test_basic_function_defaults(lambda_client: Any, create_function: Callable[..., dict[str, Any]]) -> None:
    # terraform-provider-aws function_test.go::TestAccLambdaFunction_basic
    create_function("tf-basic")
    configuration = lambda_client.get_function(FunctionName="tf-basic")["Configuration"]
    assert configuration["Architectures"] == ["x86_64"]
    assert configuration["EphemeralStorage"] == {"Size": 512}
    assert configuration["LoggingConfig"] == {"LogFormat": "Text", "LogGroup": "/aws/lambda/tf-basic"}
    assert configuration["PackageType"] == "Zip"
    assert configuration["TracingConfig"] == {"Mode": "PassThrough"}
    assert configuration["Version"] == "$LATEST"
    assert "Concurrency" not in lambda_client.get_function(FunctionName="tf-basic")  # reserved_concurrent_executions -1


def test_kms_key_without_environment_is_not_kept(
    lambda_client: Any, create_function: Callable[..., dict[str, Any]]
) -> None:
    # terraform-provider-aws function_test.go::TestAccLambdaFunction_KMSKeyARN_noEnvironmentVariables:
    # "the KMS Key ARN is not returned if environment variables are not in use"
    created = create_function("tf-kms-bare", KMSKeyArn=KMS_KEY)
    assert "KMSKeyArn" not in created
    assert "KMSKeyArn" not in lambda_client.get_function_configuration(FunctionName="tf-kms-bare")


def test_kms_key_with_environment_and_its_removal(
    lambda_client: Any, create_function: Callable[..., dict[str, Any]]
) -> None:
    # terraform-provider-aws function_test.go::TestAccLambdaFunction_encryptedEnvVariables: the key is
    # shown with variables; removing kms_key_arn sends KMSKeyArn "" and leaves none
    create_function("tf-kms-env", KMSKeyArn=KMS_KEY, Environment={"Variables": {"foo": "bar"}})
    assert lambda_client.get_function_configuration(FunctionName="tf-kms-env")["KMSKeyArn"] == KMS_KEY
    updated = lambda_client.update_function_configuration(
        FunctionName="tf-kms-env", KMSKeyArn="", Environment={"Variables": {"foo": "bar"}}
    )
    assert "KMSKeyArn" not in updated
    assert lambda_client.get_function_configuration(FunctionName="tf-kms-env")["Environment"] == {
        "Variables": {"foo": "bar"}
    }


def test_dead_letter_config_removed_with_an_empty_target(
    lambda_client: Any, create_function: Callable[..., dict[str, Any]]
) -> None:
    # terraform-provider-aws function_test.go::TestAccLambdaFunction_deadLetter: removing the block
    # sends DeadLetterConfig {TargetArn: ""}; dead_letter_config.# is then 0 (no TargetArn read back)
    created = create_function("tf-dlq", DeadLetterConfig={"TargetArn": TOPIC})
    assert created["DeadLetterConfig"] == {"TargetArn": TOPIC}
    lambda_client.update_function_configuration(FunctionName="tf-dlq", DeadLetterConfig={"TargetArn": ""})
    assert "DeadLetterConfig" not in lambda_client.get_function_configuration(FunctionName="tf-dlq")


def test_logging_config_levels_follow_the_format(
    lambda_client: Any, create_function: Callable[..., dict[str, Any]]
) -> None:
    # terraform-provider-aws function_test.go::TestAccLambdaFunction_loggingConfigWithPublish: JSON
    # brings INFO levels, a named level is kept, Text drops them
    create_function("tf-logging", LoggingConfig={"LogFormat": "Text"}, Publish=True)
    json_format = lambda_client.update_function_configuration(
        FunctionName="tf-logging", LoggingConfig={"LogFormat": "JSON"}
    )["LoggingConfig"]
    assert json_format == {
        "LogFormat": "JSON",
        "ApplicationLogLevel": "INFO",
        "SystemLogLevel": "INFO",
        "LogGroup": "/aws/lambda/tf-logging",
    }
    debug = lambda_client.update_function_configuration(
        FunctionName="tf-logging", LoggingConfig={"LogFormat": "JSON", "ApplicationLogLevel": "DEBUG"}
    )["LoggingConfig"]
    assert (debug["ApplicationLogLevel"], debug["SystemLogLevel"]) == ("DEBUG", "INFO")
    text = lambda_client.update_function_configuration(FunctionName="tf-logging", LoggingConfig={"LogFormat": "Text"})
    assert text["LoggingConfig"] == {"LogFormat": "Text", "LogGroup": "/aws/lambda/tf-logging"}


def test_runtime_management_pins_the_given_version(
    lambda_client: Any, create_function: Callable[..., dict[str, Any]]
) -> None:
    # terraform-provider-aws runtime_management_config_test.go::TestAccLambdaRuntimeManagementConfig_basic
    # and _runtimeVersionARN: Manual reads back the RuntimeVersionArn GetFunction showed
    created = create_function("tf-runtime")
    pinned = created["RuntimeVersionConfig"]["RuntimeVersionArn"]
    arn = created["FunctionArn"]
    answer = lambda_client.put_runtime_management_config(FunctionName="tf-runtime", UpdateRuntimeOn="FunctionUpdate")
    assert {k: answer[k] for k in ("UpdateRuntimeOn", "FunctionArn")} == {
        "UpdateRuntimeOn": "FunctionUpdate",
        "FunctionArn": arn,
    }
    assert "RuntimeVersionArn" not in answer
    lambda_client.put_runtime_management_config(
        FunctionName="tf-runtime", UpdateRuntimeOn="Manual", RuntimeVersionArn=pinned
    )
    read = lambda_client.get_runtime_management_config(FunctionName="tf-runtime")
    assert (read["UpdateRuntimeOn"], read["RuntimeVersionArn"], read["FunctionArn"]) == ("Manual", pinned, arn)
    lambda_client.put_runtime_management_config(FunctionName="tf-runtime", UpdateRuntimeOn="Auto")
    assert "RuntimeVersionArn" not in lambda_client.get_runtime_management_config(FunctionName="tf-runtime")


def test_qualified_get_function_leaves_concurrency_out(
    lambda_client: Any, create_function: Callable[..., dict[str, Any]]
) -> None:
    # terraform-provider-aws function.go's read and #43753 (aws_lambda_function data source with a published
    # version): "GetFunction API returns null for Concurrency when a Qualifier is specified"
    create_function("tf-concurrency", Publish=True)
    lambda_client.put_function_concurrency(FunctionName="tf-concurrency", ReservedConcurrentExecutions=222)
    unqualified = lambda_client.get_function(FunctionName="tf-concurrency")
    assert unqualified["Concurrency"] == {"ReservedConcurrentExecutions": 222}
    assert "Concurrency" not in lambda_client.get_function(FunctionName="tf-concurrency", Qualifier="1")
    assert "Concurrency" not in lambda_client.get_function(FunctionName=f"{unqualified['Configuration']['FunctionArn']}:1")
    concurrency = lambda_client.get_function_concurrency(FunctionName="tf-concurrency")
    assert concurrency["ReservedConcurrentExecutions"] == 222
