"""botocore's paginators against the emulator, for every paginated operation it implements.

One table row per operation: how to create a handful of resources and the
operation's required parameters. Each row's test pages through them with
botocore's own paginator (``PageSize`` 2, then ``MaxItems`` with a resume
token) and checks what AWS guarantees: every item once and in the listing's
order, the output token only while more remain, the page size honoured, and
the page size's range refused in AWS's words.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import botocore.session
import pytest
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess
from emulator.testing.functions import ROLE, make_zip

ZIP = make_zip({"app.py": "def handler(event, context):\n    return event\n"})
N = 5

Clients = Callable[[str], Any]
#: Makes the resources; answers the operation's required parameters and the items'
#: identities in the order AWS lists them.
Setup = Callable[[Clients], tuple[dict[str, Any], list[Any]]]


@dataclass(frozen=True)
class Listing:
    service: str
    operation: str
    setup: Setup
    #: One item's identity (items are dicts, FunctionArns are strings).
    identity: Callable[[Any], Any]
    #: The largest page AWS serves whatever the limit asks (None: the limit's own maximum).
    page_cap: int | None = None

    #: False where AWS serves the whole collection whatever the limit (GetGatewayResponses).
    pages: bool = True
    #: Deletes one listed item (the listing's required parameters given), for the cleanup loop's test.
    delete: Callable[[Clients, dict[str, Any], Any], None] | None = None

    def __str__(self) -> str:
        return f"{self.service}.{self.operation}"


def _field(name: str) -> Callable[[Any], Any]:
    return lambda item: item[name]


# -- Lambda -----------------------------------------------------------------------


def _function(lam: Any, name: str, **options: Any) -> str:
    answer = lam.create_function(
        FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.handler", Code={"ZipFile": ZIP}, **options
    )
    return answer["FunctionArn"]


def _published(lam: Any, name: str, count: int) -> list[str]:
    """``count`` versions of a new function (each publish follows a change, or AWS answers the last again)."""
    _function(lam, name)
    for number in range(count):
        lam.update_function_configuration(FunctionName=name, Description=f"v{number}")
        lam.get_waiter("function_updated_v2").wait(FunctionName=name, WaiterConfig={"Delay": 1})
        lam.publish_version(FunctionName=name)
    return [str(number) for number in range(1, count + 1)]


def _functions(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    names = [f"fn-{index}" for index in (3, 0, 6, 1, 5, 2, 4)]
    for name in names:
        _function(c("lambda"), name)
    return {}, sorted(names)


def _versions(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    return {"FunctionName": "versioned"}, ["$LATEST", *_published(c("lambda"), "versioned", N)]


def _aliases(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    lam = c("lambda")
    _function(lam, "aliased")
    names = ["prod", "beta", "dev", "alpha", "live", "qa"]
    for name in names:
        lam.create_alias(FunctionName="aliased", Name=name, FunctionVersion="$LATEST")
    return {"FunctionName": "aliased"}, sorted(names)


def _layers(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    names = ["layer-c", "layer-a", "layer-e", "layer-b", "layer-d", "layer-f"]
    for name in names:
        c("lambda").publish_layer_version(LayerName=name, Content={"ZipFile": ZIP})
    return {}, sorted(names)


def _layer_versions(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    for _ in range(N + 1):
        c("lambda").publish_layer_version(LayerName="shared", Content={"ZipFile": ZIP})
    return {"LayerName": "shared"}, list(range(N + 1, 0, -1))  # newest first


def _event_invoke_configs(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    lam = c("lambda")
    arn = _function(lam, "async")
    qualifiers = ["$LATEST"]
    for name in ("blue", "green", "red", "teal"):
        lam.create_alias(FunctionName="async", Name=name, FunctionVersion="$LATEST")
        qualifiers.append(name)
    expected = []
    for qualifier in qualifiers:
        lam.put_function_event_invoke_config(FunctionName="async", Qualifier=qualifier, MaximumRetryAttempts=1)
        expected.append(f"{arn}:{qualifier}")
    return {"FunctionName": "async"}, expected


def _provisioned(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    lam = c("lambda")
    versions = _published(lam, "warm", N)
    arn = lam.get_function(FunctionName="warm")["Configuration"]["FunctionArn"]
    for version in versions:
        lam.put_provisioned_concurrency_config(FunctionName="warm", Qualifier=version, ProvisionedConcurrentExecutions=1)
    return {"FunctionName": "warm"}, [f"{arn}:{version}" for version in versions]


def _url_configs(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    lam = c("lambda")
    arn = _function(lam, "web")
    lam.create_function_url_config(FunctionName="web", AuthType="NONE")
    expected = [arn]
    for name in ("one", "two", "three", "four", "five"):
        lam.create_alias(FunctionName="web", Name=name, FunctionVersion="$LATEST")
        lam.create_function_url_config(FunctionName="web", Qualifier=name, AuthType="NONE")
        expected.append(f"{arn}:{name}")
    return {"FunctionName": "web"}, expected


def _signing_config(lam: Any, index: int) -> str:
    answer = lam.create_code_signing_config(
        Description=f"config {index}",
        AllowedPublishers={"SigningProfileVersionArns": [f"arn:aws:signer:us-east-1:000000000000:/signing-profiles/p{index}/v1"]},
    )
    return answer["CodeSigningConfig"]["CodeSigningConfigArn"]


def _code_signing_configs(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    return {}, [_signing_config(c("lambda"), index) for index in range(N + 1)]


def _functions_by_signing_config(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    lam = c("lambda")
    config = _signing_config(lam, 0)
    arns = []
    for index in range(N + 1):
        arns.append(_function(lam, f"signed-{index}"))
        lam.put_function_code_signing_config(FunctionName=f"signed-{index}", CodeSigningConfigArn=config)
    return {"CodeSigningConfigArn": config}, arns


def _mappings(c: Clients, count: int) -> list[str]:
    """``count`` (disabled) mappings of one function, each to its own table's stream."""
    lam, ddb = c("lambda"), c("dynamodb")
    _function(lam, "consumer")
    uuids = []
    for index in range(count):
        table = ddb.create_table(
            TableName=f"source-{index}",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
        )
        mapping = lam.create_event_source_mapping(
            FunctionName="consumer",
            EventSourceArn=table["TableDescription"]["LatestStreamArn"],
            StartingPosition="LATEST",
            Enabled=False,
        )
        uuids.append(mapping["UUID"])
    return uuids


def _event_source_mappings(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    return {}, _mappings(c, N + 1)


# -- CloudWatch Logs ----------------------------------------------------------------


def _log_groups(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    names = ["/aws/lambda/d", "/aws/lambda/a", "/app/z", "/aws/lambda/B", "/aws/lambda/c", "/app/y", "/aws/lambda/e"]
    for name in names:
        c("logs").create_log_group(logGroupName=name)
    return {}, sorted(names)


def _log_streams(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    logs = c("logs")
    logs.create_log_group(logGroupName="streams")
    names = [f"2026/01/0{index}/[$LATEST]stream" for index in (4, 1, 7, 2, 6, 3, 5)]
    for name in names:
        logs.create_log_stream(logGroupName="streams", logStreamName=name)
    return {"logGroupName": "streams"}, sorted(names)


def _log_events(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    logs = c("logs")
    logs.create_log_group(logGroupName="events")
    now = int(time.time() * 1000) - 60_000
    expected = []
    for stream in ("a", "b"):
        logs.create_log_stream(logGroupName="events", logStreamName=stream)
        events = [{"timestamp": now + 10 * index + (stream == "b"), "message": f"{stream}{index}"} for index in range(4)]
        logs.put_log_events(logGroupName="events", logStreamName=stream, logEvents=events)
        expected += [(e["timestamp"], e["message"]) for e in events]
    return {"logGroupName": "events"}, [message for _, message in sorted(expected)]


# -- API Gateway (REST) ---------------------------------------------------------------


def _rest_api(apigw: Any, name: str = "api") -> str:
    return apigw.create_rest_api(name=name)["id"]


def _rest_apis(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    return {}, [_rest_api(c("apigateway"), f"api-{index}") for index in range(N + 1)]


def _rest_resources(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    apigw = c("apigateway")
    api = _rest_api(apigw)
    root = apigw.get_resources(restApiId=api)["items"][0]["id"]
    paths = ["/"]
    for part in ("orders", "users", "items", "carts", "admin"):
        apigw.create_resource(restApiId=api, parentId=root, pathPart=part)
        paths.append(f"/{part}")
    return {"restApiId": api}, sorted(paths)


def _rest_with(create: Callable[[Any, str, int], str]) -> Setup:
    """N+1 resources of one REST API, made by ``create(client, api_id, index)`` (answers the identity)."""

    def setup(c: Clients) -> tuple[dict[str, Any], list[Any]]:
        apigw = c("apigateway")
        api = _rest_api(apigw)
        return {"restApiId": api}, [create(apigw, api, index) for index in range(N + 1)]

    return setup


def _deployment(apigw: Any, api: str, index: int) -> str:
    if index == 0:
        root = apigw.get_resources(restApiId=api)["items"][0]["id"]
        apigw.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
        apigw.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK")
    return apigw.create_deployment(restApiId=api, description=f"d{index}")["id"]


def _authorizer(apigw: Any, api: str, index: int) -> str:
    return apigw.create_authorizer(
        restApiId=api,
        name=f"auth-{index}",
        type="TOKEN",
        authorizerUri="arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
        "arn:aws:lambda:us-east-1:000000000000:function:auth/invocations",
        identitySource="method.request.header.Authorization",
    )["id"]


def _models(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    apigw = c("apigateway")
    api = _rest_api(apigw)
    for index in range(N):
        apigw.create_model(restApiId=api, name=f"Model{index}", contentType="application/json", schema="{}")
    # A new API holds the models Empty and Error already.
    return {"restApiId": api}, ["Empty", "Error", *(f"Model{index}" for index in range(N))]


def _validator(apigw: Any, api: str, index: int) -> str:
    return apigw.create_request_validator(restApiId=api, name=f"validator-{index}", validateRequestBody=True)["id"]


def _documentation_part(apigw: Any, api: str, index: int) -> str:
    location = {"type": "MODEL", "name": f"Model{index}"}
    return apigw.create_documentation_part(restApiId=api, location=location, properties='{"a": 1}')["id"]


def _documentation_version(apigw: Any, api: str, index: int) -> str:
    if index == 0:
        apigw.create_documentation_part(restApiId=api, location={"type": "API"}, properties='{"a": 1}')
    return apigw.create_documentation_version(restApiId=api, documentationVersion=f"1.{index}")["version"]


def _api_keys(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    return {}, [c("apigateway").create_api_key(name=f"key-{index}")["id"] for index in range(N + 1)]


def _usage_plans(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    return {}, [c("apigateway").create_usage_plan(name=f"plan-{index}")["id"] for index in range(N + 1)]


def _usage_plan_keys(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    apigw = c("apigateway")
    plan = apigw.create_usage_plan(name="plan")["id"]
    keys = []
    for index in range(N + 1):
        key = apigw.create_api_key(name=f"key-{index}")["id"]
        apigw.create_usage_plan_key(usagePlanId=plan, keyId=key, keyType="API_KEY")
        keys.append(key)
    return {"usagePlanId": plan}, keys


def _client_certificates(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    apigw = c("apigateway")
    return {}, [apigw.generate_client_certificate(description=f"c{i}")["clientCertificateId"] for i in range(N + 1)]


def _rest_vpc_links(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    apigw = c("apigateway")
    target = "arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/net/nlb/{}"
    return {}, [apigw.create_vpc_link(name=f"link-{i}", targetArns=[target.format(i)])["id"] for i in range(N + 1)]


def _rest_domain_names(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    names = [f"{word}.example.com" for word in ("delta", "alpha", "echo", "charlie", "bravo", "foxtrot")]
    for name in names:
        c("apigateway").create_domain_name(
            domainName=name,
            regionalCertificateArn="arn:aws:acm:us-east-1:000000000000:certificate/abc",
            endpointConfiguration={"types": ["REGIONAL"]},
        )
    return {}, sorted(names)


def _base_path_mappings(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    apigw = c("apigateway")
    apigw.create_domain_name(
        domainName="api.example.com",
        regionalCertificateArn="arn:aws:acm:us-east-1:000000000000:certificate/abc",
        endpointConfiguration={"types": ["REGIONAL"]},
    )
    api = _rest_api(apigw)
    _deployment(apigw, api, 0)
    apigw.create_stage(restApiId=api, stageName="prod", deploymentId=apigw.get_deployments(restApiId=api)["items"][0]["id"])
    paths = ["v1", "v2", "v3", "v4", "v5", "v6"]
    for path in paths:
        apigw.create_base_path_mapping(domainName="api.example.com", basePath=path, restApiId=api, stage="prod")
    return {"domainName": "api.example.com"}, paths


def _gateway_responses(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    apigw = c("apigateway")
    api = _rest_api(apigw)
    # Every response type is listed (the defaults included) whether or not it was set.
    return {"restApiId": api}, [r["responseType"] for r in apigw.get_gateway_responses(restApiId=api, limit=500)["items"]]


# -- API Gateway v2 (HTTP and WebSocket APIs) ----------------------------------------


def _http_api(v2: Any, name: str = "api", protocol: str = "HTTP") -> str:
    options = {"RouteSelectionExpression": "$request.body.action"} if protocol == "WEBSOCKET" else {}
    return v2.create_api(Name=name, ProtocolType=protocol, **options)["ApiId"]


def _v2_apis(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    return {}, [_http_api(c("apigatewayv2"), f"api-{index}") for index in range(N + 1)]


def _v2_with(create: Callable[[Any, str, int], str], protocol: str = "HTTP") -> Setup:
    def setup(c: Clients) -> tuple[dict[str, Any], list[Any]]:
        v2 = c("apigatewayv2")
        api = _http_api(v2, protocol=protocol)
        return {"ApiId": api}, [create(v2, api, index) for index in range(N + 1)]

    return setup


def _v2_route(v2: Any, api: str, index: int) -> str:
    return v2.create_route(ApiId=api, RouteKey=f"GET /r{index}")["RouteId"]


def _v2_integration(v2: Any, api: str, index: int) -> str:
    return v2.create_integration(
        ApiId=api, IntegrationType="HTTP_PROXY", IntegrationMethod="GET", IntegrationUri=f"https://example.com/{index}",
        PayloadFormatVersion="1.0",
    )["IntegrationId"]


def _v2_stage(v2: Any, api: str, index: int) -> str:
    return v2.create_stage(ApiId=api, StageName=f"stage-{index}")["StageName"]


def _v2_deployment(v2: Any, api: str, index: int) -> str:
    return v2.create_deployment(ApiId=api, Description=f"d{index}")["DeploymentId"]


def _v2_authorizer(v2: Any, api: str, index: int) -> str:
    return v2.create_authorizer(
        ApiId=api,
        Name=f"jwt-{index}",
        AuthorizerType="JWT",
        IdentitySource=["$request.header.Authorization"],
        JwtConfiguration={"Audience": ["aud"], "Issuer": f"https://issuer{index}.example.com"},
    )["AuthorizerId"]


def _v2_model(v2: Any, api: str, index: int) -> str:
    return v2.create_model(ApiId=api, Name=f"Model{index}", Schema='{"type": "object"}', ContentType="application/json")[
        "ModelId"
    ]


def _v2_route_responses(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    v2 = c("apigatewayv2")
    api = _http_api(v2, protocol="WEBSOCKET")
    route = v2.create_route(ApiId=api, RouteKey="$default")["RouteId"]
    ids = [v2.create_route_response(ApiId=api, RouteId=route, RouteResponseKey="$default")["RouteResponseId"]]
    for index in range(N):
        ids.append(v2.create_route_response(ApiId=api, RouteId=route, RouteResponseKey=f"key{index}")["RouteResponseId"])
    return {"ApiId": api, "RouteId": route}, ids


def _v2_integration_responses(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    v2 = c("apigatewayv2")
    api = _http_api(v2, protocol="WEBSOCKET")
    integration = v2.create_integration(ApiId=api, IntegrationType="MOCK")["IntegrationId"]
    ids = []
    for key in ("$default", "/200/", "/201/", "/4\\d{2}/", "/5\\d{2}/", "/302/"):
        answer = v2.create_integration_response(ApiId=api, IntegrationId=integration, IntegrationResponseKey=key)
        ids.append(answer["IntegrationResponseId"])
    return {"ApiId": api, "IntegrationId": integration}, ids


def _v2_domain_names(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    names = [f"{word}.example.org" for word in ("delta", "alpha", "echo", "charlie", "bravo", "foxtrot")]
    for name in names:
        c("apigatewayv2").create_domain_name(
            DomainName=name,
            DomainNameConfigurations=[{"CertificateArn": "arn:aws:acm:us-east-1:000000000000:certificate/abc"}],
        )
    return {}, sorted(names)


# -- DynamoDB -----------------------------------------------------------------------


def _table(ddb: Any, name: str, sort_key: bool = False) -> str:
    keys = [("pk", "HASH"), ("sk", "RANGE")] if sort_key else [("pk", "HASH")]
    answer = ddb.create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"} for key, _ in keys],
        KeySchema=[{"AttributeName": key, "KeyType": kind} for key, kind in keys],
        BillingMode="PAY_PER_REQUEST",
    )
    return answer["TableDescription"]["TableArn"]


def _tables(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    names = ["orders", "Users", "audit-log", "carts", "sessions", "_meta", "items.v2"]
    for name in names:
        _table(c("dynamodb"), name)
    return {}, sorted(names)  # by the names' bytes


def _query(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    ddb = c("dynamodb")
    _table(ddb, "events", sort_key=True)
    keys = ["2026-01-05", "2026-01-01", "2026-01-07", "2026-01-02", "2026-01-06", "2026-01-03", "2026-01-04"]
    for key in keys:
        ddb.put_item(TableName="events", Item={"pk": {"S": "user"}, "sk": {"S": key}})
    ddb.put_item(TableName="events", Item={"pk": {"S": "other"}, "sk": {"S": "2026-01-01"}})
    condition = {"KeyConditionExpression": "pk = :pk", "ExpressionAttributeValues": {":pk": {"S": "user"}}}
    return {"TableName": "events", **condition}, sorted(keys)


def _scan(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    ddb = c("dynamodb")
    _table(ddb, "things")
    for index in range(7):
        ddb.put_item(TableName="things", Item={"pk": {"S": f"thing-{index}"}})
    # A scan's order is the partitions' (hash) order: the one AWS answers unpaged.
    return {"TableName": "things"}, [item["pk"]["S"] for item in ddb.scan(TableName="things")["Items"]]


def _backups(c: Clients) -> tuple[dict[str, Any], list[Any]]:
    ddb = c("dynamodb")
    _table(ddb, "precious")
    arns = [ddb.create_backup(TableName="precious", BackupName=f"backup-{index}")["BackupDetails"]["BackupArn"] for index in range(7)]
    return {}, arns  # by creation time


def _key_of(item: dict[str, Any]) -> str:
    return item["sk"]["S"] if "sk" in item else item["pk"]["S"]


# -- deleting what a page listed (the cleanup loop) ------------------------------------


def _delete_function(c: Clients, params: dict[str, Any], item: Any) -> None:
    c("lambda").delete_function(FunctionName=item["FunctionName"])


def _delete_version(c: Clients, params: dict[str, Any], item: Any) -> None:
    if item["Version"] != "$LATEST":  # $LATEST goes only with the function
        c("lambda").delete_function(FunctionName=params["FunctionName"], Qualifier=item["Version"])


def _delete_alias(c: Clients, params: dict[str, Any], item: Any) -> None:
    c("lambda").delete_alias(FunctionName=params["FunctionName"], Name=item["Name"])


def _delete_layer(c: Clients, params: dict[str, Any], item: Any) -> None:
    c("lambda").delete_layer_version(LayerName=item["LayerName"], VersionNumber=item["LatestMatchingVersion"]["Version"])


def _delete_layer_version(c: Clients, params: dict[str, Any], item: Any) -> None:
    c("lambda").delete_layer_version(LayerName=params["LayerName"], VersionNumber=item["Version"])


def _qualifier(function_arn: str) -> dict[str, str]:
    """The ``Qualifier`` a qualified function ARN names (none for an unqualified one)."""
    parts = function_arn.split(":")
    return {"Qualifier": parts[7]} if len(parts) == 8 else {}


def _delete_url_config(c: Clients, params: dict[str, Any], item: Any) -> None:
    c("lambda").delete_function_url_config(FunctionName=params["FunctionName"], **_qualifier(item["FunctionArn"]))


def _delete_event_invoke_config(c: Clients, params: dict[str, Any], item: Any) -> None:
    c("lambda").delete_function_event_invoke_config(FunctionName=params["FunctionName"], **_qualifier(item["FunctionArn"]))


def _delete_code_signing_config(c: Clients, params: dict[str, Any], item: Any) -> None:
    c("lambda").delete_code_signing_config(CodeSigningConfigArn=item["CodeSigningConfigArn"])


def _delete_mapping(c: Clients, params: dict[str, Any], item: Any) -> None:
    c("lambda").delete_event_source_mapping(UUID=item["UUID"])


def _delete_log_group(c: Clients, params: dict[str, Any], item: Any) -> None:
    c("logs").delete_log_group(logGroupName=item["logGroupName"])


def _delete_log_stream(c: Clients, params: dict[str, Any], item: Any) -> None:
    c("logs").delete_log_stream(logGroupName=params["logGroupName"], logStreamName=item["logStreamName"])


def _delete_table(c: Clients, params: dict[str, Any], item: Any) -> None:
    c("dynamodb").delete_table(TableName=item)


def _delete_item(c: Clients, params: dict[str, Any], item: Any) -> None:
    c("dynamodb").delete_item(TableName=params["TableName"], Key=item)


def _delete_rest_api(c: Clients, params: dict[str, Any], item: Any) -> None:
    c("apigateway").delete_rest_api(restApiId=item["id"])


def _delete_api_key(c: Clients, params: dict[str, Any], item: Any) -> None:
    c("apigateway").delete_api_key(apiKey=item["id"])


def _delete_rest_model(c: Clients, params: dict[str, Any], item: Any) -> None:
    c("apigateway").delete_model(restApiId=params["restApiId"], modelName=item["name"])


def _delete_v2_api(c: Clients, params: dict[str, Any], item: Any) -> None:
    c("apigatewayv2").delete_api(ApiId=item["ApiId"])


def _delete_v2_route(c: Clients, params: dict[str, Any], item: Any) -> None:
    c("apigatewayv2").delete_route(ApiId=params["ApiId"], RouteId=item["RouteId"])


def _delete_backup(c: Clients, params: dict[str, Any], item: Any) -> None:
    c("dynamodb").delete_backup(BackupArn=item["BackupArn"])


def _delete_v2_authorizer(c: Clients, params: dict[str, Any], item: Any) -> None:
    c("apigatewayv2").delete_authorizer(ApiId=params["ApiId"], AuthorizerId=item["AuthorizerId"])


def _delete_v2_stage(c: Clients, params: dict[str, Any], item: Any) -> None:
    c("apigatewayv2").delete_stage(ApiId=params["ApiId"], StageName=item["StageName"])


LISTINGS = [
    Listing("lambda", "ListFunctions", _functions, _field("FunctionName"), page_cap=50, delete=_delete_function),
    Listing("lambda", "ListVersionsByFunction", _versions, _field("Version"), page_cap=50, delete=_delete_version),
    Listing("lambda", "ListAliases", _aliases, _field("Name"), delete=_delete_alias),
    Listing("lambda", "ListLayers", _layers, _field("LayerName"), delete=_delete_layer),
    Listing("lambda", "ListLayerVersions", _layer_versions, _field("Version"), delete=_delete_layer_version),
    Listing("lambda", "ListFunctionEventInvokeConfigs", _event_invoke_configs, _field("FunctionArn"), delete=_delete_event_invoke_config),
    Listing("lambda", "ListProvisionedConcurrencyConfigs", _provisioned, _field("FunctionArn")),
    Listing("lambda", "ListFunctionUrlConfigs", _url_configs, _field("FunctionArn"), delete=_delete_url_config),
    Listing("lambda", "ListCodeSigningConfigs", _code_signing_configs, _field("CodeSigningConfigArn"), delete=_delete_code_signing_config),
    Listing("lambda", "ListFunctionsByCodeSigningConfig", _functions_by_signing_config, lambda arn: arn),
    Listing("lambda", "ListEventSourceMappings", _event_source_mappings, _field("UUID"), delete=_delete_mapping),
    Listing("logs", "DescribeLogGroups", _log_groups, _field("logGroupName"), delete=_delete_log_group),
    Listing("logs", "DescribeLogStreams", _log_streams, _field("logStreamName"), delete=_delete_log_stream),
    Listing("logs", "FilterLogEvents", _log_events, _field("message")),
    Listing("apigateway", "GetRestApis", _rest_apis, _field("id"), delete=_delete_rest_api),
    Listing("apigateway", "GetResources", _rest_resources, _field("path")),
    Listing("apigateway", "GetDeployments", _rest_with(_deployment), _field("id")),
    Listing("apigateway", "GetAuthorizers", _rest_with(_authorizer), _field("id")),
    Listing("apigateway", "GetModels", _models, _field("name"), delete=_delete_rest_model),
    Listing("apigateway", "GetRequestValidators", _rest_with(_validator), _field("id")),
    Listing("apigateway", "GetDocumentationParts", _rest_with(_documentation_part), _field("id")),
    Listing("apigateway", "GetDocumentationVersions", _rest_with(_documentation_version), _field("version")),
    Listing("apigateway", "GetGatewayResponses", _gateway_responses, _field("responseType"), pages=False),
    Listing("apigateway", "GetApiKeys", _api_keys, _field("id"), delete=_delete_api_key),
    Listing("apigateway", "GetUsagePlans", _usage_plans, _field("id")),
    Listing("apigateway", "GetUsagePlanKeys", _usage_plan_keys, _field("id")),
    Listing("apigateway", "GetClientCertificates", _client_certificates, _field("clientCertificateId")),
    Listing("apigateway", "GetVpcLinks", _rest_vpc_links, _field("id")),
    Listing("apigateway", "GetDomainNames", _rest_domain_names, _field("domainName")),
    Listing("apigateway", "GetBasePathMappings", _base_path_mappings, _field("basePath")),
    Listing("apigatewayv2", "GetApis", _v2_apis, _field("ApiId"), delete=_delete_v2_api),
    Listing("apigatewayv2", "GetRoutes", _v2_with(_v2_route), _field("RouteId"), delete=_delete_v2_route),
    Listing("apigatewayv2", "GetIntegrations", _v2_with(_v2_integration), _field("IntegrationId")),
    Listing("apigatewayv2", "GetStages", _v2_with(_v2_stage), _field("StageName"), delete=_delete_v2_stage),
    Listing("apigatewayv2", "GetDeployments", _v2_with(_v2_deployment), _field("DeploymentId")),
    Listing("apigatewayv2", "GetAuthorizers", _v2_with(_v2_authorizer), _field("AuthorizerId"), delete=_delete_v2_authorizer),
    Listing("apigatewayv2", "GetModels", _v2_with(_v2_model, "WEBSOCKET"), _field("ModelId")),
    Listing("apigatewayv2", "GetRouteResponses", _v2_route_responses, _field("RouteResponseId")),
    Listing("apigatewayv2", "GetIntegrationResponses", _v2_integration_responses, _field("IntegrationResponseId")),
    Listing("apigatewayv2", "GetDomainNames", _v2_domain_names, _field("DomainName")),
    Listing("dynamodb", "ListTables", _tables, lambda name: name, delete=_delete_table),
    Listing("dynamodb", "Query", _query, _key_of, delete=_delete_item),
    Listing("dynamodb", "Scan", _scan, _key_of, delete=_delete_item),
    Listing("dynamodb", "ListBackups", _backups, _field("BackupArn"), delete=_delete_backup),
]

_SESSION = botocore.session.get_session()


def _config(listing: Listing) -> dict[str, Any]:
    return _SESSION.get_paginator_model(listing.service).get_paginator(listing.operation)


def _page_size(listing: Listing, size: int) -> Any:
    """apigatewayv2's MaxResults is a string in the model."""
    return str(size) if listing.service == "apigatewayv2" else size


def _items(listing: Listing, page: dict[str, Any]) -> list[Any]:
    key = _config(listing)["result_key"]
    return page.get(key if isinstance(key, str) else key[0], [])


@pytest.mark.parametrize("listing", LISTINGS, ids=str)
def test_paginator_walks_every_item_once(server: EmulatorProcess, listing: Listing) -> None:
    clients: dict[str, Any] = {}

    def client(service: str) -> Any:
        return clients.setdefault(service, server.client(service))

    params, expected = listing.setup(client)
    config = _config(listing)
    paginator = client(listing.service).get_paginator(xform_name(listing.operation))
    operation = getattr(client(listing.service), xform_name(listing.operation))

    # Pages of two: every item once, in order, the token only while more remain.
    pages = list(paginator.paginate(**params, PaginationConfig={"PageSize": _page_size(listing, 2)}))
    walked = [listing.identity(item) for page in pages for item in _items(listing, page)]
    assert walked == expected
    sizes = [len(_items(listing, page)) for page in pages]
    whole_pages, rest = divmod(len(expected), 2)
    assert sizes == ([2] * whole_pages + [rest] * bool(rest) if listing.pages else [len(expected)])
    token = config["output_token"]
    assert all(page.get(token) for page in pages[:-1])
    assert token not in pages[-1]

    # One call without a limit answers them all and no token.
    whole = operation(**params)
    assert [listing.identity(item) for item in _items(listing, whole)] == expected
    assert token not in whole

    # MaxItems stops part way with a resume token; resuming finishes the walk.
    first = paginator.paginate(**params, PaginationConfig={"MaxItems": 3, "PageSize": _page_size(listing, 2)})
    head = first.build_full_result()
    assert [listing.identity(item) for item in _items(listing, head)] == expected[:3]
    rest = paginator.paginate(**params, PaginationConfig={"StartingToken": head["NextToken"]}).build_full_result()
    assert [listing.identity(item) for item in _items(listing, rest)] == expected[3:]
    assert "NextToken" not in rest


@pytest.mark.parametrize("listing", [listing for listing in LISTINGS if listing.delete], ids=str)
def test_deleting_each_page_while_paging_skips_nothing(server: EmulatorProcess, listing: Listing) -> None:
    """The cleanup loop: a token resumes after the last item listed, gone or not."""
    assert listing.delete is not None
    params, expected = listing.setup(server.client)
    paginator = server.client(listing.service).get_paginator(xform_name(listing.operation))
    walked = []
    for page in paginator.paginate(**params, PaginationConfig={"PageSize": _page_size(listing, 2)}):
        for item in _items(listing, page):
            walked.append(listing.identity(item))
            listing.delete(server.client, params, item)
    assert walked == expected


def test_lambda_refuses_a_marker_it_did_not_issue(server: EmulatorProcess) -> None:
    """Measured on AWS for ListLayers (floci's LambdaListLayersParametersIntegrationTest)."""
    lam = server.client("lambda")
    _functions(server.client)
    _aliases(server.client)
    functions_marker = lam.list_functions(MaxItems=1)["NextMarker"]
    for marker in ("garbage", "AAAAAAAA", "!!not-base64!!", functions_marker):
        for operation, params in ((lam.list_layers, {}), (lam.list_aliases, {"FunctionName": "aliased"})):
            with pytest.raises(ClientError) as refused:
                operation(**params, Marker=marker)
            assert refused.value.response["Error"] == {"Code": "InvalidParameterValueException", "Message": "Invalid pagination key."}
    with pytest.raises(ClientError) as refused:
        lam.list_functions(Marker="garbage")
    assert refused.value.response["Error"]["Code"] == "InvalidParameterValueException"


#: The error code each service words a model constraint violation with.
_VALIDATION_CODES = {"lambda": "ValidationException", "logs": "InvalidParameterException", "dynamodb": "ValidationException"}


def _bounded(listing: Listing) -> bool:
    shape = _SESSION.get_service_model(listing.service).operation_model(listing.operation).input_shape
    limit = _config(listing).get("limit_key")
    return limit is not None and "min" in shape.members[limit].metadata


@pytest.mark.parametrize("listing", [listing for listing in LISTINGS if _bounded(listing)], ids=str)
def test_page_size_outside_its_range_is_refused(server: EmulatorProcess, listing: Listing) -> None:
    """Checked by the server too, not only by botocore: other SDKs and raw HTTP skip the client's check."""
    client = server.client(listing.service, config=Config(parameter_validation=False, retries={"max_attempts": 1}))
    params, _ = listing.setup(server.client)
    limit = _config(listing)["limit_key"]
    bounds = _SESSION.get_service_model(listing.service).operation_model(listing.operation).input_shape.members[limit].metadata
    wire = limit[0].lower() + limit[1:]
    cases = [(bounds["min"] - 1, f"greater than or equal to {bounds['min']}")]
    if "max" in bounds:
        cases.append((bounds["max"] + 1, f"less than or equal to {bounds['max']}"))
    for value, constraint in cases:
        with pytest.raises(ClientError) as refused:
            getattr(client, xform_name(listing.operation))(**params, **{limit: value})
        assert refused.value.response["Error"] == {
            "Code": _VALIDATION_CODES[listing.service],
            "Message": f"1 validation error detected: Value '{value}' at '{wire}' failed to satisfy constraint: "
            f"Member must have value {constraint}",
        }
        assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_list_functions_answers_fifty_at_most_whatever_max_items(server: EmulatorProcess) -> None:
    """"ListFunctions returns a maximum of 50 items in each response, even if you set the number higher" (API reference)."""
    lam = server.client("lambda")
    names = sorted(f"many-{index:02d}" for index in range(51))
    for name in names:
        _function(lam, name)
    first = lam.list_functions(MaxItems=100)
    assert [f["FunctionName"] for f in first["Functions"]] == names[:50]
    second = lam.list_functions(MaxItems=100, Marker=first["NextMarker"])
    assert [f["FunctionName"] for f in second["Functions"]] == names[50:]
    assert "NextMarker" not in second


def test_list_versions_by_function_answers_fifty_at_most_whatever_max_items(server: EmulatorProcess) -> None:
    lam = server.client("lambda")
    versions = ["$LATEST", *_published(lam, "many-versions", 50)]
    first = lam.list_versions_by_function(FunctionName="many-versions", MaxItems=1000)
    assert [v["Version"] for v in first["Versions"]] == versions[:50]
    second = lam.list_versions_by_function(FunctionName="many-versions", MaxItems=1000, Marker=first["NextMarker"])
    assert [v["Version"] for v in second["Versions"]] == versions[50:]
    assert "NextMarker" not in second


def test_list_event_source_mappings_answers_a_hundred_at_most(server: EmulatorProcess) -> None:
    """"ListEventSourceMappings returns a maximum of 100 items in each response, even if you set the number higher"."""
    lam = server.client("lambda")
    uuids = _mappings(server.client, 101)
    for asked in ({}, {"MaxItems": 1000}):
        first = lam.list_event_source_mappings(**asked)
        assert [m["UUID"] for m in first["EventSourceMappings"]] == uuids[:100]
        second = lam.list_event_source_mappings(**asked, Marker=first["NextMarker"])
        assert [m["UUID"] for m in second["EventSourceMappings"]] == uuids[100:]
        assert "NextMarker" not in second


def test_rest_api_listings_answer_five_hundred_at_most(server: EmulatorProcess) -> None:
    """API Gateway's ``limit``: "The default value is 25 and the maximum value is 500"."""
    apigw = server.client("apigateway")
    # One import makes the 500 resources (and the root): 501 in all.
    paths = {f"/r{index:03d}": {"get": {"responses": {"200": {"description": "ok"}}}} for index in range(500)}
    definition = {"openapi": "3.0.1", "info": {"title": "wide", "version": "1"}, "paths": paths}
    api = apigw.import_rest_api(body=json.dumps(definition).encode())["id"]
    assert len(apigw.get_resources(restApiId=api)["items"]) == 25
    first = apigw.get_resources(restApiId=api, limit=1000)
    assert len(first["items"]) == 500
    rest = apigw.get_resources(restApiId=api, limit=1000, position=first["position"])
    assert len(rest["items"]) == 1
    assert "position" not in rest


def test_logs_refuse_a_next_token_they_did_not_issue(server: EmulatorProcess) -> None:
    logs = server.client("logs")
    _log_streams(server.client)
    for index in range(3):
        logs.create_log_group(logGroupName=f"group-{index}")
    groups_token = logs.describe_log_groups(limit=1)["nextToken"]
    streams_token = logs.describe_log_streams(logGroupName="streams", limit=1)["nextToken"]
    calls = [
        lambda token: logs.describe_log_groups(nextToken=token),
        lambda token: logs.describe_log_streams(logGroupName="streams", nextToken=token),
        lambda token: logs.filter_log_events(logGroupName="streams", nextToken=token),
    ]
    for call, foreign in zip(calls, (streams_token, groups_token, groups_token), strict=True):
        for token in ("not-a-token", foreign):
            with pytest.raises(ClientError) as refused:
                call(token)
            assert refused.value.response["Error"] == {
                "Code": "InvalidParameterException",
                "Message": "The specified nextToken is invalid.",
            }


def test_get_usage_pages_the_plan_keys(server: EmulatorProcess) -> None:
    """GetUsage's ``items`` is a map: ``limit`` counts its keys (botocore's MaxItems cannot cut a map)."""
    params, keys = _usage_plan_keys(server.client)
    paginator = server.client("apigateway").get_paginator("get_usage")
    today = time.strftime("%Y-%m-%d", time.gmtime())
    usage = {"usagePlanId": params["usagePlanId"], "startDate": today, "endDate": today}
    pages = list(paginator.paginate(**usage, PaginationConfig={"PageSize": 4}))
    assert [list(page["items"]) for page in pages] == [keys[:4], keys[4:]]
    assert "position" in pages[0] and "position" not in pages[1]
    assert all(page["items"][key] == [[0, 0]] for page in pages for key in page["items"])


def test_log_streams_page_in_every_order(server: EmulatorProcess) -> None:
    logs = server.client("logs")
    params, names = _log_streams(server.client)
    now = int(time.time() * 1000) - 60_000
    for offset, name in enumerate(reversed(names)):  # the last name has the oldest event
        logs.put_log_events(**params, logStreamName=name, logEvents=[{"timestamp": now + offset, "message": "m"}])
    paginator = logs.get_paginator("describe_log_streams")
    orders = [
        ({"descending": True}, names[::-1]),
        ({"orderBy": "LastEventTime"}, names[::-1]),
        ({"orderBy": "LastEventTime", "descending": True}, names),
    ]
    for order, expected in orders:
        pages = paginator.paginate(**params, **order, PaginationConfig={"PageSize": 2})
        assert [s["logStreamName"] for page in pages for s in page["logStreams"]] == expected
