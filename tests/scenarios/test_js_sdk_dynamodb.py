"""DynamoDB through the AWS SDK for JavaScript v3 (client-dynamodb and lib-dynamodb's document
client), as a Node.js script or test suite pointed at the emulator uses it."""

from __future__ import annotations

import base64
from typing import Any

from js_sdk import run

from emulator.testing import EmulatorProcess

#: A table made and awaited as Node developers do it, then items of every type through the document client.
ITEMS = """
import { config, print } from './prelude.mjs';
import {
  DynamoDBClient, CreateTableCommand, DeleteTableCommand, GetItemCommand, waitUntilTableExists, waitUntilTableNotExists,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, GetCommand, UpdateCommand, DeleteCommand, NumberValue } from '@aws-sdk/lib-dynamodb';

const client = new DynamoDBClient(config);
const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
// Document clients made from one client share its configuration: the one that wraps numbers needs its own.
const exact = DynamoDBDocumentClient.from(new DynamoDBClient(config), { unmarshallOptions: { wrapNumbers: true } });
const key = { pk: 'order#1', sk: 1 };
const out = {};

const created = await client.send(new CreateTableCommand({
  TableName: 'orders', BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
}));
out.created = { status: created.TableDescription.TableStatus, date: created.TableDescription.CreationDateTime instanceof Date };
const waited = await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: 'orders' });
out.waited = { state: waited.state, status: waited.reason.Table.TableStatus };

await documents.send(new PutCommand({ TableName: 'orders', Item: {
  ...key, tags: new Set(['b', 'a']), sizes: new Set([10, 2.5]), blob: new Uint8Array([0, 1, 254, 255]),
  blobs: new Set([new Uint8Array([7])]), big: 12345678901234567890n, missing: undefined, empty: '',
  nested: { list: [1, 'two', null, true, { deep: [false] }] },
} }));
out.got = (await documents.send(new GetCommand({ TableName: 'orders', Key: key, ConsistentRead: true }))).Item;
out.raw = (await client.send(new GetItemCommand({ TableName: 'orders', Key: { pk: { S: 'order#1' }, sk: { N: '1' } } }))).Item;
out.updated = (await documents.send(new UpdateCommand({
  TableName: 'orders', Key: key, ReturnValues: 'ALL_NEW',
  UpdateExpression: 'SET #count = if_not_exists(#count, :zero) + :one ADD tags :more REMOVE nested',
  ExpressionAttributeNames: { '#count': 'count' },
  ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':more': new Set(['c']) },
}))).Attributes;
out.updatedNew = (await documents.send(new UpdateCommand({
  TableName: 'orders', Key: key, ReturnValues: 'UPDATED_NEW', UpdateExpression: 'SET #count = #count + :one',
  ExpressionAttributeNames: { '#count': 'count' }, ExpressionAttributeValues: { ':one': 1 },
}))).Attributes;

// 38 significant digits, more than a JavaScript number holds: NumberValue keeps them both ways.
const precise = { pk: 'precise', sk: 0, n: NumberValue.from('12345678901234567890123456789012345678'), tiny: NumberValue.from('-0.000000000000000000000000000000000001') };
await exact.send(new PutCommand({ TableName: 'orders', Item: precise }));
out.precise = (await exact.send(new GetCommand({ TableName: 'orders', Key: { pk: 'precise', sk: 0 } }))).Item;

out.deleted = (await documents.send(new DeleteCommand({ TableName: 'orders', Key: key, ReturnValues: 'ALL_OLD' }))).Attributes?.count;
out.afterDelete = (await documents.send(new GetCommand({ TableName: 'orders', Key: key }))).Item ?? null;
const dropped = await client.send(new DeleteTableCommand({ TableName: 'orders' }));
out.dropped = dropped.TableDescription.TableStatus;
out.gone = (await waitUntilTableNotExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: 'orders' })).state;
print(out);
"""


def test_document_client_marshals_every_type_and_round_trips_items(server: EmulatorProcess) -> None:
    out = run(server, ITEMS)
    # Sets have no order in DynamoDB: compare their members.
    for item in (out["got"], out["raw"]["tags"], out["raw"]["sizes"]):
        for members in item.values():
            if isinstance(members, dict) and isinstance(members.get("set"), list):
                members["set"].sort()
            elif isinstance(members, list):
                members.sort()
    assert out["created"] == {"status": "CREATING", "date": True}
    assert out["waited"] == {"state": "SUCCESS", "status": "ACTIVE"}
    blob = {"bytes": base64.b64encode(bytes([0, 1, 254, 255])).decode()}
    assert out["got"] == {
        "pk": "order#1",
        "sk": 1,
        "tags": {"set": ["a", "b"]},
        "sizes": {"set": [2.5, 10]},
        "blob": blob,
        "blobs": {"set": [{"bytes": "Bw=="}]},
        # Beyond Number.MAX_SAFE_INTEGER: lib-dynamodb gives a BigInt rather than lose digits.
        "big": {"bigint": "12345678901234567890"},
        "empty": "",
        "nested": {"list": [1, "two", None, True, {"deep": [False]}]},
    }
    assert out["raw"] == {
        "pk": {"S": "order#1"},
        "sk": {"N": "1"},
        "tags": {"SS": ["a", "b"]},
        "sizes": {"NS": ["10", "2.5"]},
        "blob": {"B": blob},
        "blobs": {"BS": [{"bytes": "Bw=="}]},
        "big": {"N": "12345678901234567890"},
        "empty": {"S": ""},
        "nested": {"M": {"list": {"L": [{"N": "1"}, {"S": "two"}, {"NULL": True}, {"BOOL": True}, {"M": {"deep": {"L": [{"BOOL": False}]}}}]}}},
    }
    updated = out["updated"]
    assert (updated["count"], sorted(updated["tags"]["set"]), "nested" in updated) == (1, ["a", "b", "c"], False)
    assert out["updatedNew"] == {"count": 2}
    assert out["precise"] == {
        "pk": "precise",
        "sk": {"number": "0"},
        "n": {"number": "12345678901234567890123456789012345678"},
        "tiny": {"number": "-0.000000000000000000000000000000000001"},
    }
    assert (out["deleted"], out["afterDelete"]) == (2, None)
    assert (out["dropped"], out["gone"]) == ("DELETING", "SUCCESS")


#: Batches, then every page of a query and a scan through the SDK's paginators.
PAGES = """
import { config, print } from './prelude.mjs';
import { DynamoDBClient, CreateTableCommand, paginateScan } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, BatchWriteCommand, BatchGetCommand, QueryCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';

const client = new DynamoDBClient(config);
const documents = DynamoDBDocumentClient.from(client);
const out = {};
await client.send(new CreateTableCommand({
  TableName: 'events', BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
}));
const puts = Array.from({ length: 30 }, (_, sk) => ({ PutRequest: { Item: { pk: sk % 3 ? 'user#1' : 'user#2', sk, body: `event ${sk}` } } }));
out.unprocessed = [];
for (let start = 0; start < puts.length; start += 25) {
  const written = await documents.send(new BatchWriteCommand({ RequestItems: { events: puts.slice(start, start + 25) } }));
  out.unprocessed.push(written.UnprocessedItems);
}

out.queryPages = [];
// A fresh input each time: a paginator writes its page tokens into the input it is given.
const query = () => ({ TableName: 'events', KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high', ExpressionAttributeValues: { ':pk': 'user#1', ':low': 2, ':high': 25 } });
for await (const page of paginateQuery({ client: documents, pageSize: 6 }, query())) {
  out.queryPages.push({ sks: page.Items.map((item) => item.sk), next: page.LastEvaluatedKey ?? null });
}
const newest = await documents.send(new QueryCommand({ ...query(), ScanIndexForward: false, Limit: 2, ProjectionExpression: 'sk, body' }));
out.newest = { items: newest.Items, count: newest.Count, scanned: newest.ScannedCount, next: newest.LastEvaluatedKey };

out.scanPages = [];
for await (const page of paginateScan({ client, pageSize: 11 }, { TableName: 'events', Select: 'COUNT' })) {
  out.scanPages.push({ count: page.Count, items: page.Items ?? null, more: Boolean(page.LastEvaluatedKey) });
}
const got = await documents.send(new BatchGetCommand({ RequestItems: { events: {
  Keys: [{ pk: 'user#2', sk: 0 }, { pk: 'user#1', sk: 1 }, { pk: 'nobody', sk: 0 }], ProjectionExpression: 'sk',
} } }));
out.batchGet = { skus: got.Responses.events.map((item) => item.sk).sort((a, b) => a - b), unprocessed: got.UnprocessedKeys };
print(out);
"""


def test_paginators_walk_queries_and_scans_and_batches_round_trip(server: EmulatorProcess) -> None:
    out = run(server, PAGES)
    assert out["unprocessed"] == [{}, {}]
    sks = [sk for sk in range(2, 26) if sk % 3]
    pages = [sks[:6], sks[6:12], sks[12:]]
    assert [page["sks"] for page in out["queryPages"]] == pages
    assert [page["next"] for page in out["queryPages"]] == [{"pk": "user#1", "sk": sks[5]}, {"pk": "user#1", "sk": sks[11]}, None]
    assert out["newest"] == {
        "items": [{"sk": 25, "body": "event 25"}, {"sk": 23, "body": "event 23"}],
        "count": 2,
        "scanned": 2,
        "next": {"pk": "user#1", "sk": 23},
    }
    # 30 items, 11 a page: the third page holds the last 8 and ends the walk.
    assert out["scanPages"] == [
        {"count": 11, "items": None, "more": True},
        {"count": 11, "items": None, "more": True},
        {"count": 8, "items": None, "more": False},
    ]
    assert out["batchGet"] == {"skus": [0, 1], "unprocessed": {}}


#: The errors Node code catches, as the SDK deserializes them (name, message, status, modeled members).
ERRORS = """
import { config, failure, print } from './prelude.mjs';
import { DynamoDBClient, CreateTableCommand, DescribeTableCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';

const client = new DynamoDBClient(config);
const documents = DynamoDBDocumentClient.from(client);
const table = {
  TableName: 'accounts', BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
};
await client.send(new CreateTableCommand(table));
await documents.send(new PutCommand({ TableName: 'accounts', Item: { id: 'alice', balance: 10 } }));
const out = {};
out.conditional = await failure(documents.send(new PutCommand({
  TableName: 'accounts', Item: { id: 'alice', balance: 0 }, ConditionExpression: 'attribute_not_exists(id)',
  ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
})));
out.conditionalWithoutItem = await failure(documents.send(new UpdateCommand({
  TableName: 'accounts', Key: { id: 'alice' }, UpdateExpression: 'SET balance = balance - :amount',
  ConditionExpression: 'balance >= :amount', ExpressionAttributeValues: { ':amount': 50 },
})));
out.transaction = await failure(documents.send(new TransactWriteCommand({ TransactItems: [
  { Put: { TableName: 'accounts', Item: { id: 'bob', balance: 5 } } },
  { Update: {
    TableName: 'accounts', Key: { id: 'alice' }, UpdateExpression: 'SET balance = balance - :amount',
    ConditionExpression: 'balance >= :amount', ExpressionAttributeValues: { ':amount': 50 },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  } },
] })));
out.notFound = await failure(client.send(new DescribeTableCommand({ TableName: 'missing' })));
out.inUse = await failure(client.send(new CreateTableCommand(table)));
out.wrongKey = await failure(client.send(new GetItemCommand({ TableName: 'accounts', Key: { id: { N: '1' } } })));
out.constraint = await failure(client.send(new PutItemCommand({ TableName: 'ab', Item: { id: { S: 'x' } } })));
print(out);
"""

NAMESPACE = "com.amazonaws.dynamodb.v20120810#"


def error(name: str, message: str, type_: str, **members: Any) -> dict[str, Any]:
    """An SDK error as ``described`` prints it: a 400 client fault carrying the body's ``__type``."""
    return {"name": name, "message": message, "status": 400, "fault": "client", "members": {**members, "__type": type_}}


def test_errors_carry_name_status_and_members_as_the_sdk_exposes_them(server: EmulatorProcess) -> None:
    out = run(server, ERRORS)
    alice = {"id": {"S": "alice"}, "balance": {"N": "10"}}
    failed = "The conditional request failed"
    assert out["conditional"] == error(
        "ConditionalCheckFailedException", failed, NAMESPACE + "ConditionalCheckFailedException", Item=alice
    )
    assert out["conditionalWithoutItem"] == error(
        "ConditionalCheckFailedException", failed, NAMESPACE + "ConditionalCheckFailedException"
    )
    assert out["transaction"] == error(
        "TransactionCanceledException",
        "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]",
        NAMESPACE + "TransactionCanceledException",
        CancellationReasons=[{"Code": "None"}, {"Code": "ConditionalCheckFailed", "Message": failed, "Item": alice}],
    )
    assert out["notFound"] == error(
        "ResourceNotFoundException", "Requested resource not found: Table: missing not found", NAMESPACE + "ResourceNotFoundException"
    )
    assert out["inUse"] == error("ResourceInUseException", "Table already exists: accounts", NAMESPACE + "ResourceInUseException")
    validation = "com.amazon.coral.validate#ValidationException"
    assert out["wrongKey"] == error("ValidationException", "The provided key element does not match the schema", validation)
    assert out["constraint"] == error(
        "ValidationException",
        "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
        validation,
    )


#: Every response's body as the SDK received it, beside its x-amz-crc32 header: small, 1 MB scan
#: pages, errors, and through the fetch-based handler (which asks for gzip) as well as Node's http.
CHECKSUMS = """
import zlib from 'node:zlib';
import { Readable } from 'node:stream';
import { config, print } from './prelude.mjs';
import { DynamoDBClient, CreateTableCommand, DescribeTableCommand, BatchWriteItemCommand, paginateScan } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient, DescribeStreamCommand, GetShardIteratorCommand, GetRecordsCommand } from '@aws-sdk/client-dynamodb-streams';
import { FetchHttpHandler } from '@smithy/fetch-http-handler';

const bodies = [];
/** Reads each raw response before the SDK parses it, and hands the SDK the same bytes. */
function recordBodies(client) {
  client.middlewareStack.add((next) => async (args) => {
    const result = await next(args);
    const { response } = result;
    const chunks = [];
    for await (const chunk of response.body) chunks.push(Buffer.from(chunk));
    const body = Buffer.concat(chunks);
    response.body = Readable.from([body]);
    bodies.push({ status: response.statusCode, bytes: body.length, crc32: response.headers['x-amz-crc32'], computed: String(zlib.crc32(body)), type: response.headers['content-type'] });
    return result;
  }, { step: 'deserialize', priority: 'low', name: 'recordBodies' });
  return client;
}
const client = recordBodies(new DynamoDBClient(config));
const streams = recordBodies(new DynamoDBStreamsClient(config));
await client.send(new CreateTableCommand({
  TableName: 'blobs', BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
}));
const padding = 'é'.repeat(20000);  // two bytes each in UTF-8: 40 KB an item
for (let batch = 0; batch < 2; batch++) {
  const puts = Array.from({ length: 20 }, (_, i) => ({ PutRequest: { Item: { id: { S: `item-${batch}-${i}` }, pad: { S: padding } } } }));
  await client.send(new BatchWriteItemCommand({ RequestItems: { blobs: puts } }));
}
const pages = [];
for await (const page of paginateScan({ client }, { TableName: 'blobs' })) pages.push(page.Count);
const viaFetch = new DynamoDBClient({ ...config, requestHandler: new FetchHttpHandler() });
const fetched = [];
for await (const page of paginateScan({ client: viaFetch }, { TableName: 'blobs' })) fetched.push(page.Count);
await client.send(new DescribeTableCommand({ TableName: 'nope' })).catch(() => {});
const arn = (await client.send(new DescribeTableCommand({ TableName: 'blobs' }))).Table.LatestStreamArn;
const shard = (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription.Shards[0].ShardId;
const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard, ShardIteratorType: 'TRIM_HORIZON' }));
// GetRecords also stops at 1 MB: the 40 inserts come in more than one call.
const records = [];
for (let iterator = ShardIterator, total = 0; total < 40 && records.length < 5; total += records.at(-1)) {
  const got = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
  records.push(got.Records.length);
  iterator = got.NextShardIterator;
}
print({ pages, fetched, bodies, records });
"""


def test_every_response_carries_the_crc32_of_its_body(server: EmulatorProcess) -> None:
    out = run(server, CHECKSUMS)
    # 40 items of ~40 KB: a scan stops at 1 MB, so two pages, through either HTTP handler.
    assert sum(out["pages"]) == sum(out["fetched"]) == 40 and len(out["pages"]) == len(out["fetched"]) == 2
    bodies = out["bodies"]
    assert max(body["bytes"] for body in bodies) > 1_000_000
    assert [body["status"] for body in bodies].count(400) == 1
    assert [body["crc32"] for body in bodies] == [body["computed"] for body in bodies]
    assert {body["type"] for body in bodies} == {"application/x-amz-json-1.0"}
    assert sum(out["records"]) == 40 and len(out["records"]) == 2
