"""Every control-plane operation of every service, fed inputs generated from its botocore model.

Plausible inputs go through boto3 (parameter validation off, as a careless client sends them); hostile
ones (wrong JSON types, out-of-range numbers, odd strings, deep nesting, missing or unknown members,
bodies that are not JSON objects) as signed HTTP written here, since botocore refuses to serialize them.
Whatever the input, the answer is a success or the error AWS gives in the service's error shape: never a
5xx, a traceback, an error code the service does not use, or an ERROR in the server's log; and the
resources made before the fuzz are still there, unchanged, in memory and (for the services that persist)
after a restart on the same data directory.

EMULATOR_FUZZ_CASES=400 sends about every mutation the generator makes (a sweep of minutes, not for CI);
EMULATOR_FUZZ_SEED=<text> draws other inputs.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import botocore.session
import httpx
import pytest
import websockets.sync.client
from botocore import xform_name
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError
from model_fuzz import PARSED_TEXTS, FuzzCase, InputGenerator, wire_request

from emulator.testing import EmulatorProcess
from emulator.testing.functions import ROLE, create_python_function, make_zip
from emulator.testing.process import CLIENT_ENV

SERVICES = (
    "dynamodb",
    "dynamodbstreams",
    "lambda",
    "logs",
    "apigateway",
    "apigatewayv2",
    "apigatewaymanagementapi",
)
#: Inputs sent to each operation: plausible ones through boto3, hostile ones as raw HTTP
#: (EMULATOR_FUZZ_CASES=300 sends every mutation the generator makes, for a deeper sweep).
HOSTILE_PER_OPERATION = int(os.environ.get("EMULATOR_FUZZ_CASES", "24"))
VALID_PER_OPERATION = max(3, HOSTILE_PER_OPERATION // 20)
#: Operations per test, so that xdist spreads the services over its workers.
CHUNK = 40
#: Operations whose plausible input may hold the answer open (a live tail streams for minutes).
STREAMING = {("logs", "StartLiveTail")}
#: Error codes any operation may answer with, as each protocol's services word them.
COMMON_ERRORS = {
    "ValidationException",
    "SerializationException",
    "UnknownOperationException",
    "InvalidParameterValueException",
    "InvalidParameterException",
    "InvalidRequestContentException",
    "BadRequestException",
    "NotFoundException",
    "ResourceNotFoundException",
    "AccessDeniedException",
    "MissingAuthenticationTokenException",
    "UnsupportedMediaTypeException",
}
#: Errors AWS answers without a message: a body that is not JSON, an operation it does not know, a
#: connection that is gone (``GoneException when calling the PostToConnection operation: `` and nothing more).
SILENT_ERRORS = {"SerializationException", "UnknownOperationException", "GoneException"}
_PYTHON_ERROR = re.compile(
    r"Traceback|\b(KeyError|TypeError|AttributeError|IndexError|RecursionError|UnicodeDecodeError|"
    r"UnicodeEncodeError|OverflowError|ZeroDivisionError|AssertionError|NameError)\b"
)
_MODELS = botocore.session.get_session()


def _chunks() -> Iterator[tuple[str, int]]:
    for service in SERVICES:
        count = len(_MODELS.get_service_model(service).operation_names)
        for start in range(0, count, CHUNK):
            yield service, start


#: Reads of the fixtures' resources after each operation: an input that was stored but cannot be
#: answered back (a number past its type, a value of the wrong kind) shows here, not only in its own call.
READ_BACK: dict[str, tuple[str, ...]] = {
    "dynamodb": (
        "DescribeTable",
        "Scan",
        "ListTables",
        "ListBackups",
        "DescribeContinuousBackups",
        "DescribeTimeToLive",
    ),
    "dynamodbstreams": ("ListStreams", "DescribeStream"),
    "lambda": (
        "GetFunction",
        "ListFunctions",
        "ListAliases",
        "ListVersionsByFunction",
        "GetPolicy",
        "ListEventSourceMappings",
    ),
    "logs": (
        "DescribeLogGroups",
        "DescribeLogStreams",
        "DescribeMetricFilters",
        "GetLogEvents",
        "FilterLogEvents",
    ),
    "apigateway": (
        "GetRestApi",
        "GetResources",
        "GetStages",
        "GetDeployments",
        "GetUsagePlans",
        "GetApiKeys",
        "GetAuthorizers",
    ),
    "apigatewayv2": ("GetApi", "GetRoutes", "GetIntegrations", "GetStages", "GetAuthorizers", "GetModels"),
}


#: Optional members the reads name too (CloudWatch Logs' group and stream are optional but wanted).
READ_BACK_NAMES = ("logGroupName", "logStreamName")


def _in_order(operations: list[str]) -> list[str]:
    """Deletions last, so that the operations before them meet the resources the fixtures made."""
    return sorted(operations, key=lambda name: (name.startswith(("Delete", "Remove", "Untag")), name))


@dataclass
class Fixtures:
    """Resources made before the fuzz: ``known`` ones the fuzz may use (and delete), and a canary
    snapshot the fuzz must leave as it was."""

    known: dict[str, list[Any]] = field(default_factory=dict)
    canary: Callable[[], Any] = lambda: None
    close: Callable[[], None] = lambda: None


def _dynamodb_fixtures(server: EmulatorProcess) -> Fixtures:
    client = server.client("dynamodb")
    tables = {}
    for name in ("fuzz-table", "canary-table"):
        tables[name] = client.create_table(
            TableName=name,
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        )["TableDescription"]
        client.put_item(TableName=name, Item={"pk": {"S": "a"}, "n": {"N": "1"}, "b": {"B": b"\x00"}})
    fuzz = tables["fuzz-table"]
    streams = server.client("dynamodbstreams")
    shard = streams.describe_stream(StreamArn=tables["fuzz-table"]["LatestStreamArn"])["StreamDescription"][
        "Shards"
    ][0]
    iterator = streams.get_shard_iterator(
        StreamArn=tables["fuzz-table"]["LatestStreamArn"],
        ShardId=shard["ShardId"],
        ShardIteratorType="TRIM_HORIZON",
    )["ShardIterator"]
    known = {
        "ShardId": [shard["ShardId"]],
        "ShardIterator": [iterator],
        "TableName": ["fuzz-table"],
        "TableArn": [fuzz["TableArn"]],
        "ResourceArn": [fuzz["TableArn"]],
        "StreamArn": [fuzz["LatestStreamArn"]],
        "Item": [{"pk": {"S": "b"}, "n": {"N": "2"}}],
        "ExpressionAttributeValues": [{":v": {"S": "a"}}],
        "ExpressionAttributeNames": [{"#k": "pk"}],
        "KeyConditionExpression": ["#k = :v"],
        "ConditionExpression": ["attribute_exists(#k)"],
        "UpdateExpression": ["SET n = n + :v"],
        "Statement": ['SELECT * FROM "fuzz-table"'],
        "Key": [{"pk": {"S": "a"}}],
    }

    return Fixtures(known, lambda: _dynamodb_canary(server))


def _dynamodb_canary(server: EmulatorProcess) -> Any:
    client = server.client("dynamodb")
    table = client.describe_table(TableName="canary-table")["Table"]
    items = client.scan(TableName="canary-table", ConsistentRead=True)["Items"]
    return table["KeySchema"], table["TableStatus"], items


def _lambda_fixtures(server: EmulatorProcess) -> Fixtures:
    client = server.client("lambda")
    for name in ("fuzz-fn", "canary-fn"):
        create_python_function(client, name, "def handler(event, context):\n    return event\n")
    table = server.client("dynamodb").create_table(
        TableName="fuzz-source",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
    )["TableDescription"]
    version = client.publish_version(FunctionName="fuzz-fn")["Version"]
    client.create_alias(FunctionName="fuzz-fn", Name="live", FunctionVersion=version)
    client.add_permission(
        FunctionName="fuzz-fn",
        StatementId="fuzz",
        Action="lambda:InvokeFunction",
        Principal="s3.amazonaws.com",
    )
    known = {
        "FunctionName": ["fuzz-fn", _function_arn("fuzz-fn")],
        "Qualifier": ["$LATEST", "live", version],
        "Name": ["live"],
        "FunctionVersion": [version],
        "StatementId": ["fuzz"],
        "Resource": [_function_arn("fuzz-fn")],
        "EventSourceArn": [table["LatestStreamArn"]],
        "ZipFile": [
            base64.b64encode(make_zip({"app.py": "def handler(event, context):\n    return 1\n"})).decode()
        ],
        "Role": [ROLE],
        "Handler": ["app.handler"],
        "Payload": [b'{"a": 1}', b"[", b""],
    }

    return Fixtures(known, lambda: _lambda_canary(server))


def _lambda_canary(server: EmulatorProcess) -> Any:
    config = server.client("lambda").get_function_configuration(FunctionName="canary-fn")
    return {
        k: config[k] for k in ("FunctionName", "Runtime", "Handler", "CodeSha256", "Timeout", "MemorySize")
    }


def _function_arn(name: str) -> str:
    return f"arn:aws:lambda:us-east-1:000000000000:function:{name}"


def _logs_fixtures(server: EmulatorProcess) -> Fixtures:
    client = server.client("logs")
    for group in ("/fuzz/group", "/canary/group"):
        client.create_log_group(logGroupName=group)
        client.create_log_stream(logGroupName=group, logStreamName="stream")
        client.put_log_events(
            logGroupName=group,
            logStreamName="stream",
            logEvents=[{"timestamp": 1_700_000_000_000, "message": "kept"}],
        )
    client.put_metric_filter(
        logGroupName="/fuzz/group",
        filterName="fuzz",
        filterPattern="ERROR",
        metricTransformations=[{"metricName": "errors", "metricNamespace": "fuzz", "metricValue": "1"}],
    )
    known = {
        "logGroupName": ["/fuzz/group"],
        "logGroupIdentifier": ["/fuzz/group"],
        "logStreamName": ["stream"],
        "filterName": ["fuzz"],
        "resourceArn": ["arn:aws:logs:us-east-1:000000000000:log-group:/fuzz/group"],
    }

    return Fixtures(known, lambda: _logs_canary(server))


def _logs_canary(server: EmulatorProcess) -> Any:
    events = server.client("logs").get_log_events(
        logGroupName="/canary/group", logStreamName="stream", startFromHead=True
    )
    return [(e["timestamp"], e["message"]) for e in events["events"]]


def _apigateway_fixtures(server: EmulatorProcess) -> Fixtures:
    client = server.client("apigateway")
    fuzz = client.create_rest_api(name="fuzz")
    ids = {"restApiId": fuzz["id"]}
    resource = client.create_resource(**ids, parentId=fuzz["rootResourceId"], pathPart="items")
    method = {**ids, "resourceId": resource["id"], "httpMethod": "GET"}
    client.put_method(**method, authorizationType="NONE")
    client.put_integration(
        **method, type="MOCK", requestTemplates={"application/json": '{"statusCode": 200}'}
    )
    client.put_method_response(**method, statusCode="200")
    client.put_integration_response(**method, statusCode="200", responseTemplates={"application/json": "{}"})
    deployment = client.create_deployment(**ids, stageName="dev")
    client.create_model(**ids, name="FuzzModel", contentType="application/json", schema="{}")
    authorizer = client.create_authorizer(
        **ids,
        name="fuzz",
        type="TOKEN",
        identitySource="method.request.header.Authorization",
        authorizerUri=f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{_function_arn('f')}/invocations",
    )
    key = client.create_api_key(name="fuzz", enabled=True)
    plan = client.create_usage_plan(name="fuzz", apiStages=[{"apiId": fuzz["id"], "stage": "dev"}])
    canary_api = client.create_rest_api(name="canary", description="kept")
    client.create_resource(restApiId=canary_api["id"], parentId=canary_api["rootResourceId"], pathPart="kept")
    known = {
        "restApiId": [fuzz["id"]],
        "resourceId": [fuzz["rootResourceId"], resource["id"]],
        "parentId": [fuzz["rootResourceId"]],
        "httpMethod": ["GET"],
        "statusCode": ["200"],
        "stageName": ["dev"],
        "deploymentId": [deployment["id"]],
        "modelName": ["FuzzModel"],
        "authorizerId": [authorizer["id"]],
        "apiKey": [key["id"]],
        "keyId": [key["id"]],
        "usagePlanId": [plan["id"]],
        "keyType": ["API_KEY"],
    }

    def canary() -> Any:
        api = client.get_rest_api(restApiId=canary_api["id"])
        paths = sorted(r["path"] for r in client.get_resources(restApiId=canary_api["id"])["items"])
        return api["name"], api["description"], paths

    return Fixtures(known, canary)


def _apigatewayv2_fixtures(server: EmulatorProcess) -> Fixtures:
    client = server.client("apigatewayv2")
    fuzz = client.create_api(Name="fuzz", ProtocolType="HTTP")
    ids = {"ApiId": fuzz["ApiId"]}
    integration = client.create_integration(
        **ids,
        IntegrationType="HTTP_PROXY",
        IntegrationMethod="GET",
        IntegrationUri="https://example.com",
        PayloadFormatVersion="1.0",
    )
    route = client.create_route(
        **ids, RouteKey="GET /items", Target=f"integrations/{integration['IntegrationId']}"
    )
    authorizer = client.create_authorizer(
        **ids,
        Name="fuzz",
        AuthorizerType="JWT",
        IdentitySource=["$request.header.Authorization"],
        JwtConfiguration={"Audience": ["a"], "Issuer": "https://issuer.example.com"},
    )
    client.create_stage(**ids, StageName="dev")
    deployment = client.create_deployment(**ids, StageName="dev")
    model = client.create_model(**ids, Name="FuzzModel", Schema="{}", ContentType="application/json")
    canary_api = client.create_api(
        Name="canary", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action"
    )
    client.create_route(ApiId=canary_api["ApiId"], RouteKey="$default")
    known = {
        "ApiId": [fuzz["ApiId"]],
        "IntegrationId": [integration["IntegrationId"]],
        "RouteId": [route["RouteId"]],
        "AuthorizerId": [authorizer["AuthorizerId"]],
        "StageName": ["dev"],
        "DeploymentId": [deployment["DeploymentId"]],
        "ModelId": [model["ModelId"]],
    }

    def canary() -> Any:
        api = client.get_api(ApiId=canary_api["ApiId"])
        routes = client.get_routes(ApiId=canary_api["ApiId"])["Items"]
        return api["Name"], api["ProtocolType"], [r["RouteKey"] for r in routes]

    return Fixtures(known, canary)


def _connections_fixtures(server: EmulatorProcess) -> Fixtures:
    client = server.client("apigatewayv2")
    api = client.create_api(
        Name="sockets", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action"
    )
    integration = client.create_integration(ApiId=api["ApiId"], IntegrationType="MOCK")
    client.create_route(
        ApiId=api["ApiId"], RouteKey="$connect", Target=f"integrations/{integration['IntegrationId']}"
    )
    client.create_stage(
        ApiId=api["ApiId"],
        StageName="test",
        DeploymentId=client.create_deployment(ApiId=api["ApiId"])["DeploymentId"],
    )
    url = f"ws://127.0.0.1:{server.port}/_aws/execute-api/{api['ApiId']}/test"
    opened = contextlib.ExitStack()
    sockets = [
        opened.enter_context(websockets.sync.client.connect(url, proxy=None, open_timeout=10))
        for _ in range(2)
    ]
    ids = []
    for socket in sockets:
        socket.send(
            '{"action": "no-such-route"}'
        )  # answered by AWS's Forbidden frame, which names the connection
        ids.append(json.loads(socket.recv(timeout=10))["connectionId"])
    management = server.client("apigatewaymanagementapi")

    def canary() -> Any:
        connection = management.get_connection(ConnectionId=ids[1])
        return connection["ConnectedAt"], connection["Identity"]["SourceIp"]

    return Fixtures({"ConnectionId": [ids[0]], "Data": [b"hello", b"\xff" * 10]}, canary, opened.close)


#: The canaries a restarted emulator (on the same data directory) is asked for.
FIXTURES_CANARY: dict[str, Callable[[EmulatorProcess], Any]] = {
    "dynamodb": _dynamodb_canary,
    "lambda": _lambda_canary,
    "logs": _logs_canary,
}
#: What a restarted emulator must list as the one before it did: everything the fuzz left, not only the canary.
INVENTORY: dict[str, Callable[[EmulatorProcess], Any]] = {
    "dynamodb": lambda server: server.client("dynamodb").list_tables()["TableNames"],
    "lambda": lambda server: sorted(
        f["FunctionName"] for f in server.client("lambda").list_functions()["Functions"]
    ),
    "logs": lambda server: [
        g["logGroupName"] for g in server.client("logs").describe_log_groups()["logGroups"]
    ],
}
#: Operations that only read: the fuzz before a restart leaves them out (what it writes is what counts).
_READS = ("Describe", "Get", "List", "Query", "Scan", "Filter", "Test", "BatchGet", "TransactGet")

FIXTURES: dict[str, Callable[[EmulatorProcess], Fixtures]] = {
    "apigatewaymanagementapi": _connections_fixtures,
    "dynamodb": _dynamodb_fixtures,
    "dynamodbstreams": _dynamodb_fixtures,
    "lambda": _lambda_fixtures,
    "logs": _logs_fixtures,
    "apigateway": _apigateway_fixtures,
    "apigatewayv2": _apigatewayv2_fixtures,
}


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


class Fuzzer:
    """Sends one service's generated inputs and judges each answer."""

    def __init__(
        self,
        server: EmulatorProcess,
        service: str,
        known: dict[str, list[Any]],
        hostile: int = HOSTILE_PER_OPERATION,
        valid: int = VALID_PER_OPERATION,
    ) -> None:
        self.hostile = hostile
        self.valid = valid
        self.server = server
        self.model = _MODELS.get_service_model(service)
        self.generator = InputGenerator(
            self.model, {**PARSED_TEXTS, **known}, os.environ.get("EMULATOR_FUZZ_SEED", "")
        )
        self.client = server.client(
            service, config=Config(parameter_validation=False, retries={"max_attempts": 0}, read_timeout=10)
        )
        self.last: Answer | None = None
        self.client.meta.events.register("after-call", self._keep_answer)
        self.http = httpx.Client(base_url=server.url, timeout=10)
        self.credentials = Credentials(CLIENT_ENV["AWS_ACCESS_KEY_ID"], CLIENT_ENV["AWS_SECRET_ACCESS_KEY"])
        self.failures: list[str] = []

    def _keep_answer(self, http_response: Any, **_: Any) -> None:
        self.last = Answer(http_response.status_code, dict(http_response.headers), http_response.content)

    def fuzz(self, operation: str) -> None:
        mark = self.server.lines_printed
        for variant in range(self.valid):
            self._send_valid(operation, self.generator.valid(operation, variant), f"valid #{variant}")
        for case in self.generator.hostile(operation, self.hostile, bases=self.valid):
            self._send_raw(operation, case)
        for reader in READ_BACK.get(self.model.service_name, ()):
            self._send_raw(reader, FuzzCase(f"read back after {operation}", self._known_input(reader)))
        logged = [line for line in self.server.output_since(mark) if "Traceback" in line or "ERROR" in line]
        if logged:
            self.failures.append(f"{operation}: the server logged {logged[:3]}")

    def _known_input(self, operation: str) -> dict[str, Any]:
        """The input naming the fixtures' resources (the first known value of each required member)."""
        shape = self.model.operation_model(operation).input_shape
        if shape is None:
            return {}
        members = [*shape.required_members, *(name for name in READ_BACK_NAMES if name in shape.members)]
        return {name: self.generator.known[name][0] for name in members if name in self.generator.known}

    def _send_valid(self, operation: str, params: dict[str, Any], label: str) -> None:
        self.last = None
        try:
            getattr(self.client, xform_name(operation))(**params)
        except ClientError:
            pass
        except Exception as error:  # botocore could not write this input (or read a stream): send it raw
            if self.last is None or isinstance(error, (httpx.TimeoutException,)):
                self._send_raw(operation, FuzzCase(label, params))
                return
        if self.last is not None:
            self._judge(operation, label, self.last)

    def _send_raw(self, operation: str, case: FuzzCase) -> None:
        request = wire_request(self.model.operation_model(operation), case)
        signed = AWSRequest(
            request.method, self.server.url + request.path, dict(request.headers), request.body
        )
        SigV4Auth(
            self.credentials, self.model.signing_name or self.model.endpoint_prefix, "us-east-1"
        ).add_auth(signed)
        try:
            response = self.http.request(
                request.method, request.path, headers=dict(signed.headers), content=request.body
            )
        except httpx.TimeoutException:
            if (self.model.service_name, operation) not in STREAMING:
                self.failures.append(f"{operation} [{case.label}]: no answer in 10 s")
            return
        self._judge(
            operation, case.label, Answer(response.status_code, dict(response.headers), response.content)
        )

    def _judge(self, operation: str, label: str, answer: Answer) -> None:
        problem = self._problem(operation, answer)
        if problem:
            self.failures.append(f"{operation} [{label}]: {problem}: {answer.status} {answer.body[:300]!r}")

    def _problem(self, operation: str, answer: Answer) -> str:
        text = answer.body.decode("utf-8", "replace")
        if _PYTHON_ERROR.search(text):
            return "a Python error in the answer"
        if answer.status in (500, 502, 503, 504):
            return "a server error"
        if answer.status < 400:
            return ""
        code, has_message = self._error_code(answer)
        if not code:
            return "an error without the service's error shape"
        if not has_message and code not in SILENT_ERRORS:
            return "an error without a message"
        known = {shape.name for shape in self.model.operation_model(operation).error_shapes}
        if code not in known | COMMON_ERRORS:
            return f"error code {code}, which {operation} does not declare"
        return ""

    def _error_code(self, answer: Answer) -> tuple[str, bool]:
        """The error's code (empty if the answer is not in the service's error shape), and whether it has a message."""
        try:
            document = json.loads(answer.body) if answer.body else {}
        except ValueError:
            return "", False
        if not isinstance(document, dict):
            return "", False
        has_message = isinstance(document.get("message", document.get("Message")), str)
        if self.model.protocol == "json":
            return str(document.get("__type", "")).rpartition("#")[2], has_message
        return answer.headers.get("x-amzn-errortype", "").partition(":")[0], has_message


def _fuzz(
    server: EmulatorProcess, service: str, operations: list[str], fixtures: Fixtures, **sizes: int
) -> None:
    """Fuzz ``operations``; any failure fails the test, and so does a changed canary."""
    before = fixtures.canary()
    fuzzer = Fuzzer(server, service, fixtures.known, **sizes)
    for operation in operations:
        fuzzer.fuzz(operation)
    assert not fuzzer.failures, f"{len(fuzzer.failures)} failures:\n" + "\n".join(fuzzer.failures[:400])
    assert fixtures.canary() == before


@pytest.mark.parametrize(("service", "start"), list(_chunks()), ids=lambda value: str(value))
def test_every_operation_answers_bad_input_with_an_aws_error(
    server: EmulatorProcess, service: str, start: int
) -> None:
    fixtures = FIXTURES[service](server)
    try:
        operations = _in_order(_MODELS.get_service_model(service).operation_names)[start : start + CHUNK]
        _fuzz(server, service, operations, fixtures)
    finally:
        fixtures.close()
    # The server still answers an ordinary call.
    assert server.client("dynamodb").list_tables()["ResponseMetadata"]["HTTPStatusCode"] == 200


@pytest.mark.parametrize("service", sorted(FIXTURES_CANARY))
def test_stored_data_survives_fuzzing_and_a_restart(tmp_path: Path, service: str) -> None:
    """On disk too: what the fuzz left is written and read back, the canary as it was."""
    with EmulatorProcess("--data-dir", str(tmp_path)) as server:
        fixtures = FIXTURES[service](server)
        writes = [
            name for name in _MODELS.get_service_model(service).operation_names if not name.startswith(_READS)
        ]
        _fuzz(server, service, _in_order(writes), fixtures, hostile=HOSTILE_PER_OPERATION // 3, valid=2)
        kept = fixtures.canary()
        listed = INVENTORY[service](server)
    with EmulatorProcess("--data-dir", str(tmp_path)) as restarted:
        assert FIXTURES_CANARY[service](restarted) == kept
        assert INVENTORY[service](restarted) == listed
        logged = [line for line in restarted.output if "Traceback" in line or "ERROR" in line]
        assert not logged
