"""UpdateTable's answer while a capacity change is under way.

AWS's developer guide, UpdateTable of the 2011-12-05 API (API_UpdateTable_v20111205): "While
the table is in the UPDATING state, the table still has the provisioned throughput from before
the call"; its sample answer to a 5/15 request shows the table UPDATING with its old 5/10
capacity and the increase already dated. Adobe's ColdFusion updateTable example checks the
same (old capacity, UPDATING) against today's API.
"""

from __future__ import annotations

from typing import Any

from ddb_helpers import create_table


def test_a_capacity_change_answers_with_the_capacity_before_it(dynamodb: Any) -> None:
    create_table(dynamodb, "prov", BillingMode="PROVISIONED", ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 10})
    answer = dynamodb.update_table(TableName="prov", ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 15})
    description = answer["TableDescription"]
    assert description["TableStatus"] == "UPDATING"
    capacity = description["ProvisionedThroughput"]
    assert (capacity["ReadCapacityUnits"], capacity["WriteCapacityUnits"]) == (5, 10)
    assert "LastIncreaseDateTime" in capacity and capacity["NumberOfDecreasesToday"] == 0
    done = dynamodb.describe_table(TableName="prov")["Table"]
    assert done["TableStatus"] == "ACTIVE"
    assert (done["ProvisionedThroughput"]["ReadCapacityUnits"], done["ProvisionedThroughput"]["WriteCapacityUnits"]) == (5, 15)
    lowered = dynamodb.update_table(TableName="prov", ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    capacity = lowered["TableDescription"]["ProvisionedThroughput"]
    assert (capacity["ReadCapacityUnits"], capacity["WriteCapacityUnits"], capacity["NumberOfDecreasesToday"]) == (5, 15, 1)
