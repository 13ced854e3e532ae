"""Node.js handlers use the AWS SDK for JavaScript v3 that AWS's runtimes carry, and it reaches the emulator.

The SDK comes from ``emulator setup node-sdk`` (run by .ci/run and the README's test command
before the tests; nothing is downloaded here).
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import httpx
import pytest

from emulator.lambda_runtime import node_sdk
from emulator.templates.deploy import Deployer
from emulator.testing import EmulatorProcess
from emulator.testing.functions import ROLE, make_zip

#: Put an item with the document client, read it back with the plain client: both packages are used.
PUT_AND_GET = """
const client = new DynamoDBClient({});
const documents = DynamoDBDocumentClient.from(client);

HANDLER async (event) => {
  await documents.send(new PutCommand({ TableName: event.table, Item: { id: event.id, tags: new Set(['a']), n: 7 } }));
  const read = await client.send(new GetItemCommand({ TableName: event.table, Key: { id: { S: event.id } }, ConsistentRead: true }));
  return { item: read.Item, region: await client.config.region(), sdk: SDK_VERSION };
};
"""
COMMONJS = (
    "const { DynamoDBClient, GetItemCommand } = require('@aws-sdk/client-dynamodb');\n"
    "const { DynamoDBDocumentClient, PutCommand } = require('@aws-sdk/lib-dynamodb');\n"
    "const SDK_VERSION = require('@aws-sdk/client-dynamodb/package.json').version;\n"
    + PUT_AND_GET.replace("HANDLER", "exports.handler =")
)
ES_MODULE = (
    "import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';\n"
    "import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';\n"
    "import { createRequire } from 'node:module';\n"
    "const SDK_VERSION = createRequire(import.meta.url)('@aws-sdk/client-dynamodb/package.json').version;\n"
    + PUT_AND_GET.replace("HANDLER", "export const handler =")
)

#: What a function bundling its own copy of a package gets: its copy.
WHICH_CLIENT_CJS = "exports.handler = async () => require('@aws-sdk/client-dynamodb').bundled ?? 'runtime';"
WHICH_CLIENT_ESM = "import * as sdk from '@aws-sdk/client-dynamodb';\nexport const handler = async () => sdk.bundled ?? 'runtime';"


@pytest.fixture
def table(dynamodb: Any) -> str:
    dynamodb.create_table(
        TableName="things",
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
    )
    return "things"


def create_node(lambda_client: Any, name: str, files: dict[str, str], runtime: str, **config: Any) -> str:
    handler = "index.handler"
    lambda_client.create_function(
        FunctionName=name, Runtime=runtime, Role=ROLE, Handler=handler, Code={"ZipFile": make_zip(files)}, **config
    )
    return name


def invoke(lambda_client: Any, name: str, event: Any = None) -> tuple[Any, str | None, str]:
    """(the decoded payload, FunctionError, the log tail)."""
    answer = lambda_client.invoke(FunctionName=name, Payload=json.dumps(event or {}), LogType="Tail")
    return json.loads(answer["Payload"].read()), answer.get("FunctionError"), base64.b64decode(answer["LogResult"]).decode()


@pytest.mark.parametrize(
    ("runtime", "files"),
    [
        ("nodejs18.x", {"index.js": COMMONJS}),
        ("nodejs22.x", {"index.mjs": ES_MODULE}),
        ("nodejs24.x", {"index.js": ES_MODULE, "package.json": '{"type": "module"}'}),
    ],
    ids=["commonjs", "mjs", "type-module"],
)
def test_handlers_put_and_get_items_with_the_runtime_sdk(
    lambda_client: Any, dynamodb: Any, table: str, runtime: str, files: dict[str, str]
) -> None:
    name = create_node(lambda_client, "sdk-user", files, runtime)
    payload, error, log = invoke(lambda_client, name, {"table": table, "id": "k1"})
    assert error is None, (payload, log)
    assert payload == {
        "item": {"id": {"S": "k1"}, "tags": {"SS": ["a"]}, "n": {"N": "7"}},
        "region": "us-east-1",
        "sdk": node_sdk.PACKAGES["@aws-sdk/client-dynamodb"],
    }
    # The item is in the emulator's table, not anywhere else.
    assert dynamodb.get_item(TableName=table, Key={"id": {"S": "k1"}})["Item"]["n"] == {"N": "7"}


def test_a_function_s_own_sdk_wins_over_the_runtime_s(lambda_client: Any) -> None:
    bundled = {
        "node_modules/@aws-sdk/client-dynamodb/package.json": '{"name": "@aws-sdk/client-dynamodb", "version": "3.0.0-own", "main": "index.js"}',
        "node_modules/@aws-sdk/client-dynamodb/index.js": "exports.bundled = 'own copy';",
    }
    cjs = create_node(lambda_client, "own-cjs", {"index.js": WHICH_CLIENT_CJS, **bundled}, "nodejs20.x")
    esm = create_node(lambda_client, "own-esm", {"index.mjs": WHICH_CLIENT_ESM, **bundled}, "nodejs22.x")
    plain = create_node(lambda_client, "runtime-esm", {"index.mjs": WHICH_CLIENT_ESM}, "nodejs22.x")
    assert [invoke(lambda_client, name)[0] for name in (cjs, esm, plain)] == ["own copy", "own copy", "runtime"]


def test_a_layer_s_packages_win_over_the_runtime_s_for_require_and_import(lambda_client: Any) -> None:
    layer = lambda_client.publish_layer_version(
        LayerName="newer-sdk",
        Content={
            "ZipFile": make_zip(
                {
                    "nodejs/node_modules/@aws-sdk/client-dynamodb/package.json": '{"name": "@aws-sdk/client-dynamodb", "main": "main.js"}',
                    "nodejs/node_modules/@aws-sdk/client-dynamodb/main.js": "exports.bundled = 'layer copy';",
                    "nodejs/node_modules/layer-only/index.js": "exports.bundled = 'layer only';",
                }
            )
        },
    )["LayerVersionArn"]
    cjs = create_node(lambda_client, "layer-cjs", {"index.js": WHICH_CLIENT_CJS}, "nodejs20.x", Layers=[layer])
    esm = create_node(lambda_client, "layer-esm", {"index.mjs": WHICH_CLIENT_ESM}, "nodejs22.x", Layers=[layer])
    only = create_node(
        lambda_client,
        "layer-only-esm",
        {"index.mjs": "import { bundled } from 'layer-only';\nexport const handler = async () => bundled;"},
        "nodejs22.x",
        Layers=[layer],
    )
    assert [invoke(lambda_client, name)[0] for name in (cjs, esm, only)] == ["layer copy", "layer copy", "layer only"]


CALLS_OTHER_SERVICES = """
import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';

async function post(endpoint) {
  try {
    await new ApiGatewayManagementApiClient({ endpoint }).send(new PostToConnectionCommand({ ConnectionId: 'L0SM9cOFvHcCIhw=', Data: 'hi' }));
  } catch (error) {
    return { name: error.name, status: error.$metadata.httpStatusCode };
  }
}

export const handler = async () => {
  const invoked = await new LambdaClient({}).send(new InvokeCommand({ FunctionName: 'echo', Payload: JSON.stringify({ n: 1 }) }));
  const port = new URL(process.env.AWS_ENDPOINT_URL).port;
  // AWS's own endpoint, as an SDK that does not read AWS_ENDPOINT_URL (before 3.428, or v2) computes it.
  const tables = await new DynamoDBClient({ endpoint: 'https://dynamodb.us-east-1.amazonaws.com' }).send(new ListTablesCommand({}));
  return {
    echoed: JSON.parse(Buffer.from(invoked.Payload).toString()),
    tables: tables.TableNames,
    // As a WebSocket handler builds it from its event's domainName and stage, here and on AWS.
    posted: [await post(`https://abc123.execute-api.localhost:${port}/prod`), await post('https://abc123.execute-api.us-east-1.amazonaws.com/prod')],
  };
};
"""
ECHO = "exports.handler = async (event) => ({ got: event });"


def test_clients_reach_the_emulator_including_by_https_urls(lambda_client: Any, table: str) -> None:
    create_node(lambda_client, "echo", {"index.js": ECHO}, "nodejs20.x")
    name = create_node(lambda_client, "caller", {"index.mjs": CALLS_OTHER_SERVICES}, "nodejs22.x")
    payload, error, log = invoke(lambda_client, name)
    assert error is None, (payload, log)
    gone = {"name": "GoneException", "status": 410}
    assert payload == {"echoed": {"got": {"n": 1}}, "tables": [table], "posted": [gone, gone]}


def test_without_the_sdk_an_import_fails_as_on_aws_and_the_log_says_how_to_install_it(tmp_path: Path) -> None:
    with EmulatorProcess(env={node_sdk.DIR_VARIABLE: str(tmp_path / "no-sdk")}) as server:
        lambda_client = server.client("lambda")
        cjs = create_node(lambda_client, "no-sdk-cjs", {"index.js": COMMONJS}, "nodejs20.x")
        esm = create_node(lambda_client, "no-sdk-esm", {"index.mjs": ES_MODULE}, "nodejs22.x")
        (cjs_error, cjs_kind, cjs_log), (esm_error, esm_kind, esm_log) = (invoke(lambda_client, name) for name in (cjs, esm))
    assert (cjs_kind, esm_kind) == ("Unhandled", "Unhandled")
    assert cjs_error["errorType"] == "Runtime.ImportModuleError"
    assert cjs_error["errorMessage"].startswith("Error: Cannot find module '@aws-sdk/client-dynamodb'\nRequire stack:\n- /var/task/index.js")
    assert esm_error["errorType"] == "Error"
    assert esm_error["errorMessage"] == "Cannot find package '@aws-sdk/client-dynamodb' imported from /var/task/index.mjs"
    hint = (
        "emulator: @aws-sdk/client-dynamodb comes with AWS's Node.js runtime, not with the function; "
        "install the emulator's copy once with: emulator setup node-sdk @aws-sdk/client-dynamodb"
    )
    assert hint in cjs_log.splitlines() and hint in esm_log.splitlines()


WEB_BACKEND_TEMPLATE = """
AWSTemplateFormatVersion: 2010-09-09
Description: >-
  sam-app
Transform:
- AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs22.x
    Architectures:
    - x86_64
    MemorySize: 128
    Timeout: 100
    Environment:
      Variables:
        SAMPLE_TABLE: !Ref SampleTable
Resources:
  getAllItemsFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: src/handlers/get-all-items.getAllItemsHandler
      Policies:
      - DynamoDBCrudPolicy:
          TableName: !Ref SampleTable
      Events:
        Api:
          Type: Api
          Properties:
            Path: /
            Method: GET
  putItemFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: src/handlers/put-item.putItemHandler
      Policies:
      - DynamoDBCrudPolicy:
          TableName: !Ref SampleTable
      Events:
        Api:
          Type: Api
          Properties:
            Path: /
            Method: POST
  SampleTable:
    Type: AWS::Serverless::SimpleTable
    Properties:
      PrimaryKey:
        Name: id
        Type: String
Outputs:
  WebEndpoint:
    Description: API Gateway endpoint URL for Prod stage
    Value: !Sub "https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/Prod/"
"""
GET_ALL_ITEMS = """
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
const client = new DynamoDBClient({});
const ddbDocClient = DynamoDBDocumentClient.from(client);

const tableName = process.env.SAMPLE_TABLE;

export const getAllItemsHandler = async (event) => {
    if (event.httpMethod !== 'GET') {
        throw new Error(`getAllItems only accept GET method, you tried: ${event.httpMethod}`);
    }
    console.info('received:', event);
    var params = { TableName : tableName };
    try {
        const data = await ddbDocClient.send(new ScanCommand(params));
        var items = data.Items;
    } catch (err) {
        console.log("Error", err);
    }
    const response = { statusCode: 200, body: JSON.stringify(items) };
    return response;
}
"""
PUT_ITEM = """
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
const client = new DynamoDBClient({});
const ddbDocClient = DynamoDBDocumentClient.from(client);

const tableName = process.env.SAMPLE_TABLE;

export const putItemHandler = async (event) => {
    if (event.httpMethod !== 'POST') {
        throw new Error(`postMethod only accepts POST method, you tried: ${event.httpMethod} method.`);
    }
    const body = JSON.parse(event.body);
    const id = body.id;
    const name = body.name;
    var params = { TableName : tableName, Item: { id : id, name: name } };
    try {
        const data = await ddbDocClient.send(new PutCommand(params));
        console.log("Success - item added or updated", data);
    } catch (err) {
        console.log("Error", err.stack);
    }
    const response = { statusCode: 200, body: JSON.stringify(body) };
    return response;
};
"""
#: sam init's package.json: the SDK only for the unit tests, since the runtime provides it.
PACKAGE_JSON = """
{
  "name": "delete-test-01",
  "description": "delete-test-01-description",
  "version": "0.0.1",
  "private": true,
  "dependencies": {},
  "devDependencies": {
    "@aws-sdk/client-dynamodb": "^3.398.0",
    "@aws-sdk/lib-dynamodb": "^3.398.0",
    "aws-sdk-client-mock": "^2.0.0",
    "jest": "^29.2.1"
  },
  "scripts": {"test": "node --experimental-vm-modules ./node_modules/jest/bin/jest.js"},
  "jest": {"testMatch": ["**/__tests__/**/*.[jt]s?(x)", "**/?(*.)+(spec|test).[jt]s?(x)", "**/__tests__/**/*.mjs?(x)", "**/?(*.)+(spec|test).mjs?(x)"], "moduleFileExtensions": ["mjs", "js"]}
}
"""


def test_sam_init_node_web_backend_stores_and_lists_items(tmp_path: Path, server: EmulatorProcess) -> None:
    project = tmp_path / "sam-app"
    for name, text in {
        "template.yaml": WEB_BACKEND_TEMPLATE,
        "package.json": PACKAGE_JSON,
        "src/handlers/get-all-items.mjs": GET_ALL_ITEMS,
        "src/handlers/put-item.mjs": PUT_ITEM,
    }.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(textwrap.dedent(text).lstrip())
    url = Deployer(project / "template.yaml", server.url).deploy().outputs["WebEndpoint"]
    host, _, path = url.split("://", 1)[1].partition("/")

    def call(method: str, **kwargs: Any) -> httpx.Response:
        return httpx.request(method, f"{server.url}/{path}", headers={"Host": host}, timeout=30, **kwargs)

    assert call("POST", json={"id": "id1", "name": "first"}).json() == {"id": "id1", "name": "first"}
    assert call("GET").json() == [{"id": "id1", "name": "first"}]


def test_setup_installs_nothing_when_the_pinned_packages_are_there(tmp_path: Path) -> None:
    for name, version in node_sdk.PACKAGES.items():
        manifest = node_sdk.modules_dir(tmp_path) / name / "package.json"
        manifest.parent.mkdir(parents=True)
        manifest.write_text(json.dumps({"name": name, "version": version}))
    command = [sys.executable, "-m", "emulator", "setup", "node-sdk", "--dir", str(tmp_path)]
    printed = subprocess.run(command, capture_output=True, text=True, check=True).stdout.splitlines()
    assert printed[0].startswith(f"AWS SDK for JavaScript v3 already installed in {tmp_path}/node_modules (")
    assert printed[1] == f"Start the emulator with EMULATOR_NODE_SDK_DIR={tmp_path} for its Node.js functions to find it."
    # Another version of a pinned package, or a package not there yet, is what npm would be asked for.
    (node_sdk.modules_dir(tmp_path) / "@aws-sdk/client-lambda/package.json").write_text('{"version": "3.1.0"}')
    specs = node_sdk._specs(["@aws-sdk/client-kinesis", "@aws-sdk/client-kms@3.2.0", "@aws-sdk/client-sqs@3.3.0"])
    assert specs[-2:] == ["@aws-sdk/client-kinesis", "@aws-sdk/client-kms@3.2.0"]
    assert "@aws-sdk/client-sqs@3.3.0" in specs and f"@aws-sdk/client-sqs@{node_sdk.PACKAGES['@aws-sdk/client-sqs']}" not in specs
    needed = [spec for spec in node_sdk._specs(["@aws-sdk/client-kinesis"]) if node_sdk._needs(tmp_path, spec)]
    assert needed == [f"@aws-sdk/client-lambda@{node_sdk.PACKAGES['@aws-sdk/client-lambda']}", "@aws-sdk/client-kinesis"]
