"""DynamoDB answers as LocalStack's AWS-validated snapshots recorded them.

Source: localstack/localstack tests/aws/services/dynamodb/test_dynamodb.snapshot.json (requests in
test_dynamodb.py beside it) and, for DescribeTable after creation, the CloudFormation resource tests'
tests/aws/services/dynamodb/resources/test_dynamodb.snapshot.json (recorded 2025-04-11).
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess

SNAPSHOT = "tests/aws/services/dynamodb/test_dynamodb.snapshot.json::TestDynamoDB"
THROUGHPUT = {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
TAGS = [{"Key": "Name", "Value": "test-table"}, {"Key": "TestKey", "Value": "true"}]
KEY_ARN = re.compile(r"^arn:aws:kms:us-east-1:000000000000:key/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def hash_table(dynamodb: Any, name: str, key: str = "id", **extra: Any) -> dict[str, Any]:
    extra.setdefault("ProvisionedThroughput", THROUGHPUT)
    return dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": key, "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"}],
        **extra,
    )["TableDescription"]


def body(response: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def failure(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[int, dict[str, Any]]:
    response = dict(excinfo.value.response)
    return response.pop("ResponseMetadata")["HTTPStatusCode"], response


# LocalStack's AWS-validated snapshot test_dynamodb.snapshot.json::test_dynamodb_create_table_with_partial_sse_specification
def test_disabling_kms_encryption_answers_updating_with_the_key_being_left(dynamodb: Any) -> None:
    created = hash_table(dynamodb, "sse_table", SSESpecification={"Enabled": True}, Tags=TAGS)
    encryption = created["SSEDescription"]
    assert encryption["Status"] == "ENABLED" and encryption["SSEType"] == "KMS"
    assert KEY_ARN.match(encryption["KMSMasterKeyArn"])
    updated = dynamodb.update_table(TableName="sse_table", SSESpecification={"Enabled": False})["TableDescription"]
    assert updated["SSEDescription"] == {**encryption, "Status": "UPDATING"}
    assert "SSEDescription" not in dynamodb.describe_table(TableName="sse_table")["Table"]


# LocalStack's AWS-validated snapshot test_dynamodb.snapshot.json::test_dynamodb_update_table_without_sse_specification_change
def test_an_update_leaving_encryption_alone_keeps_it_enabled(dynamodb: Any) -> None:
    encryption = hash_table(dynamodb, "sse_kept", SSESpecification={"Enabled": True})["SSEDescription"]
    # The change of localstack/localstack#11781, whose fix (PR #11938) recorded this snapshot.
    updated = dynamodb.update_table(TableName="sse_kept", BillingMode="PAY_PER_REQUEST")
    assert updated["TableDescription"]["SSEDescription"] == encryption
    # One managed key per account and region: another table is encrypted with the same one.
    assert hash_table(dynamodb, "sse_other", SSESpecification={"Enabled": True})["SSEDescription"] == encryption


# LocalStack's AWS-validated snapshot test_dynamodb.snapshot.json::test_return_values_in_put_item
def test_put_item_all_old_returns_the_replaced_item_only(dynamodb: Any) -> None:
    hash_table(dynamodb, "put_rv")
    first = {"id": {"S": "id1"}, "data": {"S": "foobar"}}
    assert body(dynamodb.put_item(TableName="put_rv", Item=first, ReturnValues="ALL_OLD")) == {}
    assert body(dynamodb.put_item(TableName="put_rv", Item=first, ReturnValues="ALL_OLD")) == {"Attributes": first}
    changed = {"id": {"S": "id1"}, "data": {"S": "barfoo"}}
    assert body(dynamodb.put_item(TableName="put_rv", Item=changed, ReturnValues="ALL_OLD")) == {"Attributes": first}
    assert body(dynamodb.put_item(TableName="put_rv", Item=first)) == {}


# LocalStack's AWS-validated snapshot test_dynamodb.snapshot.json::test_empty_and_binary_values and ::test_batch_write_binary
def test_empty_strings_and_undecodable_binaries_are_stored(dynamodb: Any) -> None:
    hash_table(dynamodb, "bin")
    assert body(dynamodb.put_item(TableName="bin", Item={"id": {"S": "id1"}, "data": {"S": ""}})) == {}
    assert body(dynamodb.put_item(TableName="bin", Item={"id": {"S": "id2"}, "data": {"B": b"\x90"}})) == {}
    puts = [{"PutRequest": {"Item": {"id": {"S": f"b{i}"}, "data": {"B": data}}}} for i, data in enumerate((b"test-1", b"test \xc0 \xed"))]
    assert body(dynamodb.batch_write_item(RequestItems={"bin": puts})) == {"UnprocessedItems": {}}
    assert dynamodb.get_item(TableName="bin", Key={"id": {"S": "b1"}})["Item"]["data"] == {"B": b"test \xc0 \xed"}


# LocalStack's AWS-validated snapshot test_dynamodb.snapshot.json::test_valid_local_secondary_index
def test_query_of_an_lsi_projecting_all_returns_whole_items(dynamodb: Any) -> None:
    dynamodb.create_table(
        TableName="lsi_table",
        KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "PK", "AttributeType": "S"},
            {"AttributeName": "SK", "AttributeType": "S"},
            {"AttributeName": "LSI1SK", "AttributeType": "N"},
        ],
        LocalSecondaryIndexes=[{
            "IndexName": "LSI1",
            "KeySchema": [{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "LSI1SK", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "ALL"},
        }],
        ProvisionedThroughput=THROUGHPUT,
        Tags=TAGS,
    )
    item = {"SK": {"S": "hello"}, "LSI1SK": {"N": "123"}, "PK": {"S": "test one"}}
    dynamodb.put_item(TableName="lsi_table", Item=item)
    result = dynamodb.query(
        TableName="lsi_table", IndexName="LSI1", KeyConditionExpression="PK = :v1",
        ExpressionAttributeValues={":v1": {"S": "test one"}}, Select="ALL_ATTRIBUTES",
    )
    assert body(result) == {"Count": 1, "Items": [item], "ScannedCount": 1}


# LocalStack's AWS-validated snapshot test_dynamodb.snapshot.json::test_create_duplicate_table
def test_creating_an_existing_table_is_refused(dynamodb: Any) -> None:
    hash_table(dynamodb, "dup_table", Tags=TAGS)
    with pytest.raises(ClientError) as excinfo:
        hash_table(dynamodb, "dup_table", Tags=TAGS)
    assert str(excinfo.value) == (
        "An error occurred (ResourceInUseException) when calling the CreateTable operation: Table already exists: dup_table"
    )


# LocalStack's AWS-validated snapshot test_dynamodb.snapshot.json::test_dynamodb_pay_per_request
def test_on_demand_tables_take_no_provisioned_throughput(dynamodb: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        hash_table(dynamodb, "ppr_table", BillingMode="PAY_PER_REQUEST")
    assert str(excinfo.value) == (
        "An error occurred (ValidationException) when calling the CreateTable operation: One or more parameter values "
        "were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"
    )


# LocalStack's AWS-validated snapshot test_dynamodb.snapshot.json::test_return_values_on_conditions_check_failure
def test_a_failed_condition_returns_the_item_and_no_message_member(dynamodb: Any) -> None:
    hash_table(dynamodb, "ccf_table")
    item = {"id": {"S": "456"}, "price": {"N": "650"}, "product": {"S": "sporting goods"}}
    dynamodb.put_item(TableName="ccf_table", Item=item)
    with pytest.raises(ClientError) as excinfo:
        dynamodb.delete_item(
            TableName="ccf_table", Key={"id": {"S": "456"}}, ConditionExpression="price between :lo and :hi",
            ExpressionAttributeValues={":lo": {"N": "500"}, ":hi": {"N": "600"}},
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    assert failure(excinfo) == (400, {
        "Error": {"Code": "ConditionalCheckFailedException", "Message": "The conditional request failed"},
        "Item": item,
    })


# LocalStack's AWS-validated snapshot test_dynamodb.snapshot.json::test_transaction_write_items
def test_a_transaction_of_each_kind_of_write_answers_empty(dynamodb: Any) -> None:
    hash_table(dynamodb, "tx_table", Tags=TAGS)
    response = dynamodb.transact_write_items(TransactItems=[
        {"ConditionCheck": {"TableName": "tx_table", "ConditionExpression": "attribute_not_exists(id)", "Key": {"id": {"S": "test1"}}}},
        {"Put": {"TableName": "tx_table", "Item": {"id": {"S": "test2"}}}},
        {"Update": {
            "TableName": "tx_table", "Key": {"id": {"S": "test3"}}, "UpdateExpression": "SET attr1 = :v1, attr2 = :v2",
            "ExpressionAttributeValues": {":v1": {"S": "value1"}, ":v2": {"S": "value2"}},
        }},
        {"Delete": {"TableName": "tx_table", "Key": {"id": {"S": "test4"}}}},
    ])
    assert body(response) == {}


# LocalStack's AWS-validated snapshot test_dynamodb.snapshot.json::test_transaction_write_canceled
def test_a_cancelled_transaction_lists_a_reason_per_item(dynamodb: Any) -> None:
    hash_table(dynamodb, "tx_cancel", key="Username")
    dynamodb.put_item(TableName="tx_cancel", Item={"Username": {"S": "Fred"}})
    with pytest.raises(ClientError) as excinfo:
        dynamodb.transact_write_items(TransactItems=[
            {"ConditionCheck": {"TableName": "tx_cancel", "ConditionExpression": "attribute_not_exists(Username)",
                                "Key": {"Username": {"S": "Fred"}}}},
            {"Delete": {"TableName": "tx_cancel", "Key": {"Username": {"S": "Bert"}}}},
        ])
    assert str(excinfo.value) == (
        "An error occurred (TransactionCanceledException) when calling the TransactWriteItems operation: "
        "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]"
    )
    assert excinfo.value.response["CancellationReasons"] == [
        {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}, {"Code": "None"},
    ]


# LocalStack's AWS-validated snapshot test_dynamodb.snapshot.json::test_batch_write_not_existing_table
def test_a_transaction_on_a_missing_table_is_not_found(dynamodb: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        dynamodb.transact_write_items(TransactItems=[{"Put": {"TableName": "non-existing-table", "Item": {}}}])
    assert failure(excinfo) == (400, {
        "Error": {"Code": "ResourceNotFoundException", "Message": "Requested resource not found"},
        "message": "Requested resource not found",
    })


# LocalStack's AWS-validated snapshot test_dynamodb.snapshot.json::test_transaction_write_binary_data and ::test_transact_get_items
def test_transactions_write_and_read_binary_items(dynamodb: Any) -> None:
    hash_table(dynamodb, "tx_bin", Tags=TAGS)
    item = {"id": {"S": "someUser"}, "binaryData": {"B": b"foobar"}}
    assert body(dynamodb.transact_write_items(TransactItems=[{"Put": {"TableName": "tx_bin", "Item": item}}])) == {}
    got = dynamodb.transact_get_items(TransactItems=[{"Get": {"Key": {"id": {"S": "someUser"}}, "TableName": "tx_bin"}}])
    assert body(got) == {"Responses": [{"Item": item}]}


# LocalStack's AWS-validated snapshot test_dynamodb.snapshot.json::test_dynamodb_idempotent_writing
def test_a_retried_token_with_the_item_members_reordered_is_the_same_request(dynamodb: Any) -> None:
    dynamodb.create_table(
        TableName="idem",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}, {"AttributeName": "name", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}, {"AttributeName": "name", "AttributeType": "S"}],
        ProvisionedThroughput=THROUGHPUT,
    )
    for item in ({"id": {"S": "id1"}, "name": {"S": "name1"}}, {"name": {"S": "name1"}, "id": {"S": "id1"}}):
        response = dynamodb.transact_write_items(ClientRequestToken="dedupe_token", TransactItems=[{"Put": {"TableName": "idem", "Item": item}}])
        assert body(response) == {}


# LocalStack's AWS-validated snapshot test_dynamodb.snapshot.json::test_batch_write_items and ::test_dynamodb_get_batch_items
def test_batch_answers_name_every_table_even_when_nothing_matched(dynamodb: Any) -> None:
    hash_table(dynamodb, "batch_table", Tags=TAGS)
    dynamodb.put_item(TableName="batch_table", Item={"id": {"S": "Fred"}})
    written = dynamodb.batch_write_item(RequestItems={"batch_table": [
        {"DeleteRequest": {"Key": {"id": {"S": "Fred"}}}}, {"PutRequest": {"Item": {"id": {"S": "Bob"}}}},
    ]})
    assert body(written) == {"UnprocessedItems": {}}
    got = dynamodb.batch_get_item(RequestItems={"batch_table": {"Keys": [{"id": {"S": "Fred"}}]}})
    assert body(got) == {"Responses": {"batch_table": []}, "UnprocessedKeys": {}}


# LocalStack's AWS-validated snapshot test_dynamodb.snapshot.json::test_batch_write_not_matching_schema
def test_a_batch_put_without_the_key_does_not_match_the_schema(dynamodb: Any) -> None:
    dynamodb.create_table(
        TableName="schema_table",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}, {"AttributeName": "sortKey", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}, {"AttributeName": "sortKey", "AttributeType": "S"}],
        ProvisionedThroughput=THROUGHPUT,
    )
    with pytest.raises(ClientError) as excinfo:
        dynamodb.batch_write_item(RequestItems={"schema_table": [{"PutRequest": {"Item": {"nonKey": {"S": "hello"}}}}]})
    assert str(excinfo.value) == (
        "An error occurred (ValidationException) when calling the BatchWriteItem operation: "
        "The provided key element does not match the schema"
    )


# LocalStack's AWS-validated snapshot test_dynamodb.snapshot.json::test_dynamodb_execute_transaction
def test_execute_transaction_of_inserts_answers_no_responses(dynamodb: Any) -> None:
    hash_table(dynamodb, "pq_tx", key="Username")
    statements = [{"Statement": f"INSERT INTO pq_tx VALUE {{'Username': '{user}'}}"} for user in ("user01", "user02")]
    assert body(dynamodb.execute_transaction(TransactStatements=statements)) == {"Responses": []}
    users = sorted(item["Username"]["S"] for item in dynamodb.scan(TableName="pq_tx")["Items"])
    assert users == ["user01", "user02"]


# LocalStack's AWS-validated snapshot test_dynamodb.snapshot.json::test_dynamodb_batch_execute_statement
def test_batch_execute_statement_answers_each_write_with_its_table(dynamodb: Any) -> None:
    hash_table(dynamodb, "pq_batch", key="Username")
    dynamodb.put_item(TableName="pq_batch", Item={"Username": {"S": "user02"}})
    result = dynamodb.batch_execute_statement(Statements=[
        {"Statement": "INSERT INTO pq_batch VALUE {'Username': 'user01'}"},
        {"Statement": "UPDATE pq_batch SET Age=20 WHERE Username='user02'"},
    ])
    assert body(result) == {"Responses": [{"TableName": "pq_batch"}, {"TableName": "pq_batch"}]}
    assert dynamodb.get_item(TableName="pq_batch", Key={"Username": {"S": "user02"}})["Item"] == {
        "Age": {"N": "20"}, "Username": {"S": "user02"},
    }


# LocalStack's AWS-validated snapshot test_dynamodb.snapshot.json::test_dynamodb_partiql_missing
def test_partiql_is_missing_and_is_not_missing(dynamodb: Any) -> None:
    hash_table(dynamodb, "pq_missing", key="Username")
    dynamodb.execute_statement(Statement="INSERT INTO pq_missing VALUE {'Username': 'Alice123', 'FirstName':'Alice'}")
    present = dynamodb.execute_statement(Statement="SELECT * FROM pq_missing WHERE FirstName IS NOT MISSING")["Items"]
    assert present == [{"FirstName": {"S": "Alice"}, "Username": {"S": "Alice123"}}]
    assert dynamodb.execute_statement(Statement="SELECT * FROM pq_missing WHERE FirstName IS MISSING")["Items"] == []


# LocalStack's AWS-validated snapshot test_dynamodb.snapshot.json::test_continuous_backup_update
def test_point_in_time_recovery_enabled_and_described(dynamodb: Any) -> None:
    hash_table(dynamodb, "pitr_table")
    updated = dynamodb.update_continuous_backups(
        TableName="pitr_table", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
    )["ContinuousBackupsDescription"]
    described = dynamodb.describe_continuous_backups(TableName="pitr_table")["ContinuousBackupsDescription"]
    for description in (updated, described):
        assert description["ContinuousBackupsStatus"] == "ENABLED"
        recovery = description["PointInTimeRecoveryDescription"]
        assert recovery["PointInTimeRecoveryStatus"] == "ENABLED"
        assert {"EarliestRestorableDateTime", "LatestRestorableDateTime"} <= set(recovery)


# LocalStack's AWS-validated snapshot resources/test_dynamodb.snapshot.json::test_default_name_for_table (2025-04-11)
def test_a_provisioned_table_is_described_with_warm_throughput_of_its_capacity(dynamodb: Any) -> None:
    dynamodb.create_table(
        TableName="described", KeySchema=[{"AttributeName": "keyName", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "keyName", "AttributeType": "S"}], ProvisionedThroughput=THROUGHPUT,
        Tags=[{"Key": "TagKey1", "Value": "TagValue1"}, {"Key": "TagKey2", "Value": "TagValue2"}],
    )
    table = dynamodb.describe_table(TableName="described")["Table"]
    assert sorted(table) == [
        "AttributeDefinitions", "CreationDateTime", "DeletionProtectionEnabled", "ItemCount", "KeySchema",
        "ProvisionedThroughput", "TableArn", "TableId", "TableName", "TableSizeBytes", "TableStatus", "WarmThroughput",
    ]
    assert table["ProvisionedThroughput"] == {"NumberOfDecreasesToday": 0, **THROUGHPUT}
    assert table["WarmThroughput"] == {"ReadUnitsPerSecond": 5, "Status": "ACTIVE", "WriteUnitsPerSecond": 5}
    tags = dynamodb.list_tags_of_resource(ResourceArn=table["TableArn"])["Tags"]
    assert tags == [{"Key": "TagKey1", "Value": "TagValue1"}, {"Key": "TagKey2", "Value": "TagValue2"}]


# LocalStack's AWS-validated snapshot resources/test_dynamodb.snapshot.json::test_global_table_with_ttl_and_sse (2025-04-11)
def test_an_on_demand_table_and_its_index_are_described_with_zero_capacity(dynamodb: Any) -> None:
    dynamodb.create_table(
        TableName="on_demand",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in ("gsi1pk", "gsi1sk", "pk", "sk")],
        BillingMode="PAY_PER_REQUEST",
        GlobalSecondaryIndexes=[{
            "IndexName": "GSI1",
            "KeySchema": [{"AttributeName": "gsi1pk", "KeyType": "HASH"}, {"AttributeName": "gsi1sk", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "ALL"},
        }],
        SSESpecification={"Enabled": True, "SSEType": "KMS"},
    )
    dynamodb.update_time_to_live(TableName="on_demand", TimeToLiveSpecification={"Enabled": True, "AttributeName": "expire_at"})
    table = dynamodb.describe_table(TableName="on_demand")["Table"]
    on_demand_warm = {"ReadUnitsPerSecond": 12000, "Status": "ACTIVE", "WriteUnitsPerSecond": 4000}
    zero = {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 0, "WriteCapacityUnits": 0}
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert "LastUpdateToPayPerRequestDateTime" in table["BillingModeSummary"]
    assert table["ProvisionedThroughput"] == zero and table["WarmThroughput"] == on_demand_warm
    assert table["SSEDescription"]["Status"] == "ENABLED" and KEY_ARN.match(table["SSEDescription"]["KMSMasterKeyArn"])
    [index] = table["GlobalSecondaryIndexes"]
    assert index == {
        "IndexArn": f"{table['TableArn']}/index/GSI1", "IndexName": "GSI1", "IndexSizeBytes": 0, "IndexStatus": "ACTIVE",
        "ItemCount": 0, "KeySchema": [{"AttributeName": "gsi1pk", "KeyType": "HASH"}, {"AttributeName": "gsi1sk", "KeyType": "RANGE"}],
        "Projection": {"ProjectionType": "ALL"}, "ProvisionedThroughput": zero, "WarmThroughput": on_demand_warm,
    }
    assert body(dynamodb.describe_time_to_live(TableName="on_demand")) == {
        "TimeToLiveDescription": {"AttributeName": "expire_at", "TimeToLiveStatus": "ENABLED"},
    }


# The key ARN form of LocalStack's AWS-validated snapshot test_dynamodb.snapshot.json::test_dynamodb_create_table_with_partial_sse_specification:
# a table's own key, named by id or alias, reads back as a key ARN too.
def test_a_tables_own_kms_key_reads_back_as_a_key_arn(dynamodb: Any) -> None:
    by_id = hash_table(dynamodb, "own_key", SSESpecification={"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": "1234abcd-12ab-34cd-56ef-1234567890ab"})
    assert by_id["SSEDescription"]["KMSMasterKeyArn"] == "arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    managed = hash_table(dynamodb, "managed_key", SSESpecification={"Enabled": True})["SSEDescription"]["KMSMasterKeyArn"]
    by_alias = hash_table(dynamodb, "alias_key", SSESpecification={"Enabled": True, "KMSMasterKeyId": "alias/aws/dynamodb"})
    assert by_alias["SSEDescription"]["KMSMasterKeyArn"] == managed
    own_alias = hash_table(dynamodb, "own_alias", SSESpecification={"Enabled": True, "KMSMasterKeyId": "alias/mine"})
    assert KEY_ARN.match(own_alias["SSEDescription"]["KMSMasterKeyArn"]) and own_alias["SSEDescription"]["KMSMasterKeyArn"] != managed


# LocalStack's AWS-validated snapshot stepfunctions/v2/error_handling/test_task_service_dynamodb.snapshot.json
# (::test_put_item_no_such_table, ::test_put_item_invalid_table_name, ::test_invalid_param; the DynamoDB message
# is the cause Step Functions passed on)
def test_put_item_errors_step_functions_passed_on(dynamodb: Any, server: EmulatorProcess) -> None:
    item = {"data": {"S": "HelloWorld"}, "id": {"S": "id1"}}
    with pytest.raises(ClientError) as excinfo:
        dynamodb.put_item(TableName="no_such_sfn_test_table", Item=item)
    assert excinfo.value.response["Error"] == {"Code": "ResourceNotFoundException", "Message": "Requested resource not found"}
    with pytest.raises(ClientError) as excinfo:
        dynamodb.put_item(TableName="/invalid_test_table", Item=item)
    assert excinfo.value.response["Error"]["Message"] == (
        "1 validation error detected: Value '/invalid_test_table' at 'tableName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
    )
    headers = {"X-Amz-Target": "DynamoDB_20120810.PutItem", "Content-Type": "application/x-amz-json-1.0"}
    answer = httpx.post(server.url, headers=headers, content=b'{"TableName": "no_such_sfn_test_table", "Key": null, "Item": null}')
    assert answer.status_code == 400
    assert answer.json()["message"] == "1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null"
