"""ReportBatchItemFailures on DynamoDB stream mappings, as AWS was recorded retrying."""

from __future__ import annotations

from typing import Any

from test_event_sources import copies, make_table, put

from emulator.testing.process import wait_until

#: Records every batch's keys, and reports every record whose key starts with "bad" as failed.
REPORTING = """
import boto3

table = boto3.resource("dynamodb").Table("copies")
calls = 0

def handler(event, context):
    global calls
    calls += 1
    ids = [r["dynamodb"]["Keys"]["id"]["S"] for r in event["Records"]]
    table.put_item(Item={"id": f"call-{calls}", "ids": ",".join(ids)})
    failed = [r for r in event["Records"] if r["dynamodb"]["Keys"]["id"]["S"].startswith("bad")]
    return {"batchItemFailures": [{"itemIdentifier": r["dynamodb"]["SequenceNumber"]} for r in failed]}
"""


def test_the_rest_of_a_partly_failed_batch_gets_retries_of_its_own(
    create_function: Any, lambda_client: Any, dynamodb: Any
) -> None:
    # LocalStack's AWS-validated snapshot test_lambda_integration_dynamodbstreams.snapshot.json::
    # TestDynamoDBEventSourceMapping::test_dynamodb_report_batch_item_failures (BatchSize 3,
    # MaximumRetryAttempts 3: the failing record arrives once in its batch, then 1 + 3 times alone).
    stream_arn = make_table(dynamodb, "reports", stream=True)
    make_table(dynamodb, "copies", stream=False)
    create_function("reporting", REPORTING, Timeout=30)
    for key in ("ok-1", "ok-2", "bad-1"):
        put(dynamodb, "reports", key)
    uuid = lambda_client.create_event_source_mapping(
        EventSourceArn=stream_arn,
        FunctionName="reporting",
        StartingPosition="TRIM_HORIZON",
        BatchSize=3,
        MaximumRetryAttempts=3,
        FunctionResponseTypes=["ReportBatchItemFailures"],
    )["UUID"]
    # Counting the partly failed batch against the retries would stop after four deliveries.
    calls = wait_until(lambda: len(c := copies(dynamodb)) >= 5 and c, timeout=30)
    assert [calls[f"call-{n}"]["ids"]["S"] for n in range(1, len(calls) + 1)] == [
        "ok-1,ok-2,bad-1",
        "bad-1",
        "bad-1",
        "bad-1",
        "bad-1",
    ]
    assert lambda_client.get_event_source_mapping(UUID=uuid)["LastProcessingResult"] == "PROBLEM: Function call failed"
