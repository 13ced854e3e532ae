"""The protocol layer, through boto3 and raw HTTP against a running server."""

from __future__ import annotations

import zlib

import boto3
import httpx
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess
from emulator.testing.process import CLIENT_ENV

DYNAMODB_TARGET = "DynamoDB_20120810"


def _error(excinfo: pytest.ExceptionInfo[ClientError]) -> dict[str, str]:
    return excinfo.value.response["Error"]


def test_list_tables_returns_no_tables(dynamodb) -> None:
    result = dynamodb.list_tables()
    assert result["TableNames"] == []
    assert result["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_aws_endpoint_url_alone_reaches_the_emulator(server: EmulatorProcess, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in CLIENT_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_ENDPOINT_URL", server.url)
    client = boto3.session.Session().client("dynamodb")
    assert client.list_tables()["TableNames"] == []


def test_limit_over_maximum_is_one_validation_error(dynamodb) -> None:
    with pytest.raises(ClientError) as excinfo:
        dynamodb.list_tables(Limit=1000)
    assert _error(excinfo)["Code"] == "ValidationException"
    assert _error(excinfo)["Message"] == (
        "1 validation error detected: Value '1000' at 'limit' failed to satisfy constraint: "
        "Member must have value less than or equal to 100"
    )
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_several_violations_are_listed_in_model_member_order(server: EmulatorProcess) -> None:
    client = server.client("dynamodb", config=Config(parameter_validation=False, retries={"max_attempts": 1}))
    with pytest.raises(ClientError) as excinfo:
        client.list_tables(ExclusiveStartTableName="ab", Limit=0)
    assert _error(excinfo)["Message"] == (
        "2 validation errors detected: "
        "Value 'ab' at 'exclusiveStartTableName' failed to satisfy constraint: "
        "Member must have length greater than or equal to 3; "
        "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"
    )


def test_missing_required_member_is_reported_as_null(server: EmulatorProcess) -> None:
    client = server.client("dynamodb", config=Config(parameter_validation=False, retries={"max_attempts": 1}))
    with pytest.raises(ClientError) as excinfo:
        client.describe_table()
    assert _error(excinfo)["Code"] == "ValidationException"
    assert _error(excinfo)["Message"] == (
        "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: "
        "Member must not be null"
    )


def test_wrong_json_type_is_a_serialization_exception(server: EmulatorProcess) -> None:
    response = _post_json(server, "ListTables", b'{"Limit": "ten"}')
    assert response.status_code == 400
    assert response.json() == {
        "__type": "com.amazon.coral.service#SerializationException",
        "Message": "STRING_VALUE cannot be converted to Integer",  # DynamoDB's reader (dynalite's current tests)
    }


def test_body_that_is_not_json_is_a_serialization_exception(server: EmulatorProcess) -> None:
    mark = server.lines_printed
    response = _post_json(server, "ListTables", b"{not json")
    assert response.status_code == 400
    assert response.json()["__type"] == "com.amazon.coral.service#SerializationException"
    assert "Traceback" not in "\n".join(server.output_since(mark))


def test_unknown_target_is_an_unknown_operation(server: EmulatorProcess) -> None:
    mark = server.lines_printed
    response = _post_json(server, "DropEverything", b"{}")
    assert response.status_code == 400
    assert response.json()["__type"] == "com.amazon.coral.service#UnknownOperationException"
    unknown_service = httpx.post(server.url, headers={"X-Amz-Target": "Nope_2020.Do"}, content=b"{}")
    assert unknown_service.json()["__type"] == "com.amazon.coral.service#UnknownOperationException"
    assert "Traceback" not in "\n".join(server.output_since(mark))


def test_dynamodb_responses_carry_request_id_and_crc32(server: EmulatorProcess) -> None:
    response = _post_json(server, "ListTables", b"{}")
    assert response.headers["x-amzn-requestid"]
    assert int(response.headers["x-amz-crc32"]) == zlib.crc32(response.content)
    assert response.headers["content-type"] == "application/x-amz-json-1.0"


def test_rest_json_error_reaches_boto3_with_code_and_message(lambda_client) -> None:
    with pytest.raises(ClientError) as excinfo:
        lambda_client.get_function(FunctionName="nope")
    error = _error(excinfo)
    assert error["Code"] == "ResourceNotFoundException"
    assert error["Message"] == "Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_rest_json_validation_uses_the_same_message_format(server: EmulatorProcess) -> None:
    client = server.client("lambda", config=Config(parameter_validation=False, retries={"max_attempts": 1}))
    with pytest.raises(ClientError) as excinfo:
        client.list_functions(MaxItems=100000)
    assert _error(excinfo)["Code"] == "ValidationException"
    assert _error(excinfo)["Message"] == (
        "1 validation error detected: Value '100000' at 'maxItems' failed to satisfy constraint: "
        "Member must have value less than or equal to 10000"
    )


def test_region_comes_from_the_signature(server: EmulatorProcess) -> None:
    client = server.client("lambda", region_name="eu-west-3")
    with pytest.raises(ClientError) as excinfo:
        client.get_function(FunctionName="nope")
    assert ":eu-west-3:" in _error(excinfo)["Message"]


def test_operation_not_built_answers_unknown_operation_naming_it(server: EmulatorProcess) -> None:
    # API Gateway's GetSdk (generated client SDKs) is the one operation of the emulated models not built.
    client = server.client("apigateway")
    with pytest.raises(ClientError) as excinfo:
        client.get_sdk(restApiId="abc123", stageName="prod", sdkType="javascript")
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert _error(excinfo)["Code"] == "UnknownOperationException"
    assert "GetSdk" in _error(excinfo)["Message"]


def test_unmatched_request_is_a_json_404(server: EmulatorProcess) -> None:
    response = httpx.get(f"{server.url}/no/such/thing")
    assert response.status_code == 404
    assert response.json()["__type"] == "NotFoundException"


def test_health_endpoints_list_services(server: EmulatorProcess) -> None:
    health = httpx.get(f"{server.url}/_emulator/health").json()
    assert health["services"]["dynamodb"] == "running"
    assert health["services"]["lambda"] == "running"
    localstack = httpx.get(f"{server.url}/_localstack/health").json()
    assert localstack["services"]["dynamodb"] == "running"
    assert "version" in localstack


def _post_json(server: EmulatorProcess, operation: str, body: bytes) -> httpx.Response:
    return httpx.post(
        server.url,
        headers={"X-Amz-Target": f"{DYNAMODB_TARGET}.{operation}", "Content-Type": "application/x-amz-json-1.0"},
        content=body,
    )


def test_example_pages_are_served(server: EmulatorProcess) -> None:
    response = httpx.get(f"{server.url}/_emulator/examples/todo-rest-api/README.md")
    assert response.status_code == 200
    assert "todo" in response.text


def test_a_missing_example_page_is_404(server: EmulatorProcess) -> None:
    response = httpx.get(f"{server.url}/_emulator/examples/no-such-example/page.html")
    assert response.status_code == 404
    assert response.json() == {"message": "Not Found"}
