"""Functions' control plane as AWS answered LocalStack's recorded requests (test_lambda_api.snapshot.json, AWS-validated):
deleting versions, the size limits of an upload, and code of the wrong package type."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError
from lambda_helpers import ECHO, ROLE

ARN = "arn:aws:lambda:us-east-1:000000000000:function:"


def _stored_zip(padding: int) -> bytes:
    """A zip whose size is about ``padding`` bytes: stored, not deflated, as LocalStack's test builds it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("app.py", ECHO + "#" * padding)
    return buffer.getvalue()


def _refusal(error: pytest.ExceptionInfo[ClientError]) -> tuple[int, dict[str, Any]]:
    return error.value.response["ResponseMetadata"]["HTTPStatusCode"], error.value.response["Error"]


def test_deleting_a_version_that_is_not_there_answers_204_until_the_function_is_gone(
    create_function: Callable[..., dict[str, Any]], lambda_client: Any
) -> None:
    # LocalStack's AWS-validated snapshot test_lambda_api.snapshot.json::TestLambdaFunction::test_delete_on_nonexisting_version
    create_function("keeper")
    for _ in range(2):
        answer = lambda_client.delete_function(FunctionName="keeper", Qualifier="1233")
        assert answer["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert lambda_client.get_function(FunctionName="keeper")["Configuration"]["FunctionName"] == "keeper"
    lambda_client.delete_function(FunctionName="keeper")
    for qualifier in ({}, {"Qualifier": "1233"}):  # the function is named unqualified either way
        with pytest.raises(ClientError) as gone:
            lambda_client.delete_function(FunctionName="keeper", **qualifier)
        assert _refusal(gone) == (404, {"Code": "ResourceNotFoundException", "Message": f"Function not found: {ARN}keeper"})
        assert gone.value.response["Type"] == "User"


def test_a_zip_over_50_mb_is_refused_in_the_zipped_size_words(lambda_client: Any) -> None:
    # LocalStack's AWS-validated snapshot test_lambda_api.snapshot.json::TestLambdaSizeLimits::test_oversized_zipped_create_lambda
    archive = _stored_zip(52_428_800)
    assert len(archive) > 52_428_800
    with pytest.raises(ClientError) as refused:
        lambda_client.create_function(
            FunctionName="huge", Runtime="python3.12", Role=ROLE, Handler="app.handler", Code={"ZipFile": archive}
        )
    assert _refusal(refused) == (
        413,
        {"Code": "RequestEntityTooLargeException", "Message": "Zipped size must be smaller than 52428800 bytes"},
    )
    assert lambda_client.list_functions()["Functions"] == []


def test_a_request_over_the_limit_is_refused_before_its_environment_is_looked_at(lambda_client: Any) -> None:
    # LocalStack's AWS-validated snapshot test_lambda_api.snapshot.json::TestLambdaSizeLimits::test_oversized_request_create_lambda:
    # the environment is far over its 4 KB, but the request's size is what AWS answers.
    with pytest.raises(ClientError) as refused:
        lambda_client.create_function(
            FunctionName="bloated",
            Runtime="python3.12",
            Role=ROLE,
            Handler="app.handler",
            Code={"ZipFile": _stored_zip(0)},
            Environment={"Variables": {"largeKey": "#" * 70_167_211}},
        )
    assert _refusal(refused) == (
        413,
        {
            "Code": "RequestEntityTooLargeException",
            "Message": "Request must be smaller than 70167211 bytes for the CreateFunction operation",
        },
    )
    assert "Type" not in refused.value.response


def test_an_image_uri_is_refused_for_a_zip_function(create_function: Callable[..., dict[str, Any]], lambda_client: Any) -> None:
    # LocalStack's AWS-validated snapshot test_lambda_api.snapshot.json::TestLambdaImages::test_lambda_zip_file_to_image
    created = create_function("zipped")
    with pytest.raises(ClientError) as refused:
        lambda_client.update_function_code(
            FunctionName="zipped", ImageUri="000000000000.dkr.ecr.us-east-1.amazonaws.com/repo:latest"
        )
    message = "Please don't provide ImageUri when updating a function with packageType Zip."
    assert _refusal(refused) == (400, {"Code": "InvalidParameterValueException", "Message": message})
    assert refused.value.response["Type"] == "User"
    after = lambda_client.get_function(FunctionName="zipped")
    assert (after["Code"]["RepositoryType"], after["Configuration"]["PackageType"]) == ("S3", "Zip")
    assert after["Configuration"]["CodeSha256"] == created["CodeSha256"]


def test_code_over_250_mb_unzipped_is_refused(lambda_client: Any) -> None:
    # LocalStack's AWS-validated snapshot test_lambda_api.snapshot.json::TestLambdaSizeLimits::test_oversized_unzipped_lambda
    # (AWS's test uploads through S3, which the emulator has not; the same limit guards a direct upload).
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("app.py", ECHO)
        with archive.open("padding.txt", "w", force_zip64=True) as padding:
            for _ in range(250):  # 250 MiB, and app.py beyond it
                padding.write(b"#" * (1 << 20))
    with pytest.raises(ClientError) as refused:
        lambda_client.create_function(
            FunctionName="wide", Runtime="python3.12", Role=ROLE, Handler="app.handler", Code={"ZipFile": buffer.getvalue()}
        )
    message = "Unzipped size must be smaller than 262144000 bytes"
    assert _refusal(refused) == (400, {"Code": "InvalidParameterValueException", "Message": message})
    assert refused.value.response["Type"] == "User"


def test_an_arn_cut_short_names_its_last_segment(lambda_client: Any) -> None:
    # LocalStack's AWS-validated test_lambda_api.py::TestLambdaFunction::test_function_name_and_qualifier_validation
    # [incomplete_arn-*]: the name pattern reads "...:function" as a function named "function", so CreateFunction
    # accepts it (LocalStack's test skips that case as valid) and the others look that function up.
    incomplete = "arn:aws:lambda:us-east-1:000000000000:function"
    for call in (lambda_client.get_function, lambda_client.delete_function, lambda_client.invoke):
        with pytest.raises(ClientError) as missing:
            call(FunctionName=incomplete)
        suffix = ":$LATEST" if call == lambda_client.invoke else ""
        assert _refusal(missing) == (
            404,
            {"Code": "ResourceNotFoundException", "Message": f"Function not found: {ARN}function{suffix}"},
        )
    created = lambda_client.create_function(
        FunctionName=incomplete, Runtime="python3.12", Role=ROLE, Handler="app.handler", Code={"ZipFile": _stored_zip(0)}
    )
    assert (created["FunctionName"], created["FunctionArn"]) == ("function", ARN + "function")
