"""DynamoDB through the real AWS CLI (v1): the commands developers type, their JSON output and errors.

AWS CLI v1 exits 255 when the service answers an error and prints botocore's one-line summary,
``An error occurred (<Code>) when calling the <Operation> operation: <Message>``, on stderr.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from aws_cli import AwsCli

from emulator.testing import EmulatorProcess

KEYS = "AttributeName=Artist,KeyType=HASH", "AttributeName=SongTitle,KeyType=RANGE"
ATTRIBUTES = "AttributeName=Artist,AttributeType=S", "AttributeName=SongTitle,AttributeType=S"
SONG_KEY = json.dumps({"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "Happy Day"}})


@pytest.fixture
def cli(server: EmulatorProcess, tmp_path: Path) -> AwsCli:
    return AwsCli(server, tmp_path)


def create_table(dynamodb: Any, name: str, keys: dict[str, tuple[str, str]]) -> None:
    """Set-up through boto3 (``{attribute: (key type, attribute type)}``): the CLI runs only what is tested."""
    dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": attribute, "KeyType": kind} for attribute, (kind, _) in keys.items()],
        AttributeDefinitions=[
            {"AttributeName": attribute, "AttributeType": type_} for attribute, (_, type_) in keys.items()
        ],
        BillingMode="PAY_PER_REQUEST",
    )


def create_music_table(dynamodb: Any) -> None:
    create_table(dynamodb, "MusicCollection", {"Artist": ("HASH", "S"), "SongTitle": ("RANGE", "S")})


def put_songs(dynamodb: Any, titles: list[str]) -> None:
    for title in titles:
        dynamodb.put_item(TableName="MusicCollection", Item={"Artist": {"S": "Acme Band"}, "SongTitle": {"S": title}})


def test_create_table_with_shorthand_and_json_then_wait_describe_and_delete(cli: AwsCli) -> None:
    created = cli.json(
        "dynamodb", "create-table", "--table-name", "MusicCollection",
        "--attribute-definitions", *ATTRIBUTES, "--key-schema", *KEYS,
        "--provisioned-throughput", "ReadCapacityUnits=5,WriteCapacityUnits=5",
    )["TableDescription"]  # fmt: skip
    assert created["TableName"] == "MusicCollection"
    assert created["KeySchema"] == [
        {"AttributeName": "Artist", "KeyType": "HASH"},
        {"AttributeName": "SongTitle", "KeyType": "RANGE"},
    ]
    assert created["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    assert created["TableArn"] == "arn:aws:dynamodb:us-east-1:000000000000:table/MusicCollection"
    # DynamoDB writes its timestamps as epoch seconds with millisecond precision.
    assert round(created["CreationDateTime"], 3) == created["CreationDateTime"]

    index = {
        "IndexName": "ByYear",
        "KeySchema": [{"AttributeName": "Year", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "KEYS_ONLY"},
    }
    cli.run(
        "dynamodb", "create-table", "--table-name", "Albums",
        "--attribute-definitions",
        json.dumps([{"AttributeName": "Id", "AttributeType": "S"}, {"AttributeName": "Year", "AttributeType": "N"}]),
        "--key-schema", json.dumps([{"AttributeName": "Id", "KeyType": "HASH"}]),
        "--global-secondary-indexes", json.dumps([index]),
        "--billing-mode", "PAY_PER_REQUEST",
    )  # fmt: skip

    cli.run("dynamodb", "wait", "table-exists", "--table-name", "Albums")
    albums = cli.json("dynamodb", "describe-table", "--table-name", "Albums")["Table"]
    assert albums["TableStatus"] == "ACTIVE"
    assert albums["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert [(gsi["IndexName"], gsi["IndexStatus"]) for gsi in albums["GlobalSecondaryIndexes"]] == [("ByYear", "ACTIVE")]

    deleted = cli.json("dynamodb", "delete-table", "--table-name", "Albums")["TableDescription"]
    assert (deleted["TableName"], deleted["TableStatus"]) == ("Albums", "DELETING")
    cli.run("dynamodb", "wait", "table-not-exists", "--table-name", "Albums")


def test_put_get_query_scan_update_and_batch_write(cli: AwsCli, dynamodb: Any) -> None:
    create_music_table(dynamodb)
    item = {"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "Happy Day"}, "AlbumTitle": {"S": "Songs About Life"}}
    assert cli.json("dynamodb", "put-item", "--table-name", "MusicCollection", "--item", json.dumps(item)) is None
    got = cli.json("dynamodb", "get-item", "--table-name", "MusicCollection", "--key", SONG_KEY)
    assert got == {"Item": item}

    requests = {
        "MusicCollection": [
            {"PutRequest": {"Item": {"Artist": {"S": "Acme Band"}, "SongTitle": {"S": f"Track {n}"}, "Year": {"N": str(2000 + n)}}}}
            for n in range(3)
        ]
        + [{"PutRequest": {"Item": {"Artist": {"S": "No One You Know"}, "SongTitle": {"S": "Call Me Today"}}}}]
    }
    written = cli.json("dynamodb", "batch-write-item", "--request-items", "file://" + cli.file("batch.json", json.dumps(requests)))
    assert written == {"UnprocessedItems": {}}

    queried = cli.json(
        "dynamodb", "query", "--table-name", "MusicCollection",
        "--key-condition-expression", "Artist = :a AND begins_with(SongTitle, :t)",
        "--expression-attribute-values", '{":a": {"S": "Acme Band"}, ":t": {"S": "Track"}}',
        "--projection-expression", "SongTitle",
    )  # fmt: skip
    assert queried["Items"] == [{"SongTitle": {"S": f"Track {n}"}} for n in range(3)]
    assert (queried["Count"], queried["ScannedCount"]) == (3, 3)

    scanned = cli.json(
        "dynamodb", "scan", "--table-name", "MusicCollection",
        "--filter-expression", "#y >= :y", "--expression-attribute-names", '{"#y": "Year"}',
        "--expression-attribute-values", '{":y": {"N": "2001"}}',
    )  # fmt: skip
    assert sorted(found["SongTitle"]["S"] for found in scanned["Items"]) == ["Track 1", "Track 2"]
    assert (scanned["Count"], scanned["ScannedCount"]) == (2, 5)

    updated = cli.json(
        "dynamodb", "update-item", "--table-name", "MusicCollection", "--key", SONG_KEY,
        "--update-expression", "SET AlbumTitle = :t ADD Plays :one",
        "--expression-attribute-values", '{":t": {"S": "Updated Album"}, ":one": {"N": "1"}}',
        "--return-values", "ALL_NEW",
    )  # fmt: skip
    assert updated == {"Attributes": {**item, "AlbumTitle": {"S": "Updated Album"}, "Plays": {"N": "1"}}}


def test_query_pages_sum_counts_across_pages(cli: AwsCli, dynamodb: Any) -> None:
    create_music_table(dynamodb)
    put_songs(dynamodb, [f"Track {n}" for n in range(5)])
    query = (
        "dynamodb", "query", "--table-name", "MusicCollection", "--key-condition-expression", "Artist = :a",
        "--expression-attribute-values", '{":a": {"S": "Acme Band"}}', "--page-size", "2",
    )  # fmt: skip
    # The CLI follows LastEvaluatedKey page after page and adds up Count and ScannedCount.
    everything = cli.json(*query)
    assert [found["SongTitle"]["S"] for found in everything["Items"]] == [f"Track {n}" for n in range(5)]
    assert (everything["Count"], everything["ScannedCount"]) == (5, 5)

    first = cli.json(*query, "--max-items", "3")
    assert [found["SongTitle"]["S"] for found in first["Items"]] == ["Track 0", "Track 1", "Track 2"]
    rest = cli.json(*query, "--starting-token", first["NextToken"])
    assert [found["SongTitle"]["S"] for found in rest["Items"]] == ["Track 3", "Track 4"]
    assert "NextToken" not in rest


def test_scan_pages_resume_from_binary_keys(cli: AwsCli, dynamodb: Any) -> None:
    """CLI v1 sends a B value's text as the bytes themselves and prints blobs as base64; between pages it
    decodes LastEvaluatedKey's B values so that the key it resends is the one DynamoDB gave."""
    create_table(dynamodb, "Blobs", {"Id": ("HASH", "B")})
    keys = [f"key-{n}" for n in range(4)]
    for key in keys:
        dynamodb.put_item(TableName="Blobs", Item={"Id": {"B": key.encode()}})

    first = cli.json("dynamodb", "scan", "--table-name", "Blobs", "--page-size", "1", "--max-items", "2")
    rest = cli.json("dynamodb", "scan", "--table-name", "Blobs", "--page-size", "1", "--starting-token", first["NextToken"])
    seen = [found["Id"]["B"] for found in first["Items"] + rest["Items"]]
    assert sorted(seen) == [base64.b64encode(key.encode()).decode() for key in keys]
    assert len(first["Items"]) == 2


def test_list_tables_pages_with_page_size_max_items_and_next_token(cli: AwsCli, dynamodb: Any) -> None:
    names = [f"Table{n}" for n in range(5)]
    for name in names:
        create_table(dynamodb, name, {"pk": ("HASH", "S")})
    # Pages of two: the CLI follows LastEvaluatedTableName until it has three names, then prints its own token.
    first = cli.json("dynamodb", "list-tables", "--page-size", "2", "--max-items", "3")
    assert first["TableNames"] == names[:3]
    second = cli.json("dynamodb", "list-tables", "--page-size", "2", "--max-items", "3", "--starting-token", first["NextToken"])
    assert second == {"TableNames": names[3:]}


def test_service_errors_print_one_line_and_exit_255(cli: AwsCli, dynamodb: Any) -> None:
    create_music_table(dynamodb)
    put_songs(dynamodb, ["Happy Day"])

    conditional = cli.run(
        "dynamodb", "put-item", "--table-name", "MusicCollection", "--item", SONG_KEY,
        "--condition-expression", "attribute_not_exists(Artist)", check=False,
    )  # fmt: skip
    assert conditional.returncode == 255
    assert conditional.stdout == ""
    assert conditional.stderr.strip() == (
        "An error occurred (ConditionalCheckFailedException) when calling the PutItem operation: "
        "The conditional request failed"
    )

    missing = cli.run("dynamodb", "get-item", "--table-name", "NoSuchTable", "--key", SONG_KEY, check=False)
    assert missing.returncode == 255
    assert missing.stderr.strip() == (
        "An error occurred (ResourceNotFoundException) when calling the GetItem operation: Requested resource not found"
    )
