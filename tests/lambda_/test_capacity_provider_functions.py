"""Functions on Lambda Managed Instances through boto3: CapacityProviderConfig, publishing (numbered and
$LATEST.PUBLISHED), invoking, the versions a capacity provider holds, and function scaling configs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess
from emulator.testing.functions import create_python_function

OPERATOR_ROLE = "arn:aws:iam::000000000000:role/LambdaManagedOperator"
HANDLER = """
def handler(event, context):
    return {"version": context.function_version, "memory": context.memory_limit_in_mb, "event": event}
"""


def create_provider(client: Any, name: str = "fleet", architecture: str = "x86_64") -> str:
    return client.create_capacity_provider(
        CapacityProviderName=name,
        VpcConfig={"SubnetIds": ["subnet-0a1b2c3d"], "SecurityGroupIds": ["sg-0123abcd"]},
        PermissionsConfig={"CapacityProviderOperatorRoleArn": OPERATOR_ROLE},
        InstanceRequirements={"Architectures": [architecture]},
    )["CapacityProvider"]["CapacityProviderArn"]


def managed(arn: str, **settings: Any) -> dict[str, Any]:
    return {"LambdaManagedInstancesCapacityProviderConfig": {"CapacityProviderArn": arn, **settings}}


def create_managed(client: Any, name: str, provider_arn: str, **options: Any) -> dict[str, Any]:
    options.setdefault("Runtime", "python3.13")
    options.setdefault("CapacityProviderConfig", managed(provider_arn))
    return create_python_function(client, name, HANDLER, **options)


def error_of(call: Any, **arguments: Any) -> tuple[int, str, str]:
    with pytest.raises(ClientError) as caught:
        call(**arguments)
    response = caught.value.response
    return response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Code"], response["Error"]["Message"]


def invoke(client: Any, name: str, **options: Any) -> dict[str, Any]:
    return json.loads(client.invoke(FunctionName=name, Payload=b'{"n": 1}', **options)["Payload"].read())


@pytest.fixture
def provider_arn(lambda_client: Any) -> str:
    return create_provider(lambda_client)


def test_an_attached_function_reports_its_capacity_provider_and_2_gb(lambda_client: Any, provider_arn: str) -> None:
    config = managed(provider_arn, PerExecutionEnvironmentMaxConcurrency=16, ExecutionEnvironmentMemoryGiBPerVCpu=2.0)
    created = create_managed(lambda_client, "orders", provider_arn, CapacityProviderConfig=config)
    assert created["State"] == "Pending"
    assert created["CapacityProviderConfig"] == config
    assert created["MemorySize"] == 2048
    latest = lambda_client.get_function(FunctionName="orders")["Configuration"]
    assert latest["CapacityProviderConfig"] == config
    assert latest["State"] == "ActiveNonInvocable"  # $LATEST is what versions are published from
    plain = create_python_function(lambda_client, "plain", HANDLER)
    assert "CapacityProviderConfig" not in plain
    assert lambda_client.get_function_configuration(FunctionName="plain")["State"] == "Active"


def test_a_published_version_is_active_and_runs_on_the_emulators_workers(lambda_client: Any, provider_arn: str) -> None:
    create_managed(lambda_client, "orders", provider_arn, MemorySize=4096)
    version = lambda_client.publish_version(FunctionName="orders")
    assert version["Version"] == "1"
    assert version["State"] == "Pending"  # while AWS starts its instances and execution environments
    assert version["CapacityProviderConfig"] == managed(provider_arn)
    assert lambda_client.get_function_configuration(FunctionName="orders", Qualifier="1")["State"] == "Active"
    assert invoke(lambda_client, "orders", Qualifier="1") == {"version": "1", "memory": "4096", "event": {"n": 1}}
    lambda_client.create_alias(FunctionName="orders", Name="live", FunctionVersion="1")
    assert invoke(lambda_client, "orders:live")["version"] == "1"


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"Runtime": "python3.12"}, "python3.12"),
        ({"MemorySize": 1024}, "2048"),
        ({"MemorySize": 2048, "ratio": 4.0}, "4096"),
        ({"MemorySize": 8192, "ratio": 3.0}, "ExecutionEnvironmentMemoryGiBPerVCpu"),
        ({"Architectures": ["arm64"]}, "x86_64"),
    ],
)
def test_functions_a_capacity_provider_cannot_run_are_refused(
    lambda_client: Any, provider_arn: str, options: dict[str, Any], words: str
) -> None:
    ratio = options.pop("ratio", None)
    settings = {} if ratio is None else {"ExecutionEnvironmentMemoryGiBPerVCpu": ratio}
    status, code, message = error_of(
        create_managed, client=lambda_client, name="orders", provider_arn=provider_arn,
        CapacityProviderConfig=managed(provider_arn, **settings), **options,
    )  # fmt: skip
    assert (status, code) == (400, "InvalidParameterValueException")
    assert words in message
    assert lambda_client.list_functions()["Functions"] == []


def test_a_capacity_provider_that_does_not_exist_is_refused(lambda_client: Any) -> None:
    missing = "arn:aws:lambda:us-east-1:000000000000:capacity-provider:missing"
    status, code, message = error_of(create_managed, client=lambda_client, name="orders", provider_arn=missing)
    assert (status, code) == (400, "InvalidParameterValueException")
    assert missing in message


def test_arm64_functions_run_on_arm64_providers(lambda_client: Any) -> None:
    arn = create_provider(lambda_client, "graviton", "arm64")
    created = create_managed(lambda_client, "orders", arn, Architectures=["arm64"], Runtime="nodejs22.x", Handler="index.handler")
    assert created["Architectures"] == ["arm64"]


def test_updates_keep_the_compute_type(lambda_client: Any, provider_arn: str) -> None:
    create_managed(lambda_client, "orders", provider_arn)
    other = create_provider(lambda_client, "other")
    moved = lambda_client.update_function_configuration(
        FunctionName="orders", CapacityProviderConfig=managed(other, PerExecutionEnvironmentMaxConcurrency=4)
    )
    assert moved["CapacityProviderConfig"] == managed(other, PerExecutionEnvironmentMaxConcurrency=4)
    kept = lambda_client.update_function_configuration(FunctionName="orders", Timeout=30)
    assert kept["CapacityProviderConfig"] == managed(other, PerExecutionEnvironmentMaxConcurrency=4)
    status, code, _ = error_of(lambda_client.update_function_configuration, FunctionName="orders", MemorySize=1024)
    assert (status, code) == (400, "InvalidParameterValueException")
    create_python_function(lambda_client, "plain", HANDLER, Runtime="python3.13", MemorySize=2048)
    status, code, _ = error_of(
        lambda_client.update_function_configuration, FunctionName="plain", CapacityProviderConfig=managed(provider_arn)
    )
    assert (status, code) == (400, "InvalidParameterValueException")


def test_a_provider_in_use_cannot_be_deleted(lambda_client: Any, provider_arn: str) -> None:
    create_managed(lambda_client, "orders", provider_arn)
    create_managed(lambda_client, "invoices", provider_arn)
    status, code, message = error_of(lambda_client.delete_capacity_provider, CapacityProviderName="fleet")
    assert (status, code) == (409, "ResourceConflictException")
    assert message == (
        "The capacity provider is currently in use by 2 functions. To delete this capacity provider, "
        f"first remove its association with {provider_arn}."
    )
    lambda_client.delete_function(FunctionName="orders")
    lambda_client.delete_function(FunctionName="invoices")
    assert lambda_client.delete_capacity_provider(CapacityProviderName="fleet")["CapacityProvider"]["State"] == "Deleting"


def test_the_versions_a_provider_holds_are_listed_page_by_page(lambda_client: Any, provider_arn: str) -> None:
    for name in ("a-orders", "b-invoices"):
        create_managed(lambda_client, name, provider_arn)
        for timeout in (10, 20):
            lambda_client.update_function_configuration(FunctionName=name, Timeout=timeout)
            lambda_client.publish_version(FunctionName=name)
    create_python_function(lambda_client, "c-plain", HANDLER)
    seen: list[tuple[str, str]] = []
    kwargs: dict[str, Any] = {"CapacityProviderName": "fleet", "MaxItems": 4}
    while True:
        page = lambda_client.list_function_versions_by_capacity_provider(**kwargs)
        assert page["CapacityProviderArn"] == provider_arn
        seen += [(v["FunctionArn"].split(":function:")[1], v["State"]) for v in page["FunctionVersions"]]
        if "NextMarker" not in page:
            break
        kwargs["Marker"] = page["NextMarker"]
    assert seen == [
        ("a-orders:$LATEST", "ActiveNonInvocable"), ("a-orders:1", "Active"), ("a-orders:2", "Active"),
        ("b-invoices:$LATEST", "ActiveNonInvocable"), ("b-invoices:1", "Active"), ("b-invoices:2", "Active"),
    ]  # fmt: skip


def test_scaling_configs_per_published_version(lambda_client: Any, provider_arn: str) -> None:
    create_managed(lambda_client, "orders", provider_arn)
    lambda_client.publish_version(FunctionName="orders")
    arn = "arn:aws:lambda:us-east-1:000000000000:function:orders:1"
    untouched = lambda_client.get_function_scaling_config(FunctionName="orders", Qualifier="1")
    assert untouched["FunctionArn"] == arn
    assert untouched["AppliedFunctionScalingConfig"] == {"MinExecutionEnvironments": 3}
    assert "RequestedFunctionScalingConfig" not in untouched
    wanted = {"MinExecutionEnvironments": 0, "MaxExecutionEnvironments": 12}
    put = lambda_client.put_function_scaling_config(FunctionName="orders", Qualifier="1", FunctionScalingConfig=wanted)
    assert put["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert put["FunctionState"] == "Active"
    answer = lambda_client.get_function_scaling_config(FunctionName=arn.rsplit(":", 1)[0], Qualifier="1")
    assert answer["RequestedFunctionScalingConfig"] == wanted
    assert answer["AppliedFunctionScalingConfig"] == wanted
    lambda_client.delete_function(FunctionName="orders", Qualifier="1")
    status, code, _ = error_of(lambda_client.get_function_scaling_config, FunctionName="orders", Qualifier="1")
    assert (status, code) == (404, "ResourceNotFoundException")


def test_scaling_configs_are_refused_where_aws_refuses_them(server: EmulatorProcess, lambda_client: Any, provider_arn: str) -> None:
    unchecked = server.client("lambda", config=Config(parameter_validation=False, retries={"max_attempts": 1}))
    create_managed(lambda_client, "orders", provider_arn)
    lambda_client.publish_version(FunctionName="orders")
    lambda_client.create_alias(FunctionName="orders", Name="live", FunctionVersion="1")
    for qualifier in ("$LATEST", "live"):  # only published versions have execution environments
        status, code, _ = error_of(unchecked.get_function_scaling_config, FunctionName="orders", Qualifier=qualifier)
        assert (status, code) == (400, "ValidationException")
    status, code, _ = error_of(lambda_client.get_function_scaling_config, FunctionName="orders", Qualifier="7")
    assert (status, code) == (404, "ResourceNotFoundException")
    status, code, _ = error_of(
        lambda_client.put_function_scaling_config, FunctionName="orders", Qualifier="1",
        FunctionScalingConfig={"MinExecutionEnvironments": 5, "MaxExecutionEnvironments": 2},
    )  # fmt: skip
    assert (status, code) == (400, "InvalidParameterValueException")
    create_python_function(lambda_client, "plain", HANDLER, Publish=True)
    status, code, _ = error_of(lambda_client.get_function_scaling_config, FunctionName="plain", Qualifier="1")
    assert (status, code) == (400, "InvalidParameterValueException")


def test_latest_published_is_republished_in_place(lambda_client: Any, provider_arn: str) -> None:
    created = create_managed(lambda_client, "orders", provider_arn, PublishTo="LATEST_PUBLISHED")
    assert created["Version"] == "$LATEST.PUBLISHED"
    assert invoke(lambda_client, "orders", Qualifier="$LATEST.PUBLISHED")["version"] == "$LATEST.PUBLISHED"
    again = lambda_client.publish_version(FunctionName="orders", PublishTo="LATEST_PUBLISHED")
    assert again["FunctionArn"].endswith(":orders:$LATEST.PUBLISHED")
    assert again["RevisionId"] == lambda_client.get_function_configuration(FunctionName="orders:$LATEST.PUBLISHED")["RevisionId"]
    lambda_client.update_function_configuration(FunctionName="orders", Environment={"Variables": {"STAGE": "two"}})
    republished = lambda_client.publish_version(FunctionName="orders", PublishTo="LATEST_PUBLISHED")
    assert republished["RevisionId"] != again["RevisionId"]
    assert republished["Environment"] == {"Variables": {"STAGE": "two"}}
    versions = [v["Version"] for v in lambda_client.list_versions_by_function(FunctionName="orders")["Versions"]]
    assert versions == ["$LATEST", "$LATEST.PUBLISHED"]
    lambda_client.put_function_scaling_config(
        FunctionName="orders", Qualifier="$LATEST.PUBLISHED", FunctionScalingConfig={"MaxExecutionEnvironments": 4}
    )
    applied = lambda_client.get_function_scaling_config(FunctionName="orders", Qualifier="$LATEST.PUBLISHED")
    assert applied["AppliedFunctionScalingConfig"] == {"MinExecutionEnvironments": 3, "MaxExecutionEnvironments": 4}


def test_latest_published_is_for_managed_functions_only(lambda_client: Any) -> None:
    status, code, _ = error_of(
        create_python_function, lambda_client=lambda_client, name="plain", code=HANDLER, PublishTo="LATEST_PUBLISHED"
    )
    assert (status, code) == (400, "InvalidParameterValueException")
    assert lambda_client.list_functions()["Functions"] == []
    create_python_function(lambda_client, "plain", HANDLER)
    status, code, _ = error_of(lambda_client.publish_version, FunctionName="plain", PublishTo="LATEST_PUBLISHED")
    assert (status, code) == (400, "InvalidParameterValueException")
    assert [v["Version"] for v in lambda_client.list_versions_by_function(FunctionName="plain")["Versions"]] == ["$LATEST"]


def test_a_provider_holds_at_most_a_hundred_versions(lambda_client: Any, provider_arn: str) -> None:
    create_managed(lambda_client, "orders", provider_arn)
    for n in range(100):
        lambda_client.update_function_configuration(FunctionName="orders", Description=f"release {n}")
        lambda_client.publish_version(FunctionName="orders")
    lambda_client.update_function_configuration(FunctionName="orders", Description="one too many")
    status, code, _ = error_of(lambda_client.publish_version, FunctionName="orders")
    assert (status, code) == (400, "FunctionVersionsPerCapacityProviderLimitExceededException")


def test_attached_functions_and_scaling_configs_survive_a_restart(tmp_path: Path) -> None:
    with EmulatorProcess("--data-dir", str(tmp_path)) as first:
        client = first.client("lambda")
        arn = create_provider(client)
        create_managed(client, "orders", arn, Publish=True)
        client.put_function_scaling_config(FunctionName="orders", Qualifier="1", FunctionScalingConfig={"MaxExecutionEnvironments": 9})
    with EmulatorProcess("--data-dir", str(tmp_path)) as second:
        client = second.client("lambda")
        assert client.get_function_configuration(FunctionName="orders", Qualifier="1")["CapacityProviderConfig"] == managed(arn)
        answer = client.get_function_scaling_config(FunctionName="orders", Qualifier="1")
        assert answer["RequestedFunctionScalingConfig"] == {"MaxExecutionEnvironments": 9}
        status, code, _ = error_of(client.delete_capacity_provider, CapacityProviderName="fleet")
        assert (status, code) == (409, "ResourceConflictException")


def test_unqualified_invokes_run_latest_published(lambda_client: Any, provider_arn: str) -> None:
    create_managed(lambda_client, "orders", provider_arn)
    status, code, message = error_of(lambda_client.invoke, FunctionName="orders")  # nothing published yet
    assert (status, code) == (404, "ResourceNotFoundException")
    assert message.endswith(":function:orders:$LATEST.PUBLISHED")
    lambda_client.publish_version(FunctionName="orders", PublishTo="LATEST_PUBLISHED")
    answer = lambda_client.invoke(FunctionName="orders", Payload=b'{"n": 1}')
    assert answer["ExecutedVersion"] == "$LATEST.PUBLISHED"
    assert json.loads(answer["Payload"].read())["version"] == "$LATEST.PUBLISHED"
