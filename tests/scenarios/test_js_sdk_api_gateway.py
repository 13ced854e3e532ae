"""API Gateway through the AWS SDK for JavaScript v3: the control planes (client-api-gateway,
client-apigatewayv2) deploying APIs that Node's fetch then calls, and the ``@connections``
management API (client-apigatewaymanagementapi) at each endpoint form the guide names.

The WebSocket client is Node's own (``--experimental-websocket`` in Node 20), as a browser's would be.
"""

from __future__ import annotations

from js_sdk import archive, run

from emulator.testing import EmulatorProcess

#: A proxy handler for either kind of API: it echoes what the event says about the request.
PROXY_HANDLER = """
exports.handler = async (event) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ version: event.version ?? '1.0', path: event.rawPath ?? event.path, method: event.requestContext.http?.method ?? event.httpMethod }),
});
"""

#: A REST API (v1) built resource by resource, an HTTP API (v2) by quick create, both called with fetch.
CONTROL_PLANES = """
import { config, failure, print, archive, ROLE } from './prelude.mjs';
import { LambdaClient, CreateFunctionCommand, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import {
  APIGatewayClient, CreateRestApiCommand, GetResourcesCommand, CreateResourceCommand, PutMethodCommand,
  PutIntegrationCommand, CreateDeploymentCommand, GetRestApiCommand, paginateGetRestApis,
} from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client, CreateApiCommand, GetApiCommand, GetStagesCommand } from '@aws-sdk/client-apigatewayv2';

const lambda = new LambdaClient(config);
const rest = new APIGatewayClient(config);
const http = new ApiGatewayV2Client(config);
const out = {};
const fn = await lambda.send(new CreateFunctionCommand({ FunctionName: 'proxy', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: archive('PROXY') } }));
await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: 'proxy' });
const uri = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fn.FunctionArn}/invocations`;
const call = async (url, init) => {
  const response = await fetch(url, init);
  return { status: response.status, type: response.headers.get('content-type'), body: await response.json() };
};

const api = await rest.send(new CreateRestApiCommand({ name: 'shop', description: 'made by the JS SDK' }));
out.restApi = { status: api.$metadata.httpStatusCode, created: api.createdDate instanceof Date, types: api.endpointConfiguration.types };
const root = (await rest.send(new GetResourcesCommand({ restApiId: api.id }))).items.find((item) => item.path === '/');
const items = await rest.send(new CreateResourceCommand({ restApiId: api.id, parentId: root.id, pathPart: 'items' }));
await rest.send(new PutMethodCommand({ restApiId: api.id, resourceId: items.id, httpMethod: 'POST', authorizationType: 'NONE' }));
await rest.send(new PutIntegrationCommand({ restApiId: api.id, resourceId: items.id, httpMethod: 'POST', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri }));
const deployment = await rest.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' }));
out.deployment = { status: deployment.$metadata.httpStatusCode, created: deployment.createdDate instanceof Date };
const base = config.endpoint;
out.restCalls = [
  await call(`${base}/_aws/execute-api/${api.id}/dev/items`, { method: 'POST', body: '{}' }),
  await call(`${base}/restapis/${api.id}/dev/_user_request_/items`, { method: 'POST', body: '{}' }),
];
out.restPages = [];
await rest.send(new CreateRestApiCommand({ name: 'second' }));
for await (const page of paginateGetRestApis({ client: rest, pageSize: 1 }, {})) out.restPages.push(page.items.map((item) => item.name));
out.restMissing = await failure(rest.send(new GetRestApiCommand({ restApiId: 'nope' })));

const quick = await http.send(new CreateApiCommand({ Name: 'quick', ProtocolType: 'HTTP', Target: fn.FunctionArn }));
out.httpApi = { status: quick.$metadata.httpStatusCode, created: quick.CreatedDate instanceof Date, endpoint: quick.ApiEndpoint, id: quick.ApiId };
out.stages = (await http.send(new GetStagesCommand({ ApiId: quick.ApiId }))).Items.map((stage) => [stage.StageName, stage.AutoDeploy]);
out.httpCall = await call(`${base}/_aws/execute-api/${quick.ApiId}/any/path?q=1`, { method: 'PUT' });
out.httpMissing = await failure(http.send(new GetApiCommand({ ApiId: 'nope' })));
print(out);
"""


def test_rest_and_http_apis_deployed_with_the_sdk_answer_fetch(server: EmulatorProcess) -> None:
    out = run(server, CONTROL_PLANES, env={"PROXY": archive({"index.js": PROXY_HANDLER})})
    assert out["restApi"] == {"status": 201, "created": True, "types": ["EDGE"]}
    assert out["deployment"] == {"status": 201, "created": True}
    v1 = {"status": 200, "type": "application/json", "body": {"version": "1.0", "path": "/items", "method": "POST"}}
    assert out["restCalls"] == [v1, v1]
    assert sorted(sum(out["restPages"], [])) == ["second", "shop"] and len(out["restPages"]) == 2
    assert out["restMissing"] == {
        "name": "NotFoundException",
        "message": "Invalid API identifier specified 000000000000:nope",
        "status": 404,
        "fault": "client",
        "members": {},
    }
    api_id = out["httpApi"]["id"]
    assert out["httpApi"] == {
        "status": 201,
        "created": True,
        "endpoint": f"https://{api_id}.execute-api.us-east-1.amazonaws.com",
        "id": api_id,
    }
    assert out["stages"] == [["$default", True]]
    assert out["httpCall"] == {"status": 200, "type": "application/json", "body": {"version": "2.0", "path": "/any/path", "method": "PUT"}}
    assert out["httpMissing"] == {
        "name": "NotFoundException",
        "message": "Invalid API identifier specified 000000000000:nope",
        "status": 404,
        "fault": "client",
        "members": {"ResourceType": "Api"},
    }


#: Answers any message with the sender's connection id, so the client learns it.
WHO_AM_I = "exports.handler = async (event) => ({ statusCode: 200, body: event.requestContext.connectionId });"

#: A WebSocket API deployed with the SDK, a Node WebSocket client, and the management API reached
#: at each endpoint form: the main endpoint, a stage path on it, the path-based and the host-based
#: stage URLs (a resolver that maps *.localhost to loopback, as browsers and systemd-resolved do).
CONNECTIONS = """
import http from 'node:http';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { config, failure, print, archive, ROLE } from './prelude.mjs';
import { LambdaClient, CreateFunctionCommand, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import {
  ApiGatewayV2Client, CreateApiCommand, CreateIntegrationCommand, CreateRouteCommand, CreateRouteResponseCommand, CreateStageCommand,
} from '@aws-sdk/client-apigatewayv2';
import { ApiGatewayManagementApiClient, PostToConnectionCommand, GetConnectionCommand, DeleteConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';

const lambda = new LambdaClient(config);
const v2 = new ApiGatewayV2Client(config);
const fn = await lambda.send(new CreateFunctionCommand({ FunctionName: 'whoami', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: archive('WHO_AM_I') } }));
await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: 'whoami' });
const api = await v2.send(new CreateApiCommand({ Name: 'chat', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }));
const integration = await v2.send(new CreateIntegrationCommand({ ApiId: api.ApiId, IntegrationType: 'AWS_PROXY', IntegrationUri: fn.FunctionArn }));
const route = await v2.send(new CreateRouteCommand({ ApiId: api.ApiId, RouteKey: '$default', Target: `integrations/${integration.IntegrationId}`, RouteResponseSelectionExpression: '$default' }));
await v2.send(new CreateRouteResponseCommand({ ApiId: api.ApiId, RouteId: route.RouteId, RouteResponseKey: '$default' }));
await v2.send(new CreateStageCommand({ ApiId: api.ApiId, StageName: 'prod', AutoDeploy: true }));

const port = new URL(config.endpoint).port;
const socket = new WebSocket(`ws://127.0.0.1:${port}/_aws/execute-api/${api.ApiId}/prod`);
const received = [];
let arrived = () => {};
socket.onmessage = (message) => { received.push(message.data); arrived(); };
const nextMessage = () => new Promise((resolve) => { arrived = resolve; });
const closed = new Promise((resolve) => { socket.onclose = (event) => resolve({ code: event.code, reason: event.reason }); });
await new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = reject; });
let message = nextMessage();
socket.send('{"action": "whoami"}');
await message;
const id = received[0];

const loopback = (host, options, callback) => (options.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4));
const forms = {
  main: { endpoint: config.endpoint },
  stagePath: { endpoint: `${config.endpoint}/prod` },
  pathBased: { endpoint: `${config.endpoint}/_aws/execute-api/${api.ApiId}/prod` },
  hostBased: { endpoint: `http://${api.ApiId}.execute-api.localhost:${port}/prod`, requestHandler: new NodeHttpHandler({ httpAgent: new http.Agent({ lookup: loopback }) }) },
};
const out = { apiEndpoint: api.ApiEndpoint, forms: {} };
for (const [name, options] of Object.entries(forms)) {
  const management = new ApiGatewayManagementApiClient({ ...config, ...options });
  message = nextMessage();
  const posted = await management.send(new PostToConnectionCommand({ ConnectionId: id, Data: `to ${name}` }));
  await message;
  const found = await management.send(new GetConnectionCommand({ ConnectionId: id }));
  out.forms[name] = {
    posted: posted.$metadata.httpStatusCode, connectedAt: found.ConnectedAt instanceof Date,
    lastActiveAt: found.LastActiveAt instanceof Date, identity: found.Identity,
  };
}
const management = new ApiGatewayManagementApiClient(config);
message = nextMessage();
await management.send(new PostToConnectionCommand({ ConnectionId: id, Data: new Uint8Array(Buffer.from('bytes too')) }));
await message;
out.received = received.slice(1);
out.deleted = (await management.send(new DeleteConnectionCommand({ ConnectionId: id }))).$metadata.httpStatusCode;
out.closed = await closed;
out.gone = [
  await failure(management.send(new PostToConnectionCommand({ ConnectionId: id, Data: 'late' }))),
  await failure(management.send(new GetConnectionCommand({ ConnectionId: id }))),
  await failure(management.send(new DeleteConnectionCommand({ ConnectionId: id }))),
].map(({ name, message, status, fault }) => ({ name, message, status, fault }));
print(out);
"""


def test_management_api_reaches_a_connection_at_every_documented_endpoint(server: EmulatorProcess) -> None:
    out = run(server, CONNECTIONS, env={"WHO_AM_I": archive({"index.js": WHO_AM_I})}, node_args=("--experimental-websocket",))
    assert out["apiEndpoint"].startswith("wss://") and out["apiEndpoint"].endswith(".execute-api.us-east-1.amazonaws.com")
    found = {"posted": 200, "connectedAt": True, "lastActiveAt": True, "identity": {"SourceIp": "127.0.0.1", "UserAgent": "node"}}
    assert out["forms"] == {name: found for name in ("main", "stagePath", "pathBased", "hostBased")}
    assert out["received"] == ["to main", "to stagePath", "to pathBased", "to hostBased", "bytes too"]
    assert out["deleted"] == 204
    assert out["closed"]["code"] == 1000
    # AWS's 410 carries no message (SDK v2 reports "410", the Java SDK null): v3 says UnknownError.
    gone = {"name": "GoneException", "message": "UnknownError", "status": 410, "fault": "client"}
    assert out["gone"] == [gone] * 3


#: A chat's three handlers on the SDK the Node runtime carries, in the shape of AWS's
#: simple-websockets-chat-app: connections kept in a table, messages relayed through the management
#: API at ``https://{domainName}/{stage}`` (built from the event, as on AWS), stale ones dropped on 410.
CHAT_HANDLERS = {
    "connect.mjs": """
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async (event) => {
  await documents.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: { connectionId: event.requestContext.connectionId } }));
  return { statusCode: 200, body: 'Connected.' };
};
""",
    "disconnect.mjs": """
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, DeleteCommand } from '@aws-sdk/lib-dynamodb';
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async (event) => {
  await documents.send(new DeleteCommand({ TableName: process.env.TABLE_NAME, Key: { connectionId: event.requestContext.connectionId } }));
  return { statusCode: 200, body: 'Disconnected.' };
};
""",
    "send.mjs": """
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand, DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async (event) => {
  const { domainName, stage } = event.requestContext;
  const management = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` });
  const { Items } = await documents.send(new ScanCommand({ TableName: process.env.TABLE_NAME, ProjectionExpression: 'connectionId' }));
  const data = JSON.parse(event.body).data;
  await Promise.all(Items.map(async ({ connectionId }) => {
    try {
      await management.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }));
    } catch (error) {
      if (error.$metadata?.httpStatusCode !== 410) throw error;
      console.log(`stale ${connectionId}: ${error.name}`);
      await documents.send(new DeleteCommand({ TableName: process.env.TABLE_NAME, Key: { connectionId } }));
    }
  }));
  return { statusCode: 200, body: 'Data sent.' };
};
""",
}

#: Deploys the chat with the SDK, then two Node WebSocket clients talk through it.
CHAT = """
import { config, print, archive, ROLE } from './prelude.mjs';
import { DynamoDBClient, CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { LambdaClient, CreateFunctionCommand, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import {
  ApiGatewayV2Client, CreateApiCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand,
} from '@aws-sdk/client-apigatewayv2';

const lambda = new LambdaClient(config);
const v2 = new ApiGatewayV2Client(config);
const documents = DynamoDBDocumentClient.from(new DynamoDBClient(config));
await documents.send(new CreateTableCommand({
  TableName: 'chat-connections', BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [{ AttributeName: 'connectionId', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'connectionId', KeyType: 'HASH' }],
}));
const api = await v2.send(new CreateApiCommand({ Name: 'chat', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }));
for (const [route, module] of [['$connect', 'connect'], ['$disconnect', 'disconnect'], ['sendmessage', 'send']]) {
  const fn = await lambda.send(new CreateFunctionCommand({
    FunctionName: `chat-${module}`, Runtime: 'nodejs22.x', Role: ROLE, Handler: `${module}.handler`, Code: { ZipFile: archive('CHAT') },
    Environment: { Variables: { TABLE_NAME: 'chat-connections' } },
  }));
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: fn.FunctionName });
  const integration = await v2.send(new CreateIntegrationCommand({ ApiId: api.ApiId, IntegrationType: 'AWS_PROXY', IntegrationUri: fn.FunctionArn }));
  await v2.send(new CreateRouteCommand({ ApiId: api.ApiId, RouteKey: route, Target: `integrations/${integration.IntegrationId}` }));
}
await v2.send(new CreateStageCommand({ ApiId: api.ApiId, StageName: 'production', AutoDeploy: true }));

const url = `ws://127.0.0.1:${new URL(config.endpoint).port}/_aws/execute-api/${api.ApiId}/production`;
async function join() {
  const socket = new WebSocket(url);
  socket.received = [];
  socket.onmessage = (message) => socket.received.push(message.data);
  await new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = reject; });
  return socket;
}
/** Polls ``check`` (sync or async) every 50 ms for up to 5 s. */
const until = async (check) => { for (let i = 0; i < 100 && !(await check()); i++) await new Promise((resolve) => setTimeout(resolve, 50)); };
const connected = async () => (await documents.send(new ScanCommand({ TableName: 'chat-connections' }))).Items.length;

const alice = await join();
const bob = await join();
const out = { connected: await connected() };
// A connection that closed without its $disconnect: the relay meets a 410 and forgets it.
await documents.send(new PutCommand({ TableName: 'chat-connections', Item: { connectionId: 'AAAAAAAAAAAAAAA=' } }));
alice.send(JSON.stringify({ action: 'sendmessage', data: 'hello all' }));
await until(() => alice.received.length && bob.received.length);
out.first = [[...alice.received], [...bob.received]];
await until(async () => (await connected()) === 2);
out.afterStale = await connected();
bob.close();
await until(async () => (await connected()) === 1);
alice.send(JSON.stringify({ action: 'sendmessage', data: 'anyone?' }));
await until(() => alice.received.length === 2);
out.second = [alice.received, bob.received];
out.left = await connected();
alice.close();
print(out);
"""


def test_a_node_chat_relays_through_the_endpoint_built_from_its_event(server: EmulatorProcess) -> None:
    env = {"CHAT": archive(CHAT_HANDLERS)}
    out = run(server, CHAT, env=env, node_args=("--experimental-websocket",))
    assert out["connected"] == 2
    assert out["first"] == [["hello all"], ["hello all"]]
    assert out["afterStale"] == 2
    assert out["second"] == [["hello all", "anyone?"], ["hello all"]]
    assert out["left"] == 1
