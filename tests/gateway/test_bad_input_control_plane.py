"""API Gateway control-plane input the model fuzz (tests/foundation/test_model_fuzz.py) found answered
with a 500: each now gets a 4xx in API Gateway's error shape."""

from __future__ import annotations

import httpx
import pytest
from botocore.exceptions import ClientError
from rest_helpers import error_of

from emulator.testing import EmulatorProcess

SIGNED = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/apigateway/aws4_request, SignedHeaders=host, Signature=x"
#: An OpenAPI document nested deeper than any parser follows.
DEEP = b'{"a":' * 3000 + b"1" + b"}" * 3000


def test_a_patch_operation_without_a_path_is_a_bad_path(server: EmulatorProcess) -> None:
    api = server.client("apigateway").create_rest_api(name="patched")
    response = httpx.patch(
        f"{server.url}/restapis/{api['id']}",
        json={"patchOperations": [{"op": "replace", "value": "x"}]},
        headers={"Authorization": SIGNED},
    )
    assert response.status_code == 400
    assert response.headers["x-amzn-errortype"] == "BadRequestException"
    assert response.json()["message"].startswith(
        "Invalid patch path  '' specified for op 'replace'. Must be one of: "
    )
    assert server.client("apigateway").get_rest_api(restApiId=api["id"])["name"] == "patched"


@pytest.mark.parametrize(
    ("operation", "message"),
    [
        ("import_rest_api", "Invalid OpenAPI input, unable to parse"),
        ("put_rest_api", "Invalid OpenAPI input, unable to parse"),
        ("import_documentation_parts", "Unable to build importer with provided input."),
    ],
)
def test_a_document_nested_past_any_parser_is_unparseable(
    server: EmulatorProcess, operation: str, message: str
) -> None:
    client = server.client("apigateway")
    arguments: dict[str, object] = {"body": DEEP}
    if operation != "import_rest_api":
        arguments["restApiId"] = client.create_rest_api(name="target")["id"]
    with pytest.raises(ClientError) as info:
        getattr(client, operation)(**arguments)
    assert error_of(info) == ("BadRequestException", message, 400)


def test_an_http_api_document_nested_past_any_parser_is_neither_json_nor_yaml(
    server: EmulatorProcess,
) -> None:
    with pytest.raises(ClientError) as info:
        server.client("apigatewayv2").import_api(Body=DEEP.decode())
    assert error_of(info) == (
        "BadRequestException",
        "Invalid OpenAPI input: the document is neither JSON nor YAML",
        400,
    )


def test_api_keys_csv_that_is_not_utf8_reads_bad_bytes_as_replacement_characters(
    server: EmulatorProcess,
) -> None:
    client = server.client("apigateway")
    imported = client.import_api_keys(
        body=b"Name,Key\nodd\xff,abcdefghijklmnopqrstuvwxyz0123\n", format="csv"
    )
    assert imported["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert [key["name"] for key in client.get_api_keys()["items"]] == ["odd\ufffd"]


def test_an_integration_mapping_with_no_expression_is_refused(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    api = client.create_rest_api(name="mappings")
    ids = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
    client.put_method(**ids, authorizationType="NONE")
    response = httpx.put(
        f"{server.url}/restapis/{api['id']}/resources/{api['rootResourceId']}/methods/GET/integration",
        json={"type": "MOCK", "requestParameters": {"integration.request.header.x": None}},
        headers={"Authorization": SIGNED},
    )
    assert response.status_code == 400
    assert response.headers["x-amzn-errortype"] == "BadRequestException"
    assert response.json() == {
        "message": "Invalid mapping expression specified: Validation Result: warnings : [], "
        "errors : [Invalid mapping expression specified: null]"
    }
    with pytest.raises(ClientError) as info:
        client.get_integration(**ids)
    assert error_of(info)[0] == "NotFoundException"


def test_a_usage_plan_limit_past_a_java_integer_is_refused_and_not_kept(server: EmulatorProcess) -> None:
    response = httpx.post(
        f"{server.url}/usageplans",
        json={"name": "huge", "quota": {"limit": 2**63, "period": "DAY"}},
        headers={"Authorization": SIGNED},
    )
    assert response.status_code == 400
    assert response.headers["x-amzn-errortype"] == "SerializationException"
    assert response.json() == {"message": "class java.math.BigInteger can not be converted to an Integer"}
    assert server.client("apigateway").get_usage_plans()["items"] == []


def test_an_http_api_stage_throttle_past_a_java_integer_leaves_the_stage_as_it_was(
    server: EmulatorProcess,
) -> None:
    client = server.client("apigatewayv2")
    api = client.create_api(Name="throttled", ProtocolType="HTTP")
    client.create_stage(ApiId=api["ApiId"], StageName="dev", DefaultRouteSettings={"ThrottlingBurstLimit": 5})
    response = httpx.patch(
        f"{server.url}/v2/apis/{api['ApiId']}/stages/dev",
        json={"defaultRouteSettings": {"throttlingBurstLimit": 2**40}},
        headers={"Authorization": SIGNED},
    )
    assert response.status_code == 400
    assert response.headers["x-amzn-errortype"] == "SerializationException"
    assert response.json() == {"message": "class java.lang.Long can not be converted to an Integer"}
    stage = client.get_stage(ApiId=api["ApiId"], StageName="dev")
    assert stage["DefaultRouteSettings"]["ThrottlingBurstLimit"] == 5


def test_a_test_invoke_header_beyond_latin1_reaches_the_method(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    api = client.create_rest_api(name="console")
    ids = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
    client.put_method(**ids, authorizationType="NONE")
    client.put_integration(**ids, type="MOCK", requestTemplates={"application/json": '{"statusCode": 200}'})
    client.put_method_response(**ids, statusCode="200")
    client.put_integration_response(
        **ids, statusCode="200", responseTemplates={"application/json": '{"ok": true}'}
    )
    answer = client.test_invoke_method(
        **ids, multiValueHeaders={"x-name": ["漢字🙂"]}, headers={"x-other": "ü"}
    )
    assert answer["status"] == 200
    assert answer["body"] == '{"ok": true}'


@pytest.mark.parametrize(("value", "shown"), [(None, "null"), ("99999999999", "99999999999")])
def test_a_method_setting_without_a_value_or_past_an_integer_is_refused(
    server: EmulatorProcess, value: str | None, shown: str
) -> None:
    client = server.client("apigateway")
    api = client.create_rest_api(name="settings")
    ids = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
    client.put_method(**ids, authorizationType="NONE")
    client.put_integration(**ids, type="MOCK")
    client.create_deployment(restApiId=api["id"], stageName="dev")
    response = httpx.patch(
        f"{server.url}/restapis/{api['id']}/stages/dev",
        json={"patchOperations": [{"op": "replace", "path": "/*/*/throttling/burstLimit", "value": value}]},
        headers={"Authorization": SIGNED},
    )
    assert response.status_code == 400
    assert response.headers["x-amzn-errortype"] == "BadRequestException"
    assert response.json() == {"message": f"Invalid value for throttlingBurstLimit: {shown}"}
    assert client.get_stage(restApiId=api["id"], stageName="dev").get("methodSettings", {}) == {}
