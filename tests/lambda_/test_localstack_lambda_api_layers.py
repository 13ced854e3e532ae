"""Layers and layer version permissions as AWS answered LocalStack's recorded requests (its AWS-validated
snapshots, test_lambda_api.snapshot.json::TestLambdaLayer)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError
from lambda_helpers import make_zip

LAYER_ARN = "arn:aws:lambda:us-east-1:000000000000:layer:"
STALE_REVISION = (
    "The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API to retrieve the latest Revision Id"
)


def _publish(lambda_client: Any, name: str, **options: Any) -> dict[str, Any]:
    return lambda_client.publish_layer_version(
        LayerName=name, Content={"ZipFile": make_zip({"python/shared.py": "X = 1\n"})}, **options
    )


def _error(call: Callable[..., Any], **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as refused:
        call(**params)
    response = refused.value.response
    return {"Status": response["ResponseMetadata"]["HTTPStatusCode"], **response["Error"]}


def test_layer_permission_errors(lambda_client: Any) -> None:
    # test_lambda_api.py::TestLambdaLayer::test_layer_policy_exceptions
    _publish(lambda_client, "layer4policy", CompatibleRuntimes=["python3.9"], CompatibleArchitectures=["x86_64"])
    add = lambda_client.add_layer_version_permission
    remove = lambda_client.remove_layer_version_permission
    grant = {"Action": "lambda:GetLayerVersion", "Principal": "*"}
    add(LayerName="layer4policy", VersionNumber=1, StatementId="s1", **grant)
    assert _error(add, LayerName="layer4policy", VersionNumber=1, StatementId="s-x", Action="*", Principal="*") == {
        "Status": 400,
        "Code": "ValidationException",
        "Message": "1 validation error detected: Value '*' at 'action' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: lambda:GetLayerVersion",
    }
    stale = {"Status": 412, "Code": "PreconditionFailedException", "Message": STALE_REVISION}
    assert _error(add, LayerName="layer4policy", VersionNumber=1, StatementId="s2", RevisionId="wrong", **grant) == stale
    assert _error(remove, LayerName="layer4policy", VersionNumber=1, StatementId="s1", RevisionId="wrong") == stale
    for layer, version in (("layer4policy-doesnotexist", 1), ("layer4policy", 2)):
        missing = {
            "Status": 404,
            "Code": "ResourceNotFoundException",
            "Message": f"Layer version {LAYER_ARN}{layer}:{version} does not exist.",
        }
        assert _error(add, LayerName=layer, VersionNumber=version, StatementId="s-y", **grant) == missing
        assert _error(lambda_client.get_layer_version_policy, LayerName=layer, VersionNumber=version) == missing
        assert _error(remove, LayerName=layer, VersionNumber=version, StatementId="s1") == missing
    assert _error(remove, LayerName="layer4policy", VersionNumber=1, StatementId="doesnotexist") == {
        "Status": 404,
        "Code": "ResourceNotFoundException",
        "Message": "Statement doesnotexist is not found in resource policy.",
    }


def test_layer_permission_revisions_follow_each_change(lambda_client: Any) -> None:
    # test_lambda_api.py::TestLambdaLayer::test_layer_policy_lifecycle
    _publish(lambda_client, "policied", CompatibleRuntimes=["python3.9"], CompatibleArchitectures=["x86_64"])
    grant = {"LayerName": "policied", "VersionNumber": 1, "Action": "lambda:GetLayerVersion", "Principal": "*"}
    first = lambda_client.add_layer_version_permission(StatementId="s1", **grant)
    assert first["ResponseMetadata"]["HTTPStatusCode"] == 201
    policy = lambda_client.get_layer_version_policy(LayerName="policied", VersionNumber=1)
    assert policy["RevisionId"] == first["RevisionId"]
    assert json.loads(policy["Policy"]) == {
        "Version": "2012-10-17",
        "Id": "default",
        "Statement": [
            {
                "Sid": "s1",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "lambda:GetLayerVersion",
                "Resource": f"{LAYER_ARN}policied:1",
            }
        ],
    }
    second = lambda_client.add_layer_version_permission(StatementId="s2", RevisionId=policy["RevisionId"], **grant)
    assert second["RevisionId"] != first["RevisionId"]
    both = lambda_client.get_layer_version_policy(LayerName="policied", VersionNumber=1)
    assert [s["Sid"] for s in json.loads(both["Policy"])["Statement"]] == ["s1", "s2"]
    assert both["RevisionId"] == second["RevisionId"]
    removed = lambda_client.remove_layer_version_permission(
        LayerName="policied", VersionNumber=1, StatementId="s2", RevisionId=both["RevisionId"]
    )
    assert removed["ResponseMetadata"]["HTTPStatusCode"] == 204
    after = lambda_client.get_layer_version_policy(LayerName="policied", VersionNumber=1)
    assert [s["Sid"] for s in json.loads(after["Policy"])["Statement"]] == ["s1"]
    assert after["RevisionId"] not in (first["RevisionId"], second["RevisionId"])


def test_layer_version_lookups_and_idempotent_deletes(lambda_client: Any) -> None:
    # test_lambda_api.py::TestLambdaLayer::test_layer_exceptions
    published = _publish(lambda_client, "lookups", CompatibleRuntimes=["python3.9"], CompatibleArchitectures=["x86_64"])
    assert lambda_client.list_layer_versions(LayerName="layerdoesnotexist")["LayerVersions"] == []
    not_found = {"Status": 404, "Code": "ResourceNotFoundException", "Message": "The resource you requested does not exist."}
    assert _error(lambda_client.get_layer_version, LayerName="layerdoesnotexist", VersionNumber=1) == not_found
    assert _error(lambda_client.get_layer_version, LayerName="lookups", VersionNumber=2) == not_found
    assert _error(lambda_client.get_layer_version_by_arn, Arn=f"{published['LayerArn']}:2") == not_found
    unversioned = _error(lambda_client.get_layer_version_by_arn, Arn=published["LayerArn"])
    assert (unversioned["Status"], unversioned["Code"]) == (400, "ValidationException")
    assert unversioned["Message"].startswith(f"1 validation error detected: Value '{published['LayerArn']}' at 'arn'")
    too_low = {"Status": 400, "Code": "InvalidParameterValueException", "Message": "Layer Version Cannot be less than 1"}
    for version in (-1, 0):
        assert _error(lambda_client.get_layer_version, LayerName="lookups", VersionNumber=version) == too_low
    assert _error(lambda_client.delete_layer_version, LayerName="lookups", VersionNumber=-1) == too_low
    for name, version in (("layerdoesnotexist", 1), ("lookups", 2), ("lookups", 1), ("lookups", 1)):
        deleted = lambda_client.delete_layer_version(LayerName=name, VersionNumber=version)
        assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204


def test_a_deleted_layer_version_stays_on_its_functions_and_numbers_keep_counting(
    create_function: Callable[..., dict[str, Any]], lambda_client: Any
) -> None:
    # test_lambda_api.py::TestLambdaLayer::test_layer_lifecycle
    create_function("layered")
    options = {
        "CompatibleRuntimes": ["python3.9"],
        "LicenseInfo": "licenseinfo",
        "Description": "description",
        "CompatibleArchitectures": ["x86_64"],
    }
    first = _publish(lambda_client, "lifecycle", **options)
    second = _publish(lambda_client, "lifecycle", **options)
    assert (first["Version"], second["Version"]) == (1, 2)
    assert first["Content"]["CodeSha256"] == second["Content"]["CodeSha256"]
    updated = lambda_client.update_function_configuration(FunctionName="layered", Layers=[first["LayerVersionArn"]])
    assert updated["Layers"] == [{"Arn": first["LayerVersionArn"], "CodeSize": first["Content"]["CodeSize"]}]
    listed = lambda_client.list_layer_versions(LayerName="lifecycle")["LayerVersions"]
    assert [v["Version"] for v in listed] == [2, 1]
    assert set(listed[0]) == {
        "CompatibleArchitectures",
        "CompatibleRuntimes",
        "CreatedDate",
        "Description",
        "LayerVersionArn",
        "LicenseInfo",
        "Version",
    }
    lambda_client.delete_layer_version(LayerName="lifecycle", VersionNumber=1)
    assert lambda_client.get_function_configuration(FunctionName="layered")["Layers"] == updated["Layers"]
    lambda_client.delete_layer_version(LayerName="lifecycle", VersionNumber=2)
    assert lambda_client.list_layer_versions(LayerName="lifecycle")["LayerVersions"] == []
    assert _publish(lambda_client, "lifecycle", **options)["Version"] == 3


def test_a_function_references_at_most_five_layers(
    create_function: Callable[..., dict[str, Any]], lambda_client: Any
) -> None:
    # test_lambda_api.py::TestLambdaLayer::test_layer_function_quota_exception
    arns = [_publish(lambda_client, f"quota-{n}", CompatibleRuntimes=[])["LayerVersionArn"] for n in range(6)]
    refused = _error(create_function, name="six-layers", Layers=arns)
    assert refused == {"Status": 400, "Code": "InvalidParameterValueException", "Message": "Cannot reference more than 5 layers."}
    with pytest.raises(ClientError):
        lambda_client.get_function(FunctionName="six-layers")
    assert create_function("five-layers", Layers=arns[:5])["Layers"][4]["Arn"] == arns[4]
