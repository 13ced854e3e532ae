"""Versions, aliases and layers through boto3."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError
from lambda_helpers import ROLE, make_zip

ARN = "arn:aws:lambda:us-east-1:000000000000:function:"


def test_publish_version_and_list_versions(create_function: Any, lambda_client: Any) -> None:
    create_function("ver")
    first = lambda_client.publish_version(FunctionName="ver", Description="first")
    assert (first["Version"], first["FunctionArn"], first["Description"]) == ("1", ARN + "ver:1", "first")
    assert lambda_client.publish_version(FunctionName="ver")["Version"] == "1"  # nothing changed
    lambda_client.update_function_configuration(FunctionName="ver", Timeout=9)
    assert lambda_client.publish_version(FunctionName="ver")["Version"] == "2"
    versions = lambda_client.list_versions_by_function(FunctionName="ver")["Versions"]
    assert [v["Version"] for v in versions] == ["$LATEST", "1", "2"]
    assert versions[0]["FunctionArn"] == ARN + "ver:$LATEST"
    assert lambda_client.get_function_configuration(FunctionName="ver", Qualifier="1")["Timeout"] == 3


def test_create_with_publish_answers_version_one_under_the_unqualified_arn(create_function: Any) -> None:
    created = create_function("pub", Publish=True)
    assert (created["Version"], created["FunctionArn"], created["State"]) == ("1", ARN + "pub", "Pending")


def test_delete_version_and_latest_guard(create_function: Any, lambda_client: Any) -> None:
    create_function("delv", Publish=True)
    lambda_client.create_alias(FunctionName="delv", Name="prod", FunctionVersion="1")
    with pytest.raises(ClientError) as info:
        lambda_client.delete_function(FunctionName="delv", Qualifier="1")
    assert info.value.response["Error"]["Code"] == "ResourceConflictException"
    with pytest.raises(ClientError) as info:
        lambda_client.delete_function(FunctionName="delv", Qualifier="$LATEST")
    assert info.value.response["Error"]["Message"] == "$LATEST version cannot be deleted without deleting the function."
    lambda_client.delete_alias(FunctionName="delv", Name="prod")
    lambda_client.delete_function(FunctionName="delv", Qualifier="1")
    assert [v["Version"] for v in lambda_client.list_versions_by_function(FunctionName="delv")["Versions"]] == ["$LATEST"]


def test_alias_crud(create_function: Any, lambda_client: Any) -> None:
    create_function("al", Publish=True)
    lambda_client.publish_version(FunctionName="al")
    created = lambda_client.create_alias(FunctionName="al", Name="live", FunctionVersion="1", Description="d")
    assert created["AliasArn"] == ARN + "al:live"
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    with pytest.raises(ClientError) as info:
        lambda_client.create_alias(FunctionName="al", Name="live", FunctionVersion="1")
    assert info.value.response["Error"]["Message"] == f"Alias already exists: {ARN}al:live"
    with pytest.raises(ClientError) as info:
        lambda_client.create_alias(FunctionName="al", Name="other", FunctionVersion="9")
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"
    updated = lambda_client.update_alias(FunctionName="al", Name="live", FunctionVersion="$LATEST")
    assert updated["FunctionVersion"] == "$LATEST"
    assert lambda_client.get_alias(FunctionName="al", Name="live")["Description"] == "d"
    assert [a["Name"] for a in lambda_client.list_aliases(FunctionName="al")["Aliases"]] == ["live"]
    lambda_client.delete_alias(FunctionName="al", Name="live")
    with pytest.raises(ClientError) as info:
        lambda_client.get_alias(FunctionName="al", Name="live")
    assert info.value.response["Error"]["Message"] == f"Cannot find alias arn: {ARN}al:live"


def test_update_alias_with_a_stale_revision_id_fails_its_precondition(create_function: Any, lambda_client: Any) -> None:
    create_function("stale", Publish=True)
    created = lambda_client.create_alias(FunctionName="stale", Name="live", FunctionVersion="1")
    updated = lambda_client.update_alias(FunctionName="stale", Name="live", Description="new", RevisionId=created["RevisionId"])
    assert updated["RevisionId"] != created["RevisionId"]
    with pytest.raises(ClientError) as info:
        lambda_client.update_alias(FunctionName="stale", Name="live", Description="again", RevisionId=created["RevisionId"])
    error = info.value.response
    assert (error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]) == ("PreconditionFailedException", 412)
    assert error["Error"]["Message"] == (
        "The Revision Id provided does not match the latest Revision Id. "
        "Call the GetFunction/GetAlias API to retrieve the latest Revision Id"
    )


@pytest.mark.parametrize(
    ("target", "weights", "message"),
    [
        ("1", {"2": 0.5, "3": 0.1}, "Number of items in AdditionalVersionWeights cannot be greater than 1"),
        ("1", {"1": 0.5}, "Invalid function version 1. Function version 1 is already included in routing configuration."),
        ("$LATEST", {"1": 0.5}, "$LATEST is not supported for an alias pointing to more than 1 version"),
    ],
)
def test_alias_routing_config_is_checked(
    create_function: Any, lambda_client: Any, target: str, weights: dict[str, float], message: str
) -> None:
    create_function("routed", Publish=True)
    for timeout in (4, 5):
        lambda_client.update_function_configuration(FunctionName="routed", Timeout=timeout)
        lambda_client.publish_version(FunctionName="routed")
    with pytest.raises(ClientError) as info:
        lambda_client.create_alias(
            FunctionName="routed", Name="live", FunctionVersion=target, RoutingConfig={"AdditionalVersionWeights": weights}
        )
    assert (info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]) == (
        "InvalidParameterValueException",
        message,
    )
    # As AWS recorded them: the $LATEST check alone answers without "Type".
    assert ("Type" in info.value.response) == (target != "$LATEST")


def test_create_alias_of_a_missing_function_names_the_target_version(lambda_client: Any) -> None:
    with pytest.raises(ClientError) as info:
        lambda_client.create_alias(FunctionName="absent", Name="live", FunctionVersion="1")
    error = info.value.response
    assert (error["Error"]["Code"], error["Error"]["Message"], error["ResponseMetadata"]["HTTPStatusCode"]) == (
        "ResourceNotFoundException",
        "Function not found: arn:aws:lambda:us-east-1:000000000000:function:absent:1",
        404,
    )


def test_alias_routing_config_is_returned(create_function: Any, lambda_client: Any) -> None:
    create_function("split", Publish=True)
    lambda_client.update_function_configuration(FunctionName="split", Timeout=4)
    lambda_client.publish_version(FunctionName="split")
    created = lambda_client.create_alias(
        FunctionName="split", Name="live", FunctionVersion="1", RoutingConfig={"AdditionalVersionWeights": {"2": 0.25}}
    )
    assert created["RoutingConfig"] == {"AdditionalVersionWeights": {"2": 0.25}}
    cleared = lambda_client.update_alias(FunctionName="split", Name="live", RoutingConfig={"AdditionalVersionWeights": {}})
    assert "RoutingConfig" not in cleared


LAYER_LIB = "GREETING = 'from the layer'\n"
USES_LAYER = "import shared\n\ndef handler(event, context):\n    return shared.GREETING\n"


def test_layers_are_on_the_import_path(lambda_client: Any) -> None:
    published = lambda_client.publish_layer_version(
        LayerName="libs",
        Content={"ZipFile": make_zip({"python/shared.py": LAYER_LIB})},
        CompatibleRuntimes=["python3.12"],
        Description="shared code",
    )
    assert published["Version"] == 1
    assert published["LayerVersionArn"] == "arn:aws:lambda:us-east-1:000000000000:layer:libs:1"
    assert published["Content"]["CodeSize"] > 0
    lambda_client.create_function(
        FunctionName="layered",
        Runtime="python3.12",
        Role=ROLE,
        Handler="app.handler",
        Code={"ZipFile": make_zip({"app.py": USES_LAYER})},
        Layers=[published["LayerVersionArn"]],
    )
    config = lambda_client.get_function_configuration(FunctionName="layered")
    assert config["Layers"] == [{"Arn": published["LayerVersionArn"], "CodeSize": published["Content"]["CodeSize"]}]
    answer = lambda_client.invoke(FunctionName="layered")
    assert json.loads(answer["Payload"].read()) == "from the layer"


def test_layer_listing_and_deletion(lambda_client: Any) -> None:
    for _ in range(2):
        lambda_client.publish_layer_version(LayerName="lay", Content={"ZipFile": make_zip({"python/x.py": ""})})
    got = lambda_client.get_layer_version(LayerName="lay", VersionNumber=2)
    assert got["LayerArn"] == "arn:aws:lambda:us-east-1:000000000000:layer:lay"
    layers = lambda_client.list_layers()["Layers"]
    assert [(lay["LayerName"], lay["LatestMatchingVersion"]["Version"]) for lay in layers] == [("lay", 2)]
    assert [v["Version"] for v in lambda_client.list_layer_versions(LayerName="lay")["LayerVersions"]] == [2, 1]
    lambda_client.delete_layer_version(LayerName="lay", VersionNumber=2)
    lambda_client.delete_layer_version(LayerName="lay", VersionNumber=2)
    with pytest.raises(ClientError) as info:
        lambda_client.get_layer_version(LayerName="lay", VersionNumber=2)
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as info:
        lambda_client.create_function(
            FunctionName="nolayer", Runtime="python3.12", Role=ROLE, Handler="app.handler",
            Code={"ZipFile": make_zip({"app.py": USES_LAYER})},
            Layers=["arn:aws:lambda:us-east-1:000000000000:layer:lay:2"],
        )  # fmt: skip
    assert info.value.response["Error"]["Code"] == "InvalidParameterValueException"


def test_weighted_alias_routes_between_versions(create_function: Any, lambda_client: Any) -> None:
    create_function("weights", "def handler(e, c):\n    return c.function_version\n", Publish=True)
    lambda_client.update_function_configuration(FunctionName="weights", Description="v2")
    lambda_client.publish_version(FunctionName="weights")
    lambda_client.create_alias(
        FunctionName="weights", Name="canary", FunctionVersion="1", RoutingConfig={"AdditionalVersionWeights": {"2": 0.5}}
    )
    executed = set()
    for _ in range(40):
        answer = lambda_client.invoke(FunctionName="weights", Qualifier="canary")
        assert json.loads(answer["Payload"].read()) == answer["ExecutedVersion"]
        executed.add(answer["ExecutedVersion"])
    assert executed == {"1", "2"}
    alias = lambda_client.get_alias(FunctionName="weights", Name="canary")
    assert alias["RoutingConfig"] == {"AdditionalVersionWeights": {"2": 0.5}}


def test_listings_leave_out_state(create_function: Any, lambda_client: Any) -> None:
    create_function("listed", Publish=True)
    assert "State" not in lambda_client.list_functions()["Functions"][0]
    versions = lambda_client.list_versions_by_function(FunctionName="listed")["Versions"]
    assert all("State" not in v and "RuntimeVersionConfig" not in v for v in versions)
    assert "RuntimeVersionConfig" not in lambda_client.list_functions()["Functions"][0]
    assert lambda_client.get_function(FunctionName="listed", Qualifier="1")["Configuration"]["FunctionArn"] == ARN + "listed:1"


def test_layer_version_policy(lambda_client: Any) -> None:
    lambda_client.publish_layer_version(LayerName="shared", Content={"ZipFile": make_zip({"python/s.py": "X = 1\n"})})
    layer_arn = "arn:aws:lambda:us-east-1:000000000000:layer:shared:1"
    with pytest.raises(ClientError) as info:
        lambda_client.get_layer_version_policy(LayerName="shared", VersionNumber=1)
    assert info.value.response["Error"]["Message"] == "No policy is associated with the given resource."
    added = lambda_client.add_layer_version_permission(
        LayerName="shared", VersionNumber=1, StatementId="all", Action="lambda:GetLayerVersion", Principal="*"
    )
    statement = json.loads(added["Statement"])
    assert statement == {
        "Sid": "all",
        "Effect": "Allow",
        "Principal": "*",
        "Action": "lambda:GetLayerVersion",
        "Resource": layer_arn,
    }
    policy = lambda_client.get_layer_version_policy(LayerName="shared", VersionNumber=1)
    assert (json.loads(policy["Policy"])["Statement"], policy["RevisionId"]) == ([statement], added["RevisionId"])
    with pytest.raises(ClientError) as info:
        lambda_client.add_layer_version_permission(
            LayerName="shared", VersionNumber=1, StatementId="all", Action="lambda:GetLayerVersion", Principal="*"
        )
    assert info.value.response["Error"]["Code"] == "ResourceConflictException"
    lambda_client.remove_layer_version_permission(LayerName="shared", VersionNumber=1, StatementId="all")
    with pytest.raises(ClientError) as info:
        lambda_client.remove_layer_version_permission(LayerName="shared", VersionNumber=1, StatementId="all")
    assert info.value.response["Error"]["Message"] == "Statement all is not found in resource policy."
    with pytest.raises(ClientError) as info:
        lambda_client.add_layer_version_permission(
            LayerName="shared", VersionNumber=2, StatementId="s", Action="lambda:GetLayerVersion", Principal="*"
        )
    assert info.value.response["Error"]["Message"] == f"Layer version {layer_arn[:-1]}2 does not exist."


def test_layer_shows_empty_compatibility_lists(lambda_client: Any) -> None:
    published = lambda_client.publish_layer_version(
        LayerName="bare", Content={"ZipFile": make_zip({"python/b.py": "B = 1\n"})}, CompatibleRuntimes=[], CompatibleArchitectures=[]
    )
    assert (published["CompatibleRuntimes"], published["CompatibleArchitectures"]) == ([], [])


def test_layer_references_are_checked(create_function: Any, lambda_client: Any) -> None:
    for _ in range(2):
        lambda_client.publish_layer_version(LayerName="dup", Content={"ZipFile": make_zip({"python/d.py": "D = 1\n"})})
    layer = "arn:aws:lambda:us-east-1:000000000000:layer:dup:"
    cases = [
        ([layer + "1", layer + "2"], f"{layer}1 and {layer}2"),
        ([layer + "1", layer + "1"], f"{layer}1 and {layer}1"),
    ]
    for layers, pair in cases:
        with pytest.raises(ClientError) as info:
            create_function("layered-twice", Layers=layers)
        assert info.value.response["Error"]["Message"] == (
            "Two different versions of the same layer are not allowed to be referenced in the same function. "
            f"{pair} are versions of the same layer."
        )
    with pytest.raises(ClientError) as info:
        create_function("layered-elsewhere", Layers=["arn:aws:lambda:eu-west-1:000000000000:layer:dup:1"])
    assert info.value.response["Error"]["Message"] == (
        "Layers are not in the same region as the function. Layers are expected to be in region us-east-1."
    )


def test_layer_version_numbers_start_at_one(lambda_client: Any) -> None:
    with pytest.raises(ClientError) as info:
        lambda_client.get_layer_version(LayerName="none", VersionNumber=0)
    assert (info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]) == (
        "InvalidParameterValueException",
        "Layer Version Cannot be less than 1",
    )
