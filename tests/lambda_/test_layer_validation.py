"""Layer runtime and architecture checks in Lambda's own words.

As AWS answers in the snapshot test_lambda_api.py::TestLambdaLayer::test_layer_exceptions
(LocalStack's, AWS-validated; its VALID_LAYER_RUNTIMES and layer checks copy those answers).
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from lambda_helpers import make_zip

from emulator.aws.wording import java_hash_set_order

CODE = {"ZipFile": make_zip({"python/m.py": "X = 1\n"})}
LAYER_RUNTIMES = (
    "[ruby3.5, ruby2.6, dotnetcore1.0, python3.7, nodejs8.10, nasa, ruby2.7, python2.7-greengrass, dotnetcore2.0, "
    "python3.8, java21, dotnet6, dotnetcore2.1, python3.9, java11, nodejs6.10, provided, dotnetcore3.1, dotnet8, "
    "java25, java17, nodejs, nodejs4.3, java8.al2, go1.x, dotnet10, nodejs20.x, go1.9, byol, nodejs10.x, "
    "provided.al2023, nodejs22.x, python3.10, java8, nodejs12.x, python3.11, nodejs24.x, nodejs8.x, python3.12, "
    "nodejs14.x, nodejs8.9, nodejs26.x, python3.13, python3.14, nodejs16.x, python3.15, provided.al2, "
    "nodejs4.3-edge, nodejs18.x, ruby3.2, python3.4, ruby3.3, ruby3.4, ruby2.5, python3.6, python2.7]"
)
ARCHITECTURES = "Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64]]"


def error_of(call: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as info:
        call()
    response = info.value.response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert "Type" not in response  # Coral's ValidationException, not a Lambda error
    return response["Error"]


def test_bad_compatible_runtimes_are_named_without_the_list_wrapper(lambda_client: Any) -> None:
    error = error_of(
        lambda: lambda_client.publish_layer_version(LayerName="l", Content=CODE, CompatibleRuntimes=["python3.12", "invalidruntime"])
    )
    assert error["Code"] == "ValidationException"
    prefix = (
        "1 validation error detected: Value '[python3.12, invalidruntime]' at 'compatibleRuntimes' failed to satisfy "
        "constraint: Member must satisfy enum value set: ["
    )
    assert error["Message"].startswith(prefix) and error["Message"].endswith("]")
    listed = error["Message"][len(prefix) : -1].split(", ")
    # The runtimes functions may use, in the order CreateFunction's error prints them.
    assert "python3.12" in listed and "nodejs14.x" not in listed and "python2.7" not in listed
    assert listed == java_hash_set_order(listed)
    with pytest.raises(ClientError) as create:
        lambda_client.create_function(
            FunctionName="f", Runtime="python9.9", Role="arn:aws:iam::000000000000:role/r", Handler="h.h", Code=CODE
        )
    assert create.value.response["Error"]["Message"].endswith(f"[{', '.join(listed)}] or be a valid ARN")


def test_runtimes_are_named_before_architectures(lambda_client: Any) -> None:
    error = error_of(
        lambda: lambda_client.publish_layer_version(
            LayerName="l", Content=CODE, CompatibleRuntimes=["invalidruntime"], CompatibleArchitectures=["invalidarch"]
        )
    )
    message = error["Message"]
    assert message.startswith(
        "2 validation errors detected: Value '[invalidruntime]' at 'compatibleRuntimes' failed to satisfy constraint: "
        "Member must satisfy enum value set: ["
    )
    assert message.endswith(
        "]; Value '[invalidarch]' at 'compatibleArchitectures' failed to satisfy constraint: " + ARCHITECTURES
    )


def test_bad_compatible_architectures_alone(lambda_client: Any) -> None:
    error = error_of(
        lambda: lambda_client.publish_layer_version(
            LayerName="l", Content=CODE, CompatibleArchitectures=["x86_64", "invalidarch"]
        )
    )
    assert error == {
        "Code": "ValidationException",
        "Message": "1 validation error detected: Value '[x86_64, invalidarch]' at 'compatibleArchitectures' failed to "
        "satisfy constraint: " + ARCHITECTURES,
    }


def test_layers_may_name_runtimes_functions_no_longer_get(lambda_client: Any) -> None:
    published = lambda_client.publish_layer_version(
        LayerName="old", Content=CODE, CompatibleRuntimes=["nodejs14.x", "python2.7"], CompatibleArchitectures=["arm64"]
    )
    assert published["CompatibleRuntimes"] == ["nodejs14.x", "python2.7"]
    listed = lambda_client.list_layers(CompatibleRuntime="nodejs14.x")["Layers"]
    assert [layer["LayerName"] for layer in listed] == ["old"]


@pytest.mark.parametrize("listing", ["list_layers", "list_layer_versions"])
def test_listing_by_a_bad_runtime_is_a_plain_validation_exception(lambda_client: Any, listing: str) -> None:
    options = {"LayerName": "l"} if listing == "list_layer_versions" else {}
    error = error_of(lambda: getattr(lambda_client, listing)(CompatibleRuntime="runtimedoesnotexist", **options))
    assert error == {
        "Code": "ValidationException",
        "Message": "1 validation error detected: Value 'runtimedoesnotexist' at 'compatibleRuntime' failed to satisfy "
        f"constraint: Member must satisfy enum value set: {LAYER_RUNTIMES}",
    }


@pytest.mark.parametrize("listing", ["list_layers", "list_layer_versions"])
def test_listing_by_a_bad_architecture(lambda_client: Any, listing: str) -> None:
    options = {"LayerName": "l"} if listing == "list_layer_versions" else {}
    error = error_of(lambda: getattr(lambda_client, listing)(CompatibleArchitecture="archdoesnotexist", **options))
    assert error == {
        "Code": "ValidationException",
        "Message": "1 validation error detected: Value 'archdoesnotexist' at 'compatibleArchitecture' failed to "
        "satisfy constraint: Member must satisfy enum value set: [x86_64, arm64]",
    }
    both = error_of(
        lambda: getattr(lambda_client, listing)(
            CompatibleRuntime="runtimedoesnotexist", CompatibleArchitecture="archdoesnotexist", **options
        )
    )
    assert both["Message"].startswith("2 validation errors detected: Value 'runtimedoesnotexist' at 'compatibleRuntime'")
    assert both["Message"].endswith(
        "; Value 'archdoesnotexist' at 'compatibleArchitecture' failed to satisfy constraint: "
        "Member must satisfy enum value set: [x86_64, arm64]"
    )
