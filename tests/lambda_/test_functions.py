"""CreateFunction, GetFunction, ListFunctions, updates and DeleteFunction through boto3."""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

import pytest
from botocore.exceptions import ClientError
from lambda_helpers import ECHO, ROLE, make_zip

ARN = "arn:aws:lambda:us-east-1:000000000000:function:"


def error_of(info: pytest.ExceptionInfo[ClientError]) -> tuple[str, str, int]:
    error = info.value.response
    return error["Error"]["Code"], error["Error"]["Message"], error["ResponseMetadata"]["HTTPStatusCode"]


def test_create_function_answers_as_aws(lambda_client: Any) -> None:
    archive = make_zip({"app.py": ECHO})
    created = lambda_client.create_function(
        FunctionName="shape",
        Runtime="python3.12",
        Role=ROLE,
        Handler="app.handler",
        Code={"ZipFile": archive},
        Environment={"Variables": {"AA": "1"}},
        Description="d",
        Timeout=10,
        MemorySize=256,
    )
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert created["FunctionArn"] == ARN + "shape"
    assert created["CodeSha256"] == base64.b64encode(hashlib.sha256(archive).digest()).decode()
    assert created["CodeSize"] == len(archive)
    assert created["Version"] == "$LATEST"
    assert created["State"] == "Pending"
    assert created["StateReasonCode"] == "Creating"
    assert created["PackageType"] == "Zip"
    assert created["Architectures"] == ["x86_64"]
    assert created["Environment"] == {"Variables": {"AA": "1"}}
    assert (created["Description"], created["Timeout"], created["MemorySize"]) == ("d", 10, 256)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000", created["LastModified"])
    assert created["RevisionId"]
    lambda_client.get_waiter("function_active_v2").wait(FunctionName="shape", WaiterConfig={"Delay": 1, "MaxAttempts": 3})
    fetched = lambda_client.get_function(FunctionName="shape")
    assert fetched["Configuration"]["State"] == "Active"
    assert fetched["Configuration"]["LastUpdateStatus"] == "Successful"
    assert fetched["Code"]["RepositoryType"] == "S3"
    assert fetched["Code"]["Location"].startswith("http")


def test_defaults_of_a_new_function(create_function: Any, lambda_client: Any) -> None:
    create_function("defaults")
    config = lambda_client.get_function_configuration(FunctionName="defaults")
    assert (config["Timeout"], config["MemorySize"], config["Description"]) == (3, 128, "")
    assert config["TracingConfig"] == {"Mode": "PassThrough"}
    assert config["EphemeralStorage"] == {"Size": 512}
    assert config["LoggingConfig"] == {"LogFormat": "Text", "LogGroup": "/aws/lambda/defaults"}
    assert "Environment" not in config


def test_create_twice_is_a_conflict(create_function: Any) -> None:
    create_function("twice")
    with pytest.raises(ClientError) as info:
        create_function("twice")
    assert error_of(info) == ("ResourceConflictException", "Function already exist: twice", 409)


def test_missing_function_is_not_found(lambda_client: Any) -> None:
    with pytest.raises(ClientError) as info:
        lambda_client.get_function(FunctionName="nope")
    assert error_of(info) == ("ResourceNotFoundException", f"Function not found: {ARN}nope", 404)
    assert info.value.response["Type"] == "User"
    with pytest.raises(ClientError) as info:
        lambda_client.get_function_configuration(FunctionName="nope", Qualifier="3")
    assert error_of(info)[1] == f"Function not found: {ARN}nope:3"


def test_function_named_by_arn_and_partial_arn(create_function: Any, lambda_client: Any) -> None:
    create_function("named")
    for name in (ARN + "named", "000000000000:function:named", "named:$LATEST"):
        assert lambda_client.get_function(FunctionName=name)["Configuration"]["FunctionName"] == "named"


def test_zip_entries_escaping_the_code_folder_are_rejected(lambda_client: Any) -> None:
    with pytest.raises(ClientError) as info:
        lambda_client.create_function(
            FunctionName="escape",
            Runtime="python3.12",
            Role=ROLE,
            Handler="app.handler",
            Code={"ZipFile": make_zip({"../evil.py": "x = 1"})},
        )
    assert error_of(info)[0] == "InvalidParameterValueException"
    with pytest.raises(ClientError):
        lambda_client.get_function(FunctionName="escape")


def test_bad_zip_and_bad_parameters(lambda_client: Any) -> None:
    base = {"FunctionName": "bad", "Role": ROLE, "Handler": "app.handler"}
    with pytest.raises(ClientError) as info:
        lambda_client.create_function(**base, Runtime="python3.12", Code={"ZipFile": b"not a zip"})
    assert error_of(info) == (
        "InvalidParameterValueException",
        "Could not unzip uploaded file. Please check your file, then try to upload again.",
        400,
    )
    with pytest.raises(ClientError) as info:
        lambda_client.create_function(**base, Runtime="python2.7", Code={"ZipFile": make_zip({"app.py": ECHO})})
    assert error_of(info)[0] == "InvalidParameterValueException"
    assert "python2.7 is no longer supported" in error_of(info)[1]
    with pytest.raises(ClientError) as info:
        lambda_client.create_function(
            **base, Runtime="python3.12", Timeout=901, Code={"ZipFile": make_zip({"app.py": ECHO})}
        )
    assert error_of(info)[:2] == (
        "ValidationException",
        "1 validation error detected: Value '901' at 'timeout' failed to satisfy constraint: "
        "Member must have value less than or equal to 900",
    )
    with pytest.raises(ClientError) as info:
        lambda_client.create_function(
            **base,
            Runtime="python3.12",
            Environment={"Variables": {"AWS_REGION": "x"}},
            Code={"ZipFile": make_zip({"app.py": ECHO})},
        )
    assert "Reserved keys used in this request: AWS_REGION" in error_of(info)[1]


def test_list_functions_pages_with_marker(create_function: Any, lambda_client: Any) -> None:
    for index in range(5):
        create_function(f"list-{index}")
    first = lambda_client.list_functions(MaxItems=2)
    assert [f["FunctionName"] for f in first["Functions"]] == ["list-0", "list-1"]
    names = [f["FunctionName"] for page in lambda_client.get_paginator("list_functions").paginate(
        PaginationConfig={"PageSize": 2}) for f in page["Functions"]]  # fmt: skip
    assert names == [f"list-{i}" for i in range(5)]
    assert "NextMarker" not in lambda_client.list_functions()


def test_runtime_version_config_names_the_runtime(create_function: Any, lambda_client: Any) -> None:
    created = create_function("rv")
    pattern = re.compile(r"arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}")
    assert pattern.fullmatch(created["RuntimeVersionConfig"]["RuntimeVersionArn"])
    got = lambda_client.get_function(FunctionName="rv")["Configuration"]
    assert got["RuntimeVersionConfig"] == created["RuntimeVersionConfig"]
    updated = lambda_client.update_function_configuration(FunctionName="rv", Runtime="python3.11")
    assert pattern.fullmatch(updated["RuntimeVersionConfig"]["RuntimeVersionArn"])
    assert updated["RuntimeVersionConfig"] != created["RuntimeVersionConfig"]


def test_snap_start_and_vpc_config_as_aws_answers_them(create_function: Any, lambda_client: Any) -> None:
    created = create_function("vpc", VpcConfig={"SubnetIds": ["subnet-1"], "SecurityGroupIds": ["sg-1"]})
    vpc = created["VpcConfig"]
    assert (vpc["SubnetIds"], vpc["SecurityGroupIds"], vpc["Ipv6AllowedForDualStack"]) == (["subnet-1"], ["sg-1"], False)
    assert re.fullmatch(r"vpc-[0-9a-f]{17}", vpc["VpcId"])
    cleared = lambda_client.update_function_configuration(FunctionName="vpc", VpcConfig={"SubnetIds": [], "SecurityGroupIds": []})
    assert cleared["VpcConfig"] == {"SubnetIds": [], "SecurityGroupIds": [], "Ipv6AllowedForDualStack": False, "VpcId": ""}
    snap = lambda_client.update_function_configuration(FunctionName="vpc", SnapStart={"ApplyOn": "PublishedVersions"})
    assert snap["SnapStart"] == {"ApplyOn": "PublishedVersions", "OptimizationStatus": "Off"}


def test_list_all_versions_qualifies_every_arn(create_function: Any, lambda_client: Any) -> None:
    create_function("every", Publish=True)
    listed = lambda_client.list_functions(FunctionVersion="ALL")["Functions"]
    assert [(f["Version"], f["FunctionArn"]) for f in listed] == [("$LATEST", ARN + "every:$LATEST"), ("1", ARN + "every:1")]
    assert [f["FunctionArn"] for f in lambda_client.list_functions()["Functions"]] == [ARN + "every"]


def test_json_log_format_brings_log_levels(create_function: Any, lambda_client: Any) -> None:
    create_function("logs")
    updated = lambda_client.update_function_configuration(FunctionName="logs", LoggingConfig={"LogFormat": "JSON"})
    assert updated["LoggingConfig"] == {
        "LogFormat": "JSON",
        "ApplicationLogLevel": "INFO",
        "SystemLogLevel": "INFO",
        "LogGroup": "/aws/lambda/logs",
    }
    text = lambda_client.update_function_configuration(FunctionName="logs", LoggingConfig={"LogFormat": "Text"})
    assert text["LoggingConfig"] == {"LogFormat": "Text", "LogGroup": "/aws/lambda/logs"}


def test_update_configuration_and_code(create_function: Any, lambda_client: Any) -> None:
    created = create_function("upd")
    updated = lambda_client.update_function_configuration(
        FunctionName="upd", Timeout=30, Environment={"Variables": {"BB": "2"}}
    )
    assert updated["Timeout"] == 30
    assert updated["LastUpdateStatus"] == "InProgress"
    assert updated["RevisionId"] != created["RevisionId"]
    lambda_client.get_waiter("function_updated_v2").wait(FunctionName="upd", WaiterConfig={"Delay": 1, "MaxAttempts": 3})
    archive = make_zip({"app.py": ECHO + "\n# changed\n"})
    code = lambda_client.update_function_code(FunctionName="upd", ZipFile=archive)
    assert code["CodeSha256"] == base64.b64encode(hashlib.sha256(archive).digest()).decode()
    assert code["Timeout"] == 30
    with pytest.raises(ClientError) as info:
        lambda_client.update_function_code(FunctionName="upd", ZipFile=archive, RevisionId=created["RevisionId"])
    assert error_of(info)[0] == "PreconditionFailedException"


def test_delete_function(create_function: Any, lambda_client: Any) -> None:
    create_function("gone")
    lambda_client.delete_function(FunctionName="gone")
    with pytest.raises(ClientError) as info:
        lambda_client.delete_function(FunctionName="gone")
    assert error_of(info)[0] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as info:
        lambda_client.delete_function(FunctionName="gone", Qualifier="1")
    assert error_of(info) == ("ResourceNotFoundException", f"Function not found: {ARN}gone", 404)
    with pytest.raises(ClientError) as info:
        lambda_client.delete_function(FunctionName="gone", Qualifier="$LATEST")
    assert error_of(info)[1] == "$LATEST version cannot be deleted without deleting the function."
    assert lambda_client.list_functions()["Functions"] == []


def test_function_arn_of_another_region_is_refused(create_function: Any, lambda_client: Any) -> None:
    create_function("here")
    other = "arn:aws:lambda:eu-west-1:000000000000:function:here"
    calls = [
        lambda: lambda_client.get_function(FunctionName=other),
        lambda: lambda_client.invoke(FunctionName=other),
        lambda: lambda_client.delete_function(FunctionName=other),
        lambda: lambda_client.get_function_concurrency(FunctionName=other),
        lambda: lambda_client.get_function_event_invoke_config(FunctionName=other),
    ]
    for call in calls:
        with pytest.raises(ClientError) as info:
            call()
        assert error_of(info) == (
            "ResourceNotFoundException",
            "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')",
            404,
        )
    assert lambda_client.get_function(FunctionName=ARN + "here")["Configuration"]["FunctionName"] == "here"


def test_container_image_functions_are_refused_as_unsupported(lambda_client: Any) -> None:
    """The emulator runs zip packages; an image function is refused by name, not for a missing Runtime."""
    with pytest.raises(ClientError) as info:
        lambda_client.create_function(
            FunctionName="image", Role=ROLE, PackageType="Image",
            Code={"ImageUri": "000000000000.dkr.ecr.us-east-1.amazonaws.com/app:latest"},
        )  # fmt: skip
    assert error_of(info)[:2] == (
        "InvalidParameterValueException",
        "Container image functions are not supported by the emulator.",
    )
    assert lambda_client.list_functions()["Functions"] == []
