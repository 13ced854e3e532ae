"""Lambda Managed Instances' capacity providers through boto3: create, read, update, delete, list, tags,
validation, quotas, persistence and reset."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from lambda_helpers import ROLE

from emulator.testing import EmulatorProcess

OPERATOR_ROLE = "arn:aws:iam::000000000000:role/LambdaManagedOperator"
VPC = {"SubnetIds": ["subnet-0a1b2c3d", "subnet-4e5f6a7b"], "SecurityGroupIds": ["sg-0123abcd"]}
ARN_PREFIX = "arn:aws:lambda:us-east-1:000000000000:capacity-provider:"


def create(client: Any, name: str, **options: Any) -> dict[str, Any]:
    arguments = {"CapacityProviderName": name, "VpcConfig": VPC, "PermissionsConfig": {"CapacityProviderOperatorRoleArn": OPERATOR_ROLE}}
    return client.create_capacity_provider(**{**arguments, **options})


def error_of(call: Any, **arguments: Any) -> tuple[int, str, str]:
    with pytest.raises(ClientError) as caught:
        call(**arguments)
    response = caught.value.response
    return response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Code"], response["Error"]["Message"]


@pytest.fixture
def unchecked_client(server: EmulatorProcess) -> Any:
    """A client that sends what it is given, so the server's own validation answers."""
    return server.client("lambda", config=Config(parameter_validation=False, retries={"max_attempts": 1}))


def test_create_answers_pending_with_defaults_then_get_finds_it_active(lambda_client: Any) -> None:
    created = create(lambda_client, "fleet")
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 202
    provider = created["CapacityProvider"]
    assert provider["CapacityProviderArn"] == ARN_PREFIX + "fleet"
    assert provider["State"] == "Pending"
    assert provider["VpcConfig"] == VPC
    assert provider["PermissionsConfig"] == {"CapacityProviderOperatorRoleArn": OPERATOR_ROLE}
    assert provider["InstanceRequirements"] == {"Architectures": ["x86_64"]}
    assert provider["CapacityProviderScalingConfig"] == {"ScalingMode": "Auto"}
    fetched = lambda_client.get_capacity_provider(CapacityProviderName="fleet")["CapacityProvider"]
    assert fetched["State"] == "Active"
    assert fetched["LastModified"] == provider["LastModified"]
    by_arn = lambda_client.get_capacity_provider(CapacityProviderName=ARN_PREFIX + "fleet")["CapacityProvider"]
    assert by_arn["CapacityProviderArn"] == provider["CapacityProviderArn"]


def test_create_echoes_optional_settings(lambda_client: Any) -> None:
    scaling = {
        "MaxVCpuCount": 64,
        "ScalingMode": "Manual",
        "ScalingPolicies": [{"PredefinedMetricType": "LambdaCapacityProviderAverageCPUUtilization", "TargetValue": 60.0}],
    }
    provider = create(
        lambda_client,
        "graviton",
        InstanceRequirements={"Architectures": ["arm64"], "AllowedInstanceTypes": ["m7g.xlarge", "c7g.*"]},
        CapacityProviderScalingConfig=scaling,
        KmsKeyArn="arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        PropagateTags={"Mode": "Explicit", "ExplicitTags": {"team": "payments"}},
        TelemetryConfig={"LoggingConfig": {"SystemLogLevel": "WARN"}},
    )["CapacityProvider"]
    assert provider["InstanceRequirements"] == {"Architectures": ["arm64"], "AllowedInstanceTypes": ["m7g.xlarge", "c7g.*"]}
    assert provider["CapacityProviderScalingConfig"] == scaling
    assert provider["KmsKeyArn"].startswith("arn:aws:kms:")
    assert provider["PropagateTags"] == {"Mode": "Explicit", "ExplicitTags": {"team": "payments"}}
    assert provider["TelemetryConfig"] == {"LoggingConfig": {"SystemLogLevel": "WARN"}}


def test_a_second_provider_of_the_same_name_conflicts(lambda_client: Any) -> None:
    create(lambda_client, "fleet")
    status, code, message = error_of(create, client=lambda_client, name="fleet")
    assert (status, code) == (409, "ResourceConflictException")
    assert ARN_PREFIX + "fleet" in message


@pytest.mark.parametrize(
    ("options", "member"),
    [
        ({"VpcConfig": {"SubnetIds": ["net-1"], "SecurityGroupIds": []}}, "vpcConfig.subnetIds"),
        ({"VpcConfig": {"SubnetIds": [], "SecurityGroupIds": []}}, "vpcConfig.subnetIds"),
        ({"VpcConfig": {"SubnetIds": [f"subnet-{n}" for n in range(17)], "SecurityGroupIds": []}}, "vpcConfig.subnetIds"),
        ({"VpcConfig": {"SubnetIds": ["subnet-1"], "SecurityGroupIds": ["group-1"]}}, "vpcConfig.securityGroupIds"),
        ({"VpcConfig": {"SubnetIds": ["subnet-1"], "SecurityGroupIds": [f"sg-{n}" for n in range(6)]}}, "vpcConfig.securityGroupIds"),
        ({"PermissionsConfig": {"CapacityProviderOperatorRoleArn": "operator"}}, "permissionsConfig.capacityProviderOperatorRoleArn"),
        ({"InstanceRequirements": {"Architectures": ["arm64", "x86_64"]}}, "instanceRequirements.architectures"),
        ({"CapacityProviderScalingConfig": {"MaxVCpuCount": 1}}, "capacityProviderScalingConfig.maxVCpuCount"),
        ({"CapacityProviderName": "two words"}, "capacityProviderName"),
    ],
)
def test_malformed_settings_are_validation_errors(unchecked_client: Any, options: dict[str, Any], member: str) -> None:
    status, code, message = error_of(create, client=unchecked_client, **{"name": "fleet", **options})
    assert (status, code) == (400, "ValidationException")
    assert message.startswith("1 validation error detected: ")
    assert f"at '{member}'" in message


def test_vpc_and_role_are_accepted_by_format_alone(lambda_client: Any) -> None:
    """There is no EC2 or IAM to look them up in: any well-formed subnet, group or role will do."""
    provider = create(
        lambda_client,
        "anywhere",
        VpcConfig={"SubnetIds": ["subnet-doesnotexist"], "SecurityGroupIds": []},
        PermissionsConfig={"CapacityProviderOperatorRoleArn": ROLE},
    )["CapacityProvider"]
    assert provider["VpcConfig"] == {"SubnetIds": ["subnet-doesnotexist"], "SecurityGroupIds": []}


@pytest.mark.parametrize(
    "options",
    [
        {"InstanceRequirements": {"AllowedInstanceTypes": ["m7i.large"], "ExcludedInstanceTypes": ["m7i.xlarge"]}},
        {"CapacityProviderScalingConfig": {"ScalingMode": "Manual"}},
        {
            "CapacityProviderScalingConfig": {
                "ScalingMode": "Auto",
                "ScalingPolicies": [{"PredefinedMetricType": "LambdaCapacityProviderAverageCPUUtilization", "TargetValue": 50.0}],
            }
        },
    ],
)
def test_conflicting_settings_are_invalid_parameters(lambda_client: Any, options: dict[str, Any]) -> None:
    status, code, _ = error_of(create, client=lambda_client, name="fleet", **options)
    assert (status, code) == (400, "InvalidParameterValueException")
    assert lambda_client.list_capacity_providers()["CapacityProviders"] == []


def test_update_changes_scaling_and_keeps_the_rest(lambda_client: Any) -> None:
    create(lambda_client, "fleet", CapacityProviderScalingConfig={"MaxVCpuCount": 16})
    updated = lambda_client.update_capacity_provider(
        CapacityProviderName="fleet",
        CapacityProviderScalingConfig={
            "ScalingMode": "Manual",
            "ScalingPolicies": [{"PredefinedMetricType": "LambdaCapacityProviderAverageCPUUtilization", "TargetValue": 70.0}],
        },
    )
    assert updated["ResponseMetadata"]["HTTPStatusCode"] == 202
    provider = lambda_client.get_capacity_provider(CapacityProviderName="fleet")["CapacityProvider"]
    assert provider["CapacityProviderScalingConfig"]["MaxVCpuCount"] == 16
    assert provider["CapacityProviderScalingConfig"]["ScalingMode"] == "Manual"
    assert provider["VpcConfig"] == VPC
    back_to_auto = lambda_client.update_capacity_provider(
        CapacityProviderName="fleet", CapacityProviderScalingConfig={"ScalingMode": "Auto"}
    )["CapacityProvider"]
    assert back_to_auto["CapacityProviderScalingConfig"] == {"MaxVCpuCount": 16, "ScalingMode": "Auto"}


def test_unknown_providers_are_not_found(lambda_client: Any) -> None:
    for call in (lambda_client.get_capacity_provider, lambda_client.delete_capacity_provider, lambda_client.update_capacity_provider):
        status, code, message = error_of(call, CapacityProviderName="missing")
        assert (status, code) == (404, "ResourceNotFoundException")
        assert ARN_PREFIX + "missing" in message
    status, code, _ = error_of(lambda_client.list_function_versions_by_capacity_provider, CapacityProviderName="missing")
    assert (status, code) == (404, "ResourceNotFoundException")
    create(lambda_client, "fleet")
    elsewhere = "arn:aws:lambda:eu-west-1:000000000000:capacity-provider:fleet"
    status, code, message = error_of(lambda_client.get_capacity_provider, CapacityProviderName=elsewhere)
    assert (status, code, message) == (404, "ResourceNotFoundException", f"Capacity provider not found: {elsewhere}")


def test_delete_answers_deleting_and_the_provider_is_gone(lambda_client: Any) -> None:
    create(lambda_client, "fleet")
    deleted = lambda_client.delete_capacity_provider(CapacityProviderName="fleet")
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert deleted["CapacityProvider"]["State"] == "Deleting"
    status, _, _ = error_of(lambda_client.get_capacity_provider, CapacityProviderName="fleet")
    assert status == 404
    create(lambda_client, "fleet")  # the name is free again


def test_list_pages_with_marker_and_filters_by_state(lambda_client: Any) -> None:
    names = [f"fleet-{n:02d}" for n in range(7)]
    for name in reversed(names):
        create(lambda_client, name)
    seen: list[str] = []
    kwargs: dict[str, Any] = {"MaxItems": 3}
    while True:
        page = lambda_client.list_capacity_providers(**kwargs)
        assert len(page["CapacityProviders"]) <= 3
        seen += [p["CapacityProviderArn"].rsplit(":", 1)[1] for p in page["CapacityProviders"]]
        if "NextMarker" not in page:
            break
        kwargs["Marker"] = page["NextMarker"]
    assert seen == names
    assert {p["State"] for p in lambda_client.list_capacity_providers()["CapacityProviders"]} == {"Active"}
    assert lambda_client.list_capacity_providers(State="Deleting")["CapacityProviders"] == []
    paginated = lambda_client.get_paginator("list_capacity_providers").paginate(PaginationConfig={"PageSize": 2})
    assert len([p for page in paginated for p in page["CapacityProviders"]]) == 7


def test_list_refuses_a_marker_it_did_not_issue_and_more_than_fifty(unchecked_client: Any) -> None:
    status, code, _ = error_of(unchecked_client.list_capacity_providers, Marker="forged")
    assert (status, code) == (400, "InvalidParameterValueException")
    status, code, message = error_of(unchecked_client.list_capacity_providers, MaxItems=51)
    assert (status, code) == (400, "ValidationException")
    assert "less than or equal to 50" in message


def test_tags_at_creation_and_through_the_tagging_operations(lambda_client: Any) -> None:
    arn = create(lambda_client, "fleet", Tags={"env": "prod"})["CapacityProvider"]["CapacityProviderArn"]
    assert lambda_client.list_tags(Resource=arn)["Tags"] == {"env": "prod"}
    lambda_client.tag_resource(Resource=arn, Tags={"team": "payments"})
    lambda_client.untag_resource(Resource=arn, TagKeys=["env"])
    assert lambda_client.list_tags(Resource=arn)["Tags"] == {"team": "payments"}
    assert "Tags" not in lambda_client.get_capacity_provider(CapacityProviderName="fleet")["CapacityProvider"]
    status, code, _ = error_of(lambda_client.list_tags, Resource=ARN_PREFIX + "missing")
    assert (status, code) == (404, "ResourceNotFoundException")


def test_an_account_holds_at_most_a_thousand_providers(lambda_client: Any) -> None:
    for n in range(1000):
        create(lambda_client, f"fleet-{n}")
    status, code, _ = error_of(create, client=lambda_client, name="one-too-many")
    assert (status, code) == (400, "CapacityProviderLimitExceededException")


def test_reset_forgets_providers(server: EmulatorProcess, lambda_client: Any) -> None:
    create(lambda_client, "fleet")
    server.reset()
    assert lambda_client.list_capacity_providers()["CapacityProviders"] == []


def test_providers_and_their_tags_survive_a_restart(tmp_path: Path) -> None:
    with EmulatorProcess("--data-dir", str(tmp_path)) as first:
        client = first.client("lambda")
        arn = create(client, "fleet", Tags={"env": "prod"}, CapacityProviderScalingConfig={"MaxVCpuCount": 8})[
            "CapacityProvider"
        ]["CapacityProviderArn"]
    with EmulatorProcess("--data-dir", str(tmp_path)) as second:
        client = second.client("lambda")
        provider = client.get_capacity_provider(CapacityProviderName="fleet")["CapacityProvider"]
        assert provider["CapacityProviderScalingConfig"] == {"MaxVCpuCount": 8, "ScalingMode": "Auto"}
        assert client.list_tags(Resource=arn)["Tags"] == {"env": "prod"}
