"""Powertools' BatchProcessor on DynamoDB stream events, behind an event source mapping with
``FunctionResponseTypes: ["ReportBatchItemFailures"]``, in functions that ship Powertools.

What AWS documents ("Configuring partial batch response with DynamoDB and Lambda"): Lambda checkpoints
at the lowest reported sequence number and retries from there, so records before it are not
delivered again (those after it may be); a failed invocation (BatchProcessor raises when every record
failed) fails the whole batch, which is split in two under BisectBatchOnFunctionError; a batch still
failing after MaximumRetryAttempts retries is discarded and the stream goes on.

Each invocation's keys are written to a file, and each record processed to a log.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from powertools_apps import create_powertools_function

from emulator.testing import EmulatorProcess
from emulator.testing.process import wait_until

#: Records whose key is in POISON always fail; those in FLAKY fail the first time they are seen.
CONSUMER = """
import json, os, time
from pathlib import Path
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

processor = BatchProcessor(event_type=EventType.DynamoDBStreams)
capture = Path(os.environ["CAPTURE_DIR"])
poison = set(os.environ.get("POISON", "").split(","))
flaky = set(os.environ.get("FLAKY", "").split(","))

def record_handler(record: DynamoDBRecord):
    key = record.dynamodb.keys["id"]
    if key in poison:
        raise ValueError(f"{key} is poison")
    seen = capture / f"{key}.seen"
    if key in flaky and not seen.exists():
        seen.touch()
        raise ValueError(f"{key} fails once")
    with open(capture / "processed.log", "a") as log:
        log.write(key + "\\n")

def handler(event, context):
    keys = [record["dynamodb"]["Keys"]["id"]["S"] for record in event["Records"]]
    # Written aside, then renamed: the test polls the directory and must never read a half-written file.
    path = capture / f"{time.time_ns()}"
    path.with_suffix(".part").write_text(json.dumps(keys))
    os.replace(path.with_suffix(".part"), path.with_suffix(".json"))
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
"""


def deliveries(directory: Path) -> list[list[str]]:
    """The keys of each invocation so far, in order."""
    return [json.loads(path.read_text()) for path in sorted(directory.glob("*.json"))]


def wait_processed(directory: Path, count: int) -> None:
    """Until ``count`` records were processed (counting repeats)."""
    wait_until(lambda: len(processed(directory)) >= count, timeout=60)


def settled(server: EmulatorProcess, directory: Path) -> list[list[str]]:
    """Every invocation's keys, once a record written now arrived after them (a shard is processed in
    order, so nothing earlier is still to come), without that last one."""
    put(server, "last")
    wait_until(lambda: "last" in processed(directory), timeout=60)
    *batches, last = deliveries(directory)
    assert last == ["last"]
    return batches


def processed(directory: Path) -> list[str]:
    log = directory / "processed.log"
    return log.read_text().split() if log.exists() else []


def consume(server: EmulatorProcess, directory: Path, keys: list[str], env: dict[str, str], **mapping: Any) -> Any:
    """A stream table holding ``keys`` (written in order), and the consumer mapped to it from the start."""
    dynamodb = server.client("dynamodb")
    stream_arn = dynamodb.create_table(
        TableName="events",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
    )["TableDescription"]["LatestStreamArn"]
    for key in keys:
        dynamodb.put_item(TableName="events", Item={"id": {"S": key}})
    lambda_client = server.client("lambda")
    variables = {"CAPTURE_DIR": str(directory), **env}
    create_powertools_function(lambda_client, "consumer", CONSUMER, Environment={"Variables": variables})
    return lambda_client.create_event_source_mapping(
        EventSourceArn=stream_arn, FunctionName="consumer", StartingPosition="TRIM_HORIZON", BatchSize=10,
        **{"FunctionResponseTypes": ["ReportBatchItemFailures"], **mapping},
    )  # fmt: skip


def put(server: EmulatorProcess, key: str) -> None:
    server.client("dynamodb").put_item(TableName="events", Item={"id": {"S": key}})


def test_retries_start_at_the_lowest_reported_failure(server: EmulatorProcess, tmp_path: Path) -> None:
    consume(server, tmp_path, ["a", "b", "c", "d", "e"], {"FLAKY": "d,b"})
    wait_processed(tmp_path, 7)
    # b and d failed: Lambda resumed from b, the lowest; a was not delivered again.
    assert settled(server, tmp_path) == [["a", "b", "c", "d", "e"], ["b", "c", "d", "e"]]
    assert processed(tmp_path) == ["a", "c", "e", "b", "c", "d", "e", "last"]


def test_a_poison_record_is_retried_then_discarded_and_the_stream_goes_on(
    server: EmulatorProcess, tmp_path: Path
) -> None:
    mapping = consume(server, tmp_path, ["a", "b", "c", "d"], {"POISON": "b"}, MaximumRetryAttempts=2)
    wait_processed(tmp_path, 1 + 2 * 4)
    # The reported failure starts a new batch from b, retried twice (MaximumRetryAttempts) and then
    # discarded; a, before it, is never redelivered; the stream goes on after the discarded batch.
    batches = settled(server, tmp_path)
    assert batches == [["a", "b", "c", "d"], ["b", "c", "d"], ["b", "c", "d"], ["b", "c", "d"]]
    assert processed(tmp_path).count("a") == 1 and "b" not in processed(tmp_path)
    state = server.client("lambda").get_event_source_mapping(UUID=mapping["UUID"])
    assert state["LastProcessingResult"] == "OK"


def test_a_batch_that_fails_whole_is_bisected(server: EmulatorProcess, tmp_path: Path) -> None:
    """BatchProcessor raises BatchProcessingError when every record failed: an invocation error, which
    BisectBatchOnFunctionError answers by retrying each half of the batch."""
    consume(server, tmp_path, ["a", "b", "c", "d"], {"FLAKY": "a,b,c,d"}, BisectBatchOnFunctionError=True)
    wait_processed(tmp_path, 4)
    assert settled(server, tmp_path) == [["a", "b", "c", "d"], ["a", "b"], ["c", "d"]]
    assert processed(tmp_path) == ["a", "b", "c", "d", "last"]


def test_a_whole_failure_without_bisect_retries_the_same_batch(server: EmulatorProcess, tmp_path: Path) -> None:
    consume(server, tmp_path, ["a", "b"], {"FLAKY": "a,b"})
    wait_processed(tmp_path, 2)
    assert settled(server, tmp_path) == [["a", "b"], ["a", "b"]]


def test_reported_failures_are_ignored_unless_the_mapping_asks_for_them(server: EmulatorProcess, tmp_path: Path) -> None:
    """"Lambda does not process these responses unless ReportBatchItemFailures is explicitly turned on":
    BatchProcessor's answer is then a plain success, and the failed record is not retried."""
    consume(server, tmp_path, ["a", "b", "c"], {"POISON": "b"}, FunctionResponseTypes=[])
    wait_processed(tmp_path, 2)
    assert settled(server, tmp_path) == [["a", "b", "c"]]
    assert processed(tmp_path) == ["a", "c", "last"]
