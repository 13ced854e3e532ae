"""The TTL sweeper through a running emulator."""

from __future__ import annotations

import time

from emulator.testing import EmulatorProcess
from emulator.testing.process import wait_until


def test_sweeper_deletes_expired_items_with_a_service_remove_record() -> None:
    with EmulatorProcess("--ttl-interval", "0.2") as emulator:
        dynamodb = emulator.client("dynamodb")
        arn = dynamodb.create_table(
            TableName="sessions",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "OLD_IMAGE"},
        )["TableDescription"]["LatestStreamArn"]
        dynamodb.update_time_to_live(
            TableName="sessions", TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"}
        )
        now = int(time.time())
        dynamodb.put_item(TableName="sessions", Item={"id": {"S": "old"}, "expires": {"N": str(now - 10)}})
        dynamodb.put_item(TableName="sessions", Item={"id": {"S": "new"}, "expires": {"N": str(now + 3600)}})
        dynamodb.put_item(TableName="sessions", Item={"id": {"S": "none"}})

        wait_until(lambda: "Item" not in dynamodb.get_item(TableName="sessions", Key={"id": {"S": "old"}}), 3)
        remaining = sorted(i["id"]["S"] for i in dynamodb.scan(TableName="sessions")["Items"])
        assert remaining == ["new", "none"]

        streams = emulator.client("dynamodbstreams")
        shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
        records = streams.get_records(ShardIterator=iterator["ShardIterator"])["Records"]
        assert [r["eventName"] for r in records].count("INSERT") == 3
        (removal,) = [r for r in records if r["eventName"] == "REMOVE"]
        assert removal["userIdentity"] == {"PrincipalId": "dynamodb.amazonaws.com", "Type": "Service"}
        assert removal["dynamodb"]["OldImage"]["id"] == {"S": "old"}
        assert all("userIdentity" not in r for r in records if r is not removal)
