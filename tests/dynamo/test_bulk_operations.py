"""StartBulkPutItems and DescribeBulkOperation: S3-style folders loaded into an existing table,
each record put as PutItem puts it, the failures counted and reported."""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from bulk_helpers import BulkEmulator, item, lines
from ddb_helpers import create_table, error_of

from emulator.testing import EmulatorProcess


@pytest.fixture(scope="module")
def bulk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BulkEmulator]:
    data = tmp_path_factory.mktemp("data")
    with EmulatorProcess("--data-dir", str(data)) as process:
        yield BulkEmulator(process, data)


@pytest.fixture(autouse=True)
def _fresh(bulk: BulkEmulator) -> None:
    bulk.process.reset()


def test_every_object_under_the_prefix_is_put_and_the_operation_completes(bulk: BulkEmulator) -> None:
    create_table(bulk.dynamodb, "target")
    bulk.dynamodb.put_item(TableName="target", Item={"pk": {"S": "a"}, "v": {"S": "old"}})
    one = lines(item("a", v={"S": "new"}), item("b"))
    two = lines(item("c"), item("d", n={"N": "1.50"}))
    bulk.put_object("in", "load/one.json", one)
    bulk.put_object("in", "load/sub/two", two)
    bulk.put_object("in", "elsewhere.json", lines(item("never")))
    started = bulk.start("target", "in", source={"S3KeyPrefix": "load/"})
    assert started["BulkOperationStatus"] == "IN_PROGRESS"
    assert started["BulkOperationArn"].startswith("arn:aws:dynamodb:us-east-1:000000000000:table/target/")
    assert "EndTime" not in started
    done = bulk.finished(started["BulkOperationArn"])
    assert (done["BulkOperationStatus"], done["ProcessedItemCount"], done["FailedItemCount"]) == ("COMPLETED", 4, 0)
    assert done["ProcessedInputBytes"] == done["TotalInputBytes"] == len(one) + len(two)
    assert bulk.keys("target") == ["a", "b", "c", "d"]
    assert bulk.dynamodb.get_item(TableName="target", Key={"pk": {"S": "a"}})["Item"]["v"] == {"S": "new"}
    assert bulk.dynamodb.get_item(TableName="target", Key={"pk": {"S": "d"}})["Item"]["n"] == {"N": "1.5"}


def test_gzip_objects_and_an_object_that_is_not_gzip(bulk: BulkEmulator) -> None:
    create_table(bulk.dynamodb, "zipped")
    bulk.put_object("zipped-in", "a.json.gz", gzip.compress(lines(item("z1"), item("z2"))))
    bulk.put_object("zipped-in", "b.json", lines(item("plain")))
    done = bulk.finished(bulk.start("zipped", "zipped-in", source={"InputCompressionType": "GZIP"})["BulkOperationArn"])
    assert (done["BulkOperationStatus"], done["ProcessedItemCount"], done["FailedItemCount"]) == ("COMPLETED_WITH_ERRORS", 3, 1)
    assert bulk.keys("zipped") == ["z1", "z2"]
    [error] = bulk.report(done, "errors.json")
    assert error["s3Key"] == "b.json" and "lineNumber" not in error


ION = rb"""$ion_1_0 {Item:{pk:"ion1",n:103.,big:6d2,ok:true,none:null,b:{{aGVsbG8=}},tags:$dynamodb_SS::["x","y"],
  nums:$dynamodb_NS::[1,2.5],l:[1,'sym',{k:0x10}]}}
$ion_1_0 {Item:{pk:"ion2", 'quoted name':'''long ''' '''text'''}} // a comment
{Item:{pk:"broken",}
{Item:{pk:"ion1",n:1}, ConditionExpression:"attribute_not_exists(pk)"}
"""


def test_ion_objects_are_read_as_dynamodb_maps_ion(bulk: BulkEmulator) -> None:
    create_table(bulk.dynamodb, "ionic")
    bulk.put_object("ion-in", "data.ion", ION)
    done = bulk.finished(bulk.start("ionic", "ion-in", source={"InputFormat": "ION"})["BulkOperationArn"])
    assert (done["BulkOperationStatus"], done["ProcessedItemCount"], done["FailedItemCount"]) == ("COMPLETED_WITH_ERRORS", 4, 1)
    first = bulk.dynamodb.get_item(TableName="ionic", Key={"pk": {"S": "ion1"}})["Item"]
    assert first == {
        "pk": {"S": "ion1"}, "n": {"N": "103"}, "big": {"N": "600"}, "ok": {"BOOL": True}, "none": {"NULL": True},
        "b": {"B": b"hello"}, "tags": {"SS": ["x", "y"]}, "nums": {"NS": ["1", "2.5"]},
        "l": {"L": [{"N": "1"}, {"S": "sym"}, {"M": {"k": {"N": "16"}}}]},
    }
    second = bulk.dynamodb.get_item(TableName="ionic", Key={"pk": {"S": "ion2"}})["Item"]
    assert second["quoted name"] == {"S": "long text"}
    [error] = bulk.report(done, "errors.json")
    assert error["lineNumber"] == 4
    [condition] = bulk.report(done, "condition-check-failures.json")
    assert (condition["lineNumber"], condition["attemptedItem"]) == (5, {"pk": {"S": "ion1"}, "n": {"N": "1"}})


def test_the_description_echoes_the_request_with_its_defaults(bulk: BulkEmulator) -> None:
    table = create_table(bulk.dynamodb, "echo")
    bulk.put_object("echo-in", "data.json", lines(item("x")))
    output = {"S3Bucket": "reports", "S3KeyPrefix": "runs", "OutputType": ["ERROR"]}
    started = bulk.start(table["TableArn"], "echo-in", output=output, MaxWriteRequestUnits=2048, ClientToken="token-1")
    done = bulk.finished(started["BulkOperationArn"])
    assert done["TableDetails"] == [{"TableName": "echo", "TableId": table["TableId"]}]
    assert done["InputS3Configuration"] == {"S3Bucket": "echo-in", "InputFormat": "DYNAMODB_JSON", "InputCompressionType": "NONE"}
    assert done["OutputS3Configuration"] == output
    assert (done["MaxWriteRequestUnits"], done["PerformanceTier"], done["ClientToken"]) == (2048, "STANDARD", "token-1")
    assert done["StartTime"] <= done["EndTime"]
    usage = done["BulkOperationUsage"][0]
    assert usage["TableName"] == "echo" and usage["BulkPutBytes"] == usage["Table"]["BulkPutBytes"] > 0
    assert "FailureCode" not in done


def test_usage_counts_the_table_and_each_index_the_items_reached(bulk: BulkEmulator) -> None:
    create_table(
        bulk.dynamodb, "indexed", range_key=("sk", "N"),
        ExtraDefinitions=[{"AttributeName": "g", "AttributeType": "S"}, {"AttributeName": "l", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "KEYS_ONLY"}}],
        LocalSecondaryIndexes=[{"IndexName": "by-l", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                                                   {"AttributeName": "l", "KeyType": "RANGE"}],
                                "Projection": {"ProjectionType": "ALL"}}],
    )
    body = lines(
        {"Item": {"pk": {"S": "a"}, "sk": {"N": "1"}, "g": {"S": "x"}, "l": {"S": "y"}, "pad": {"S": "p" * 500}}},
        {"Item": {"pk": {"S": "b"}, "sk": {"N": "2"}, "pad": {"S": "p" * 500}}},
    )
    bulk.put_object("indexed-in", "data.json", body)
    done = bulk.finished(bulk.start("indexed", "indexed-in")["BulkOperationArn"])
    [usage] = done["BulkOperationUsage"]
    table, gsi, lsi = (usage["Table"]["BulkPutBytes"], usage["GlobalSecondaryIndexes"]["by-g"]["BulkPutBytes"],
                       usage["LocalSecondaryIndexes"]["by-l"]["BulkPutBytes"])
    assert table > lsi > gsi > 0  # the LSI holds one whole item, the GSI one item's keys
    assert usage["BulkPutBytes"] == table + gsi + lsi


def test_malformed_and_invalid_records_are_counted_and_reported_with_put_items_words(bulk: BulkEmulator) -> None:
    create_table(bulk.dynamodb, "strict", range_key=("sk", "N"))
    wrong_type = {"pk": {"S": "w"}, "sk": {"S": "not a number"}}
    with pytest.raises(ClientError) as put_item_said:
        bulk.dynamodb.put_item(TableName="strict", Item=wrong_type)
    body = lines(
        {"Item": {"pk": {"S": "good1"}, "sk": {"N": "1"}}},
        '{"Item": {"pk": {"S": "broken"',
        {"NotItem": {"pk": {"S": "x"}}},
        {"Item": wrong_type},
        {"Item": {"pk": {"S": "no sort key"}}},
        {"Item": {"pk": {"S": "good2"}, "sk": {"N": "2"}}},
    )
    bulk.put_object("mixed", "records.json", body)
    done = bulk.finished(bulk.start("strict", "mixed")["BulkOperationArn"])
    assert done["BulkOperationStatus"] == "COMPLETED_WITH_ERRORS"
    assert (done["ProcessedItemCount"], done["FailedItemCount"]) == (6, 4)
    assert bulk.keys("strict") == ["good1", "good2"]
    errors = bulk.report(done, "errors.json")
    assert [e["lineNumber"] for e in errors] == [2, 3, 4, 5]
    assert {e["s3Key"] for e in errors} == {"records.json"}
    assert errors[0]["record"] == '{"Item": {"pk": {"S": "broken"'
    assert (errors[2]["errorCode"], errors[2]["errorMessage"]) == error_of(put_item_said)
    assert errors[3]["errorCode"] == "ValidationException"


def test_a_record_whose_condition_fails_is_reported_with_the_existing_item_and_is_no_error(bulk: BulkEmulator) -> None:
    create_table(bulk.dynamodb, "guarded")
    bulk.dynamodb.put_item(TableName="guarded", Item={"pk": {"S": "taken"}, "v": {"S": "first"}})
    guard = {"ConditionExpression": "attribute_not_exists(#k)", "ExpressionAttributeNames": {"#k": "pk"}}
    body = lines({**item("taken", v={"S": "second"}), **guard}, {**item("free"), **guard})
    bulk.put_object("conditional", "data.json", body)
    done = bulk.finished(bulk.start("guarded", "conditional")["BulkOperationArn"])
    assert (done["BulkOperationStatus"], done["ProcessedItemCount"], done["FailedItemCount"]) == ("COMPLETED", 2, 0)
    assert bulk.dynamodb.get_item(TableName="guarded", Key={"pk": {"S": "taken"}})["Item"]["v"] == {"S": "first"}
    assert bulk.keys("guarded") == ["free", "taken"]
    [failure] = bulk.report(done, "condition-check-failures.json")
    assert failure["attemptedItem"] == {"pk": {"S": "taken"}, "v": {"S": "second"}}
    assert failure["existingItem"] == {"pk": {"S": "taken"}, "v": {"S": "first"}}
    assert failure["lineNumber"] == 1


def test_the_manifest_summary_names_the_report_files(bulk: BulkEmulator) -> None:
    create_table(bulk.dynamodb, "summarised")
    bulk.put_object("summary-in", "data.json", lines(item("ok"), "not json"))
    done = bulk.finished(bulk.start("summarised", "summary-in")["BulkOperationArn"])
    operation_id = done["BulkOperationArn"].rsplit("/", 1)[-1]
    summary = (bulk.s3 / "reports" / "AWSDynamoDB" / operation_id / "manifest-summary.json").read_text()
    assert '"status": "COMPLETED_WITH_ERRORS"' in summary
    assert f'"s3Key": "AWSDynamoDB/{operation_id}/errors.json"' in summary
    assert "condition-check-failures.json" not in summary


def test_items_reach_the_tables_stream(bulk: BulkEmulator) -> None:
    bulk.dynamodb.create_table(
        TableName="streamed", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
    )
    bulk.put_object("streamed-in", "data.json", lines(item("s1"), item("s2")))
    bulk.finished(bulk.start("streamed", "streamed-in")["BulkOperationArn"])
    streams = bulk.process.client("dynamodbstreams")
    arn = bulk.dynamodb.describe_table(TableName="streamed")["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = streams.get_records(ShardIterator=iterator)["Records"]
    assert [(r["eventName"], r["dynamodb"]["Keys"]["pk"]["S"]) for r in records] == [("INSERT", "s1"), ("INSERT", "s2")]


def test_a_missing_bucket_fails_the_operation(bulk: BulkEmulator) -> None:
    create_table(bulk.dynamodb, "orphan")
    done = bulk.finished(bulk.start("orphan", "no-such-bucket")["BulkOperationArn"])
    assert (done["BulkOperationStatus"], done["FailureCode"]) == ("FAILED", "S3NoSuchBucket")
    assert done["FailureMessage"] == "The specified bucket does not exist"


def test_refusals_at_start(bulk: BulkEmulator) -> None:
    with pytest.raises(ClientError) as missing:
        bulk.start("no-such-table", "in")
    assert error_of(missing) == ("ResourceNotFoundException", "Requested resource not found: Table: no-such-table not found")
    create_table(bulk.dynamodb, "formats")
    with pytest.raises(ClientError) as zstd:
        bulk.start("formats", "in", source={"InputCompressionType": "ZSTD"})
    assert error_of(zstd)[0] == "ValidationException"
    unchecked = bulk.process.client("dynamodb", config=Config(parameter_validation=False))
    with pytest.raises(ClientError) as too_slow:
        unchecked.start_bulk_put_items(
            TableName="formats", InputS3Configuration={"S3Bucket": "in", "InputFormat": "DYNAMODB_JSON"},
            OutputS3Configuration={"OutputType": ["ERROR"]}, MaxWriteRequestUnits=10,
        )
    assert error_of(too_slow) == (
        "ValidationException",
        "1 validation error detected: Value '10' at 'maxWriteRequestUnits' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1024",
    )


def test_describing_an_unknown_operation_is_not_found(bulk: BulkEmulator) -> None:
    arn = "arn:aws:dynamodb:us-east-1:000000000000:table/t/bulk-operation/00000000000000-deadbeef"
    with pytest.raises(ClientError) as caught:
        bulk.describe(arn)
    assert error_of(caught) == ("ResourceNotFoundException", f"Requested resource not found: BulkOperation: {arn} not found")
