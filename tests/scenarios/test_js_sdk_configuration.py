"""How Node developers point the AWS SDK for JavaScript v3 at the emulator: no code change, only
``AWS_ENDPOINT_URL`` (SDK 3.428 and later read it), or an
``endpoint`` option written with a trailing slash; and regions keep their resources apart."""

from __future__ import annotations

from js_sdk import run

from emulator.testing import EmulatorProcess

#: Every client the emulator serves, built with no options (or only ``endpoint``, from OPTIONS).
EVERY_CLIENT = """
import { print } from './prelude.mjs';
import { DynamoDBClient, ListTablesCommand, CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient, ListStreamsCommand } from '@aws-sdk/client-dynamodb-streams';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { APIGatewayClient, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client, GetApisCommand } from '@aws-sdk/client-apigatewayv2';
import { ApiGatewayManagementApiClient, GetConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';

const options = JSON.parse(process.env.OPTIONS);
const outcome = (promise, pick) => promise.then(pick, (error) => `${error.name} ${error.$metadata?.httpStatusCode}`);
const table = {
  TableName: 'regional', BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
};
const europe = new DynamoDBClient({ ...options, region: 'eu-west-1' });
const created = await europe.send(new CreateTableCommand(table));
print({
  tables: await outcome(new DynamoDBClient(options).send(new ListTablesCommand({})), (r) => r.TableNames),
  streams: await outcome(new DynamoDBStreamsClient(options).send(new ListStreamsCommand({})), (r) => r.Streams),
  functions: await outcome(new LambdaClient(options).send(new ListFunctionsCommand({})), (r) => r.Functions),
  restApis: await outcome(new APIGatewayClient(options).send(new GetRestApisCommand({})), (r) => r.items),
  apis: await outcome(new ApiGatewayV2Client(options).send(new GetApisCommand({})), (r) => r.Items),
  logGroups: await outcome(new CloudWatchLogsClient(options).send(new DescribeLogGroupsCommand({})), (r) => r.logGroups),
  connection: await outcome(new ApiGatewayManagementApiClient(options).send(new GetConnectionCommand({ ConnectionId: 'AAAAAAAAAAAAAAA=' })), () => 'found'),
  europeArn: created.TableDescription.TableArn,
  europeTables: (await europe.send(new ListTablesCommand({}))).TableNames,
});
"""

#: What every configuration must give: empty listings, a gone connection, and a table only in its region.
EXPECTED = {
    "tables": [],
    "streams": [],
    "functions": [],
    "restApis": [],
    "apis": [],
    "logGroups": [],
    "connection": "GoneException 410",
    "europeArn": "arn:aws:dynamodb:eu-west-1:000000000000:table/regional",
    "europeTables": ["regional"],
}

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_REGION": "us-east-1"}


def test_aws_endpoint_url_alone_points_every_client_at_the_emulator(server: EmulatorProcess) -> None:
    env = {**CREDENTIALS, "AWS_ENDPOINT_URL": server.url, "OPTIONS": "{}"}
    assert run(server, EVERY_CLIENT, env=env) == EXPECTED


def test_an_endpoint_option_with_a_trailing_slash_works_too(server: EmulatorProcess) -> None:
    env = {**CREDENTIALS, "OPTIONS": f'{{"endpoint": "{server.url}/"}}'}
    assert run(server, EVERY_CLIENT, env=env) == EXPECTED

