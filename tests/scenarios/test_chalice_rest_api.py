"""A Chalice REST API deployed by ``chalice deploy``, then called over HTTP as its users would call it.

Chalice imports its Swagger document (ImportRestApi), points every route at one Lambda function
through AWS_PROXY integrations, answers CORS preflights with MOCK integrations, adds the permission
API Gateway needs, deploys stage ``api`` and prints ``https://{id}.execute-api.us-east-1.amazonaws.com/api/``;
the tests call that URL (its host as the Host header, connected to the emulator).
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import httpx
import pytest
from chalice_projects import ChaliceProject

from emulator.testing import EmulatorProcess
from emulator.testing.process import wait_until

APP = """
import logging

from chalice import BadRequestError, Chalice, CORSConfig, Response

app = Chalice(app_name="shop")
app.log.setLevel(logging.INFO)
app.api.binary_types.append("application/x-thumbnail")


@app.route("/")
def index():
    return {"hello": "world"}


@app.route("/items/{category}/{item_id}", methods=["GET", "PUT"], content_types=["application/json", "text/plain"])
def item(category, item_id):
    request = app.current_request
    return {
        "uri_params": request.uri_params,
        "query_params": request.query_params,
        "tags": request.query_params.getlist("tag") if request.query_params else None,
        "method": request.method,
        "path": request.path,
        "header": request.headers.get("x-shop-client"),
        "json_body": request.json_body if request.headers.get("content-type") == "application/json" else None,
        "raw_body": request.raw_body.decode(),
        "stage": request.context["stage"],
        "resource_path": request.context["resourcePath"],
        "http_method": request.context["httpMethod"],
        "source_ip": request.context["identity"]["sourceIp"],
        "stage_vars": request.stage_vars,
    }


@app.route("/orders", methods=["POST"], cors=True)
def create_order():
    order = app.current_request.json_body
    if not order.get("items"):
        raise BadRequestError("an order needs items")
    return Response(body={"id": "o-1", **order}, status_code=201, headers={"Location": "/orders/o-1"})


@app.route("/session", methods=["POST"])
def session():
    app.log.info("session for %s", app.current_request.json_body["user"])
    return Response(body="", status_code=204, headers={"Set-Cookie": ["sid=abc; HttpOnly", "theme=dark"]})


@app.route("/crash")
def crash():
    raise RuntimeError("not handled")


@app.route(
    "/partner",
    methods=["GET", "PUT"],
    cors=CORSConfig(
        allow_origin="https://partner.example.com",
        allow_headers=["X-Partner-Key"],
        max_age=600,
        expose_headers=["X-Request-Cost"],
        allow_credentials=True,
    ),
)
def partner():
    return {"partner": True}


@app.route("/catalog")
def catalog():
    return {"items": [{"id": n, "name": "item %d" % n} for n in range(100)]}


@app.route("/thumbnail", methods=["POST"], content_types=["application/x-thumbnail"])
def thumbnail():
    body = app.current_request.raw_body
    return Response(body=body[::-1], headers={"Content-Type": "application/x-thumbnail"})
"""


@pytest.fixture
def shop(server: EmulatorProcess, tmp_path: Path) -> ChaliceProject:
    project = ChaliceProject(server, tmp_path / "shop", "shop")
    project.write(APP, api_gateway_stage="api", minimum_compression_size=1024)
    project.deploy()
    return project


def test_deploy_creates_the_function_the_api_and_the_permission(server: EmulatorProcess, shop: ChaliceProject) -> None:
    deployed = shop.deployed()
    assert deployed["api_handler"]["lambda_arn"] == "arn:aws:lambda:us-east-1:000000000000:function:shop-dev"
    api_id = deployed["rest_api"]["rest_api_id"]
    assert deployed["rest_api"]["rest_api_url"] == f"https://{api_id}.execute-api.us-east-1.amazonaws.com/api/"

    apigateway = server.client("apigateway")
    assert apigateway.get_rest_api(restApiId=api_id)["name"] == "shop"
    paths = {r["path"]: sorted(r.get("resourceMethods", {})) for r in apigateway.get_resources(restApiId=api_id)["items"]}
    assert paths["/items/{category}/{item_id}"] == ["GET", "PUT"]
    assert paths["/orders"] == ["OPTIONS", "POST"]
    assert apigateway.get_stage(restApiId=api_id, stageName="api")["deploymentId"]

    policy = json.loads(server.client("lambda").get_policy(FunctionName="shop-dev")["Policy"])
    (statement,) = policy["Statement"]
    assert statement["Principal"] == {"Service": "apigateway.amazonaws.com"}
    assert statement["Condition"]["ArnLike"]["AWS:SourceArn"] == f"arn:aws:execute-api:us-east-1:000000000000:{api_id}/*"


def test_path_params_query_strings_headers_and_bodies_reach_current_request(shop: ChaliceProject) -> None:
    api = shop.rest_api()
    assert api.get("/").json() == {"hello": "world"}

    got = api.get("/items/tools/42", params=[("tag", "red"), ("tag", "big"), ("sort", "asc")], headers={"X-Shop-Client": "cli"})
    assert got.status_code == 200
    assert got.headers["content-type"] == "application/json"
    answer = got.json()
    assert answer["uri_params"] == {"category": "tools", "item_id": "42"}
    # query_params holds the last value of each name; getlist reads the multi-value parameters.
    assert answer["query_params"] == {"tag": "big", "sort": "asc"}
    assert answer["tags"] == ["red", "big"]
    assert answer["header"] == "cli"
    assert (answer["method"], answer["path"], answer["resource_path"]) == ("GET", "/items/{category}/{item_id}", "/items/{category}/{item_id}")
    assert (answer["stage"], answer["http_method"], answer["source_ip"]) == ("api", "GET", "127.0.0.1")
    assert answer["stage_vars"] is None

    put = api.request("PUT", "/items/tools/42", json={"name": "hammer", "price": 12.5})
    assert put.json()["json_body"] == {"name": "hammer", "price": 12.5}
    assert put.json()["query_params"] is None
    text = api.request("PUT", "/items/tools/42", content=b"plain words", headers={"Content-Type": "text/plain"})
    assert text.json()["raw_body"] == "plain words"
    # REST APIs hand path parameters over still percent-encoded.
    assert api.get("/items/hand%20tools/42").json()["uri_params"]["category"] == "hand%20tools"


def test_chalice_responses_and_errors(shop: ChaliceProject) -> None:
    api = shop.rest_api()
    created = api.post("/orders", json={"items": ["hammer"]})
    assert created.status_code == 201
    assert created.headers["location"] == "/orders/o-1"
    assert created.json() == {"id": "o-1", "items": ["hammer"]}

    refused = api.post("/orders", json={})
    assert refused.status_code == 400
    assert refused.json() == {"Code": "BadRequestError", "Message": "an order needs items"}

    crashed = api.get("/crash")
    assert crashed.status_code == 500
    assert crashed.json() == {"Code": "InternalServerError", "Message": "An internal server error occurred."}

    unsupported = api.request("PUT", "/items/tools/1", content=b"<item/>", headers={"Content-Type": "application/xml"})
    assert unsupported.status_code == 415
    assert unsupported.json()["Code"] == "UnsupportedMediaType"

    # Routes Chalice did not declare: API Gateway's own answers.
    missing = api.get("/nowhere")
    assert missing.status_code == 403
    assert missing.json() == {"message": "Missing Authentication Token"}
    assert missing.headers["x-amzn-errortype"] == "MissingAuthenticationTokenException"
    assert api.request("DELETE", "/orders").status_code == 403


def test_cors_preflights_and_responses(shop: ChaliceProject) -> None:
    api = shop.rest_api()
    preflight = api.request("OPTIONS", "/orders", headers={"Origin": "https://any.example.com", "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert preflight.headers["access-control-allow-methods"] == "POST,OPTIONS"
    assert preflight.headers["access-control-allow-headers"] == "Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key"
    assert api.post("/orders", json={"items": [1]}).headers["access-control-allow-origin"] == "*"

    partner = api.request("OPTIONS", "/partner")
    assert partner.headers["access-control-allow-origin"] == "https://partner.example.com"
    assert partner.headers["access-control-allow-methods"] == "GET,PUT,OPTIONS"
    assert partner.headers["access-control-allow-headers"].endswith(",X-Partner-Key")
    assert partner.headers["access-control-max-age"] == "600"
    assert partner.headers["access-control-expose-headers"] == "X-Request-Cost"
    assert partner.headers["access-control-allow-credentials"] == "true"
    answered = api.get("/partner", headers={"Origin": "https://partner.example.com"})
    assert answered.json() == {"partner": True}
    assert answered.headers["access-control-allow-origin"] == "https://partner.example.com"
    assert "access-control-allow-origin" not in api.get("/").headers


def test_binary_content_types(shop: ChaliceProject) -> None:
    api = shop.rest_api()
    image = bytes(range(256))
    headers = {"Content-Type": "application/x-thumbnail"}
    # An Accept of a binary type gets the bytes; otherwise API Gateway answers the base64 text.
    raw = api.post("/thumbnail", content=image, headers={**headers, "Accept": "application/x-thumbnail"})
    assert raw.status_code == 200
    assert raw.headers["content-type"] == "application/x-thumbnail"
    assert raw.content == image[::-1]
    text = api.post("/thumbnail", content=image, headers=headers)
    assert base64.b64decode(text.content) == image[::-1]


def test_every_url_form_of_the_emulator_reaches_the_api(server: EmulatorProcess, shop: ChaliceProject) -> None:
    api_id = shop.deployed()["rest_api"]["rest_api_id"]
    base = f"http://127.0.0.1:{server.port}"
    expected = {"hello": "world"}
    assert httpx.get(f"{base}/_aws/execute-api/{api_id}/api/").json() == expected
    assert httpx.get(f"{base}/restapis/{api_id}/api/_user_request_/").json() == expected
    assert httpx.get(f"{base}/api/", headers={"Host": f"{api_id}.execute-api.localhost:{server.port}"}).json() == expected


def test_minimum_compression_size_compresses_large_answers(shop: ChaliceProject) -> None:
    api = shop.rest_api()
    expected = {"items": [{"id": n, "name": f"item {n}"} for n in range(100)]}
    large = api.get("/catalog", headers={"Accept-Encoding": "gzip"})
    assert large.headers["content-encoding"] == "gzip"
    assert int(large.headers["content-length"]) < 1024
    assert large.json() == expected  # httpx decodes it
    assert "content-encoding" not in api.get("/", headers={"Accept-Encoding": "gzip"}).headers
    assert "content-encoding" not in api.get("/catalog", headers={"Accept-Encoding": "identity"}).headers


def test_multi_value_headers_and_chalice_logs(shop: ChaliceProject) -> None:
    api = shop.rest_api()
    answered = api.post("/session", json={"user": "ana"})
    assert answered.status_code == 204
    assert answered.headers.get_list("set-cookie") == ["sid=abc; HttpOnly", "theme=dark"]
    # ``chalice logs`` reads the function's log group through FilterLogEvents (Lambda's own lines left out).
    lines = wait_until(lambda: [line for line in shop.run("logs").stdout.splitlines() if "session for" in line])
    assert lines[0].endswith("shop - INFO - session for ana")
