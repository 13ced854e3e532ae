"""Global tables with multi-Region strong consistency (MRSC): set up by one UpdateTable in exactly
three Regions of one Region set, read and written in any replica, taken apart again; the AWS CLI
scenario of the code library (us-east-2 table, us-east-1 replica, us-west-2 witness) end to end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess
from emulator.testing.process import wait_until

TABLE = "MusicTable"
OHIO, VIRGINIA, OREGON, IRELAND = "us-east-2", "us-east-1", "us-west-2", "eu-west-1"
KEY = {"Artist": {"S": "The Beatles"}, "SongTitle": {"S": "Hey Jude"}}
THREE_REGIONS = (
    "A global table with multi-Region strong consistency must be deployed in exactly three Regions: "
    "three replicas, or two replicas and one witness."
)


def create(client: Any, **extra: Any) -> None:
    client.create_table(
        TableName=TABLE,
        AttributeDefinitions=[
            {"AttributeName": "Artist", "AttributeType": "S"},
            {"AttributeName": "SongTitle", "AttributeType": "S"},
        ],
        KeySchema=[{"AttributeName": "Artist", "KeyType": "HASH"}, {"AttributeName": "SongTitle", "KeyType": "RANGE"}],
        BillingMode="PAY_PER_REQUEST",
        **extra,
    )


def make_strong(client: Any, replicas: list[str], witness: str | None = None) -> dict[str, Any]:
    params: dict[str, Any] = {
        "TableName": TABLE,
        "ReplicaUpdates": [{"Create": {"RegionName": region}} for region in replicas],
        "MultiRegionConsistency": "STRONG",
    }
    if witness:
        params["GlobalTableWitnessUpdates"] = [{"Create": {"RegionName": witness}}]
    return client.update_table(**params)["TableDescription"]


def error_of(call: Any, *args: Any, **params: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as raised:
        call(*args, **params)
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


@pytest.fixture
def ohio(server: EmulatorProcess) -> Any:
    return server.client("dynamodb", region_name=OHIO)


@pytest.fixture
def virginia(server: EmulatorProcess) -> Any:
    return server.client("dynamodb", region_name=VIRGINIA)


@pytest.fixture
def oregon(server: EmulatorProcess) -> Any:
    return server.client("dynamodb", region_name=OREGON)


def test_the_code_library_scenario_end_to_end(ohio: Any, virginia: Any, oregon: Any) -> None:
    create(ohio)
    answer = make_strong(ohio, [VIRGINIA], witness=OREGON)
    assert answer["TableStatus"] == "UPDATING"
    assert answer["MultiRegionConsistency"] == "STRONG"
    # Like a new replica, the new witness is listed once it exists (at once here).
    assert answer["Replicas"] == [] and "GlobalTableWitnesses" not in answer

    table = ohio.describe_table(TableName=TABLE)["Table"]
    assert table["TableStatus"] == "ACTIVE"
    assert table["GlobalTableVersion"] == "2019.11.21"
    assert table["MultiRegionConsistency"] == "STRONG"
    assert table["Replicas"] == [{"RegionName": VIRGINIA, "ReplicaStatus": "ACTIVE"}]
    assert table["GlobalTableWitnesses"] == [{"RegionName": OREGON, "WitnessStatus": "ACTIVE"}]
    replica = virginia.describe_table(TableName=TABLE)["Table"]
    assert replica["MultiRegionConsistency"] == "STRONG"
    assert replica["Replicas"] == [{"RegionName": OHIO, "ReplicaStatus": "ACTIVE"}]
    assert replica["GlobalTableWitnesses"] == [{"RegionName": OREGON, "WitnessStatus": "ACTIVE"}]
    # A witness holds no table anyone can read or write.
    assert error_of(oregon.describe_table, TableName=TABLE)[0] == "ResourceNotFoundException"
    assert TABLE not in oregon.list_tables()["TableNames"]

    ohio.put_item(TableName=TABLE, Item={**KEY, "Album": {"S": "The Beatles 1967-1970"}, "Year": {"N": "1968"}})
    read = virginia.get_item(TableName=TABLE, Key=KEY, ConsistentRead=True)["Item"]
    assert read["Album"] == {"S": "The Beatles 1967-1970"}

    # Conditional writes are checked against the latest version, whichever Region wrote it.
    code, _ = error_of(virginia.put_item, TableName=TABLE, Item=KEY, ConditionExpression="attribute_not_exists(Artist)")
    assert code == "ConditionalCheckFailedException"
    virginia.update_item(
        TableName=TABLE, Key=KEY, UpdateExpression="SET #y = :new", ConditionExpression="#y = :old",
        ExpressionAttributeNames={"#y": "Year"}, ExpressionAttributeValues={":new": {"N": "1969"}, ":old": {"N": "1968"}},
    )
    assert ohio.get_item(TableName=TABLE, Key=KEY, ConsistentRead=True)["Item"]["Year"] == {"N": "1969"}

    # Cleanup: the replica and the witness go together, leaving a single-Region table.
    answer = ohio.update_table(
        TableName=TABLE,
        ReplicaUpdates=[{"Delete": {"RegionName": VIRGINIA}}],
        GlobalTableWitnessUpdates=[{"Delete": {"RegionName": OREGON}}],
    )["TableDescription"]
    assert answer["TableStatus"] == "UPDATING"
    assert answer["Replicas"] == [{"RegionName": VIRGINIA, "ReplicaStatus": "ACTIVE"}]
    assert answer["GlobalTableWitnesses"] == [{"RegionName": OREGON, "WitnessStatus": "DELETING"}]
    assert error_of(virginia.describe_table, TableName=TABLE)[0] == "ResourceNotFoundException"
    single = ohio.describe_table(TableName=TABLE)["Table"]
    for member in ("GlobalTableVersion", "Replicas", "MultiRegionConsistency", "GlobalTableWitnesses"):
        assert member not in single
    assert ohio.get_item(TableName=TABLE, Key=KEY)["Item"]["Year"] == {"N": "1969"}
    ohio.delete_table(TableName=TABLE)


def test_three_replicas_in_one_request(ohio: Any, virginia: Any, oregon: Any) -> None:
    create(virginia)
    make_strong(virginia, [OHIO, OREGON])
    for client, others in ((virginia, [OHIO, OREGON]), (ohio, [VIRGINIA, OREGON]), (oregon, [VIRGINIA, OHIO])):
        table = client.describe_table(TableName=TABLE)["Table"]
        assert table["MultiRegionConsistency"] == "STRONG"
        assert sorted(r["RegionName"] for r in table["Replicas"]) == sorted(others)
        assert "GlobalTableWitnesses" not in table
    oregon.put_item(TableName=TABLE, Item={**KEY, "n": {"N": "1"}})
    ohio.update_item(TableName=TABLE, Key=KEY, UpdateExpression="ADD n :one", ExpressionAttributeValues={":one": {"N": "1"}})
    for client in (ohio, virginia, oregon):
        assert client.get_item(TableName=TABLE, Key=KEY, ConsistentRead=True)["Item"]["n"] == {"N": "2"}
    # Taking it apart leaves one single-Region table: both other replicas in one request.
    code, message = error_of(virginia.update_table, TableName=TABLE, ReplicaUpdates=[{"Delete": {"RegionName": OHIO}}])
    assert (code, message) == (
        "ValidationException",
        "Removing Regions from a global table with multi-Region strong consistency must leave a single-Region "
        "table: delete the other replicas in one request.",
    )
    virginia.update_table(
        TableName=TABLE, ReplicaUpdates=[{"Delete": {"RegionName": OHIO}}, {"Delete": {"RegionName": OREGON}}]
    )
    assert "GlobalTableVersion" not in virginia.describe_table(TableName=TABLE)["Table"]
    assert TABLE not in ohio.list_tables()["TableNames"]


def test_setup_refusals(ohio: Any, virginia: Any, server: EmulatorProcess) -> None:
    create(ohio)
    refusals = [
        ({"ReplicaUpdates": [{"Create": {"RegionName": VIRGINIA}}], "MultiRegionConsistency": "STRONG"}, THREE_REGIONS),
        (
            {
                "ReplicaUpdates": [{"Create": {"RegionName": VIRGINIA}}, {"Create": {"RegionName": OREGON}}],
                "GlobalTableWitnessUpdates": [{"Create": {"RegionName": "us-west-1"}}],
                "MultiRegionConsistency": "STRONG",
            },
            THREE_REGIONS,
        ),
        (
            {
                "ReplicaUpdates": [{"Create": {"RegionName": IRELAND}}],
                "GlobalTableWitnessUpdates": [{"Create": {"RegionName": OREGON}}],
                "MultiRegionConsistency": "STRONG",
            },
            "All Regions of a global table with multi-Region strong consistency must be in the same Region set "
            "(US, EU or AP): [eu-west-1, us-east-2, us-west-2].",
        ),
        (
            {
                "ReplicaUpdates": [{"Create": {"RegionName": VIRGINIA}}],
                "GlobalTableWitnessUpdates": [{"Create": {"RegionName": "us-west-1"}}],
                "MultiRegionConsistency": "STRONG",
            },
            "Multi-Region strong consistency is not supported in Region us-west-1. Supported Region sets: "
            "US: [us-east-1, us-east-2, us-west-2]; EU: [eu-west-1, eu-west-2, eu-west-3, eu-central-1]; "
            "AP: [ap-northeast-1, ap-northeast-2, ap-northeast-3]",
        ),
        (
            {
                "ReplicaUpdates": [{"Create": {"RegionName": VIRGINIA}}],
                "GlobalTableWitnessUpdates": [{"Create": {"RegionName": VIRGINIA}}],
                "MultiRegionConsistency": "STRONG",
            },
            "The witness Region us-east-1 must be different from the replica Regions.",
        ),
        (
            {"MultiRegionConsistency": "STRONG"},
            "MultiRegionConsistency is only valid when you create a global table by specifying one or more "
            "Create actions in the ReplicaUpdates action list.",
        ),
        (
            {"ReplicaUpdates": [{"Create": {"RegionName": VIRGINIA}}], "GlobalTableWitnessUpdates": [{"Create": {"RegionName": OREGON}}]},
            "A witness can only be added when creating a global table with MultiRegionConsistency set to STRONG.",
        ),
        (
            {"GlobalTableWitnessUpdates": [{"Delete": {"RegionName": OREGON}}]},
            f"Witness Region us-west-2 is not part of the global table {TABLE}.",
        ),
    ]
    for params, message in refusals:
        assert error_of(ohio.update_table, TableName=TABLE, **params) == ("ValidationException", message), params
    # Nothing was created by the refused requests.
    assert "GlobalTableVersion" not in ohio.describe_table(TableName=TABLE)["Table"]
    assert TABLE not in virginia.list_tables()["TableNames"]

    ohio.put_item(TableName=TABLE, Item=KEY)
    assert error_of(make_strong, ohio, [VIRGINIA], OREGON) == (
        "ValidationException", "The table must be empty to create a global table with multi-Region strong consistency."
    )


def test_an_eventual_global_table_stays_eventual(ohio: Any, virginia: Any) -> None:
    create(ohio)
    answer = ohio.update_table(
        TableName=TABLE, ReplicaUpdates=[{"Create": {"RegionName": VIRGINIA}}], MultiRegionConsistency="EVENTUAL"
    )["TableDescription"]
    assert answer["MultiRegionConsistency"] == "EVENTUAL"
    assert virginia.describe_table(TableName=TABLE)["Table"]["MultiRegionConsistency"] == "EVENTUAL"
    assert error_of(make_strong, ohio, [OREGON]) == (
        "ValidationException", "The consistency mode of an existing global table cannot be changed."
    )


def test_what_a_strong_table_refuses(ohio: Any, virginia: Any, oregon: Any, server: EmulatorProcess) -> None:
    with_lsi = {
        "LocalSecondaryIndexes": [
            {
                "IndexName": "by-year",
                "KeySchema": [{"AttributeName": "Artist", "KeyType": "HASH"}, {"AttributeName": "Year", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "ALL"},
            }
        ]
    }
    irish = server.client("dynamodb", region_name=IRELAND)
    irish.create_table(
        TableName=TABLE,
        AttributeDefinitions=[
            {"AttributeName": "Artist", "AttributeType": "S"},
            {"AttributeName": "SongTitle", "AttributeType": "S"},
            {"AttributeName": "Year", "AttributeType": "N"},
        ],
        KeySchema=[{"AttributeName": "Artist", "KeyType": "HASH"}, {"AttributeName": "SongTitle", "KeyType": "RANGE"}],
        BillingMode="PAY_PER_REQUEST",
        **with_lsi,
    )
    assert error_of(make_strong, irish, ["eu-west-2", "eu-west-3"]) == (
        "ValidationException", "Local secondary indexes are not supported for global tables with multi-Region strong consistency."
    )

    create(ohio)
    ohio.update_time_to_live(TableName=TABLE, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"})
    assert error_of(make_strong, ohio, [VIRGINIA], OREGON) == (
        "ValidationException", "Time to Live is not supported for global tables with multi-Region strong consistency."
    )
    # TTL takes one change in about 31 minutes, so disabling it right away is refused: a fresh table goes strong.
    ohio.delete_table(TableName=TABLE)
    create(ohio)
    make_strong(ohio, [VIRGINIA], OREGON)

    ttl = ("ValidationException", "Time to Live is not supported for global tables with multi-Region strong consistency.")
    assert error_of(
        virginia.update_time_to_live, TableName=TABLE, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"}
    ) == ttl
    transactions = ("ValidationException", "Transactions are not supported for global tables with multi-Region strong consistency.")
    assert error_of(virginia.transact_write_items, TransactItems=[{"Put": {"TableName": TABLE, "Item": KEY}}]) == transactions
    assert error_of(ohio.transact_get_items, TransactItems=[{"Get": {"TableName": TABLE, "Key": KEY}}]) == transactions
    statement = f"INSERT INTO \"{TABLE}\" VALUE {{'Artist': 'a', 'SongTitle': 's'}}"
    assert error_of(ohio.execute_transaction, TransactStatements=[{"Statement": statement}]) == transactions
    assert "Item" not in ohio.get_item(TableName=TABLE, Key=KEY, ConsistentRead=True)

    # No new member, and the witness goes only with a replica.
    adding = (
        "ValidationException",
        "Replicas and witnesses cannot be added to an existing global table with multi-Region strong consistency.",
    )
    assert error_of(ohio.update_table, TableName=TABLE, ReplicaUpdates=[{"Create": {"RegionName": OREGON}}]) == adding
    assert error_of(
        ohio.update_table, TableName=TABLE, GlobalTableWitnessUpdates=[{"Delete": {"RegionName": OREGON}}]
    ) == ("ValidationException", "A witness can only be deleted together with a replica.")
    assert error_of(ohio.update_table, TableName=TABLE, ReplicaUpdates=[{"Delete": {"RegionName": VIRGINIA}}]) == (
        "ValidationException",
        "Removing Regions from a global table with multi-Region strong consistency must leave a single-Region "
        "table: delete the other replicas and the witness in one request.",
    )
    # The witness is no replica: ReplicaUpdates cannot name it.
    assert error_of(ohio.update_table, TableName=TABLE, ReplicaUpdates=[{"Delete": {"RegionName": OREGON}}]) == (
        "ValidationException",
        "Update global table operation failed because one or more replicas were not part of the global table. "
        "Please retry the request without these replicas: [us-west-2].",
    )
    assert oregon.list_tables()["TableNames"] == []


def test_streams_are_optional_on_strong_replicas(ohio: Any, virginia: Any) -> None:
    create(ohio)
    make_strong(ohio, [VIRGINIA], OREGON)
    for client in (ohio, virginia):
        assert "StreamSpecification" not in client.describe_table(TableName=TABLE)["Table"]
    virginia.update_table(TableName=TABLE, StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
    virginia.update_table(TableName=TABLE, StreamSpecification={"StreamEnabled": False})
    assert "StreamSpecification" not in virginia.describe_table(TableName=TABLE)["Table"]


def test_deleting_a_strong_replica_leaves_single_region_tables(ohio: Any, virginia: Any, oregon: Any) -> None:
    create(ohio)
    make_strong(ohio, [VIRGINIA, OREGON])
    ohio.put_item(TableName=TABLE, Item=KEY)
    virginia.delete_table(TableName=TABLE)
    for client in (ohio, oregon):
        table = client.describe_table(TableName=TABLE)["Table"]
        assert "GlobalTableVersion" not in table and "MultiRegionConsistency" not in table
        assert "Item" in client.get_item(TableName=TABLE, Key=KEY)
    ohio.delete_item(TableName=TABLE, Key=KEY)
    assert "Item" in oregon.get_item(TableName=TABLE, Key=KEY)  # no longer replicated


def test_strong_reads_see_the_latest_write_in_every_region_despite_replication_lag() -> None:
    with EmulatorProcess("--consistency", "eventual", "--replication-lag-ms", "60000") as server:
        ohio, virginia = server.client("dynamodb", region_name=OHIO), server.client("dynamodb", region_name=VIRGINIA)
        create(ohio)
        make_strong(ohio, [VIRGINIA], OREGON)
        for n in range(5):
            virginia.put_item(TableName=TABLE, Item={**KEY, "n": {"N": str(n)}})
            for client in (ohio, virginia):
                assert client.get_item(TableName=TABLE, Key=KEY, ConsistentRead=True)["Item"]["n"] == {"N": str(n)}


def test_a_strong_table_survives_a_restart(tmp_path: Path) -> None:
    data_dir = str(tmp_path / "data")
    with EmulatorProcess("--data-dir", data_dir) as first:
        create(first.client("dynamodb", region_name=OHIO))
        make_strong(first.client("dynamodb", region_name=OHIO), [VIRGINIA], OREGON)
    with EmulatorProcess("--data-dir", data_dir) as second:
        virginia = second.client("dynamodb", region_name=VIRGINIA)
        table = virginia.describe_table(TableName=TABLE)["Table"]
        assert table["MultiRegionConsistency"] == "STRONG"
        assert table["GlobalTableWitnesses"] == [{"RegionName": OREGON, "WitnessStatus": "ACTIVE"}]
        virginia.put_item(TableName=TABLE, Item=KEY)
        ohio = second.client("dynamodb", region_name=OHIO)
        assert "Item" in ohio.get_item(TableName=TABLE, Key=KEY, ConsistentRead=True)


def test_a_new_witness_is_creating_for_the_table_delay() -> None:
    with EmulatorProcess("--table-delay-ms", "400") as server:
        ohio = server.client("dynamodb", region_name=OHIO)
        create(ohio)
        wait_until(lambda: ohio.describe_table(TableName=TABLE)["Table"]["TableStatus"] == "ACTIVE")
        make_strong(ohio, [VIRGINIA], OREGON)
        table = ohio.describe_table(TableName=TABLE)["Table"]
        assert table["Replicas"] == [{"RegionName": VIRGINIA, "ReplicaStatus": "CREATING"}]
        assert table["GlobalTableWitnesses"] == [{"RegionName": OREGON, "WitnessStatus": "CREATING"}]
        assert wait_until(
            lambda: ohio.describe_table(TableName=TABLE)["Table"]["GlobalTableWitnesses"][0]["WitnessStatus"] == "ACTIVE"
        )
