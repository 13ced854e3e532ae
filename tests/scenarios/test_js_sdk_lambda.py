"""Lambda and its CloudWatch logs through the AWS SDK for JavaScript v3 (client-lambda,
client-cloudwatch-logs), as a Node.js deploy script or test suite pointed at the emulator uses them."""

from __future__ import annotations

from typing import Any

from js_sdk import archive, run

from emulator.testing import EmulatorProcess

HANDLER_V1 = """
exports.handler = async (event, context) => {
  console.log('hello from', context.functionName);
  if (event.fail) throw new TypeError('bad input');
  return { got: event, version: 1 };
};
"""
HANDLER_V2 = "exports.handler = async (event) => ({ got: event, version: 2 });"

#: Deploy, wait, invoke every way, update and wait again, list with the paginator, read the logs.
LIFECYCLE = """
import { config, failure, print, archive, ROLE } from './prelude.mjs';
import {
  LambdaClient, CreateFunctionCommand, InvokeCommand, UpdateFunctionCodeCommand, GetFunctionCommand,
  waitUntilFunctionActiveV2, waitUntilFunctionUpdatedV2, paginateListFunctions,
} from '@aws-sdk/client-lambda';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';

const lambda = new LambdaClient(config);
const logs = new CloudWatchLogsClient(config);
const waiting = { client: lambda, maxWaitTime: 30, minDelay: 1 };
const create = (name) => lambda.send(new CreateFunctionCommand({
  FunctionName: name, Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: archive('V1') },
}));
const text = (bytes) => (bytes === undefined ? null : Buffer.from(bytes).toString());
const out = {};

const created = await create('orders');
out.created = { state: created.State, reason: created.StateReasonCode, status: created.$metadata.httpStatusCode };
out.active = (await waitUntilFunctionActiveV2(waiting, { FunctionName: 'orders' })).state;

const invoked = await lambda.send(new InvokeCommand({ FunctionName: 'orders', Payload: JSON.stringify({ id: 7 }), LogType: 'Tail' }));
out.invoked = {
  status: invoked.StatusCode, error: invoked.FunctionError ?? null, version: invoked.ExecutedVersion,
  payloadIsBytes: invoked.Payload instanceof Uint8Array, payload: JSON.parse(text(invoked.Payload)), transformed: invoked.Payload.transformToString(),
  requestId: invoked.$metadata.requestId, log: Buffer.from(invoked.LogResult, 'base64').toString(),
};
const failed = await lambda.send(new InvokeCommand({ FunctionName: 'orders', Payload: JSON.stringify({ fail: true }) }));
out.failed = { status: failed.StatusCode, error: failed.FunctionError, payload: JSON.parse(text(failed.Payload)), log: failed.LogResult ?? null };
for (const type of ['Event', 'DryRun']) {
  const answer = await lambda.send(new InvokeCommand({ FunctionName: 'orders', InvocationType: type, Payload: '{}' }));
  out[type] = { status: answer.StatusCode, http: answer.$metadata.httpStatusCode, payload: answer.Payload ?? null };
}

const updated = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'orders', ZipFile: archive('V2') }));
out.updated = { last: updated.LastUpdateStatus, waited: (await waitUntilFunctionUpdatedV2(waiting, { FunctionName: 'orders' })).state };
out.afterUpdate = JSON.parse(text((await lambda.send(new InvokeCommand({ FunctionName: 'orders', Payload: '{"n": 2}' }))).Payload));

const described = await lambda.send(new GetFunctionCommand({ FunctionName: 'orders' }));
const code = await fetch(described.Code.Location);
out.code = { repository: described.Code.RepositoryType, status: code.status, zip: Buffer.from(await code.arrayBuffer()).subarray(0, 2).toString() };

await create('billing');
await create('audit');
out.pages = [];
for await (const page of paginateListFunctions({ client: lambda, pageSize: 2 }, {})) out.pages.push(page.Functions.map((f) => f.FunctionName));

const pattern = { logGroupName: '/aws/lambda/orders', filterPattern: '"hello from"' };
for (let attempt = 0; attempt < 50; attempt++) {
  out.logged = (await logs.send(new FilterLogEventsCommand(pattern))).events;
  if (out.logged.length >= 3) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
out.logged = out.logged.map(({ message, timestamp, logStreamName }) => ({ message, timestamp: typeof timestamp, stream: logStreamName }));
print(out);
"""


def test_functions_deploy_invoke_update_list_and_log_through_the_sdk(server: EmulatorProcess) -> None:
    out = run(server, LIFECYCLE, env={"V1": archive({"index.js": HANDLER_V1}), "V2": archive({"index.js": HANDLER_V2})})
    assert out["created"] == {"state": "Pending", "reason": "Creating", "status": 201}
    assert out["active"] == "SUCCESS"
    invoked = out["invoked"]
    assert {key: invoked[key] for key in ("status", "error", "version", "payloadIsBytes", "payload")} == {
        "status": 200,
        "error": None,
        "version": "$LATEST",
        "payloadIsBytes": True,
        "payload": {"got": {"id": 7}, "version": 1},
    }
    assert invoked["transformed"] == '{"got":{"id":7},"version":1}'
    request_id = invoked["requestId"]
    lines = invoked["log"].splitlines()
    assert lines[0] == f"START RequestId: {request_id} Version: $LATEST"
    assert lines[1].endswith(f"\t{request_id}\tINFO\thello from orders")
    assert lines[2] == f"END RequestId: {request_id}"
    assert lines[3].startswith(f"REPORT RequestId: {request_id}\tDuration: ")
    failed = out["failed"]
    assert (failed["status"], failed["error"], failed["log"]) == (200, "Unhandled", None)
    assert (failed["payload"]["errorType"], failed["payload"]["errorMessage"]) == ("TypeError", "bad input")
    assert failed["payload"]["trace"][0] == "TypeError: bad input"
    # No body at all: the SDK leaves Payload out.
    assert out["Event"] == {"status": 202, "http": 202, "payload": None}
    assert out["DryRun"] == {"status": 204, "http": 204, "payload": None}
    assert out["updated"] == {"last": "InProgress", "waited": "SUCCESS"}
    assert out["afterUpdate"] == {"got": {"n": 2}, "version": 2}
    assert out["code"] == {"repository": "S3", "status": 200, "zip": "PK"}
    pages = out["pages"]
    assert [len(page) for page in pages] == [2, 1] and sorted(sum(pages, [])) == ["audit", "billing", "orders"]
    logged = out["logged"]
    assert [event["message"].split("\t", 2)[2] for event in logged] == ["INFO\thello from orders\n"] * 3
    assert {event["timestamp"] for event in logged} == {"number"}
    assert all("/[$LATEST]" in event["stream"] for event in logged)


#: The errors deploy scripts catch, as the SDK deserializes them from Lambda's rest-json errors.
ERRORS = """
import { config, failure, print, archive, ROLE } from './prelude.mjs';
import { LambdaClient, CreateFunctionCommand, GetFunctionCommand, InvokeCommand, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';

const lambda = new LambdaClient(config);
const definition = { FunctionName: 'echo', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: archive('ECHO') } };
await lambda.send(new CreateFunctionCommand(definition));
await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: 'echo' });
print({
  missing: await failure(lambda.send(new GetFunctionCommand({ FunctionName: 'nope' }))),
  missingInvoke: await failure(lambda.send(new InvokeCommand({ FunctionName: 'nope', Payload: '{}' }))),
  conflict: await failure(lambda.send(new CreateFunctionCommand(definition))),
  badRole: await failure(lambda.send(new CreateFunctionCommand({ ...definition, FunctionName: 'other', Role: 'admin' }))),
  notJson: await failure(lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: 'not json' }))),
  tooLarge: await failure(lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: JSON.stringify({ blob: 'x'.repeat(6 * 1024 * 1024) }) }))),
  noLogGroup: await failure(new CloudWatchLogsClient(config).send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/nope' }))),
});
"""


def sdk_error(name: str, message: str, status: int, **members: Any) -> dict[str, Any]:
    return {"name": name, "message": message, "status": status, "fault": "client", "members": members}


def test_errors_carry_name_message_status_and_type(server: EmulatorProcess) -> None:
    out = run(server, ERRORS, env={"ECHO": archive({"index.js": "exports.handler = async (event) => event;"})})
    arn = "arn:aws:lambda:us-east-1:000000000000:function"
    assert out["missing"] == sdk_error("ResourceNotFoundException", f"Function not found: {arn}:nope", 404, Type="User")
    assert out["missingInvoke"] == sdk_error(
        "ResourceNotFoundException", f"Function not found: {arn}:nope:$LATEST", 404, Type="User"
    )
    assert out["conflict"] == sdk_error("ResourceConflictException", "Function already exist: echo", 409, Type="User")
    assert out["badRole"] == sdk_error(
        "ValidationException",
        "1 validation error detected: Value 'admin' at 'role' failed to satisfy constraint: Member must satisfy regular "
        "expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+",
        400,
    )
    not_json = out["notJson"]
    assert (not_json["name"], not_json["status"], not_json["members"]) == ("InvalidRequestContentException", 400, {"Type": "User"})
    assert not_json["message"].startswith("Could not parse request body into json: Could not parse payload into json: Unrecognized token 'not'")
    assert out["tooLarge"] == sdk_error(
        "RequestEntityTooLargeException", "Request must be smaller than 6291456 bytes for the InvokeFunction operation", 413
    )
    assert out["noLogGroup"] == sdk_error(
        "ResourceNotFoundException", "The specified log group does not exist.", 400, __type="ResourceNotFoundException"
    )


STREAMING_HANDLER = """
exports.handler = awslambda.streamifyResponse(async (event, responseStream) => {
  responseStream.setContentType('text/plain');
  responseStream.write('first,');
  await new Promise((resolve) => setTimeout(resolve, 20));
  if (event.fail) throw new Error('broke mid-stream');
  responseStream.write('second');
  responseStream.end();
});
"""

#: InvokeWithResponseStream's event stream, decoded by the SDK: chunks, then InvokeComplete.
STREAMING = """
import { config, print, archive, ROLE } from './prelude.mjs';
import { LambdaClient, CreateFunctionCommand, InvokeCommand, InvokeWithResponseStreamCommand, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';

const lambda = new LambdaClient(config);
await lambda.send(new CreateFunctionCommand({ FunctionName: 'streamer', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: archive('STREAMER') } }));
await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: 'streamer' });
const out = {};
for (const [name, event] of [['streamed', {}], ['broken', { fail: true }]]) {
  const answer = await lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: 'streamer', Payload: JSON.stringify(event) }));
  const events = [];
  for await (const item of answer.EventStream) {
    events.push(item.PayloadChunk ? { chunk: Buffer.from(item.PayloadChunk.Payload).toString() } : item);
  }
  out[name] = { status: answer.StatusCode, type: answer.ResponseStreamContentType, version: answer.ExecutedVersion, events };
}
const buffered = await lambda.send(new InvokeCommand({ FunctionName: 'streamer', Payload: '{}' }));
out.buffered = { status: buffered.StatusCode, payload: Buffer.from(buffered.Payload).toString() };
print(out);
"""


def test_response_streams_arrive_as_sdk_events(server: EmulatorProcess) -> None:
    out = run(server, STREAMING, env={"STREAMER": archive({"index.js": STREAMING_HANDLER})})
    head = {"status": 200, "type": "application/vnd.amazon.eventstream", "version": "$LATEST"}
    assert out["streamed"] == {**head, "events": [{"chunk": "first,"}, {"chunk": "second"}, {"InvokeComplete": {}}]}
    broken = out["broken"]
    assert {key: broken[key] for key in head} == head
    chunk, complete = broken["events"]
    assert chunk == {"chunk": "first,"}
    assert complete["InvokeComplete"]["ErrorCode"] == "Unhandled"
    details = complete["InvokeComplete"]["ErrorDetails"]
    assert details.startswith('{"errorType":"Error","errorMessage":"broke mid-stream"')
    assert out["buffered"] == {"status": 200, "payload": "first,second"}
