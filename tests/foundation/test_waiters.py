"""botocore's waiters against the emulator: each succeeds promptly after the change it waits
for, and one waiting on a missing resource fails as it does on AWS."""

from __future__ import annotations

import time
from typing import Any

import pytest
from botocore.exceptions import WaiterError

from emulator.testing import EmulatorProcess
from emulator.testing.functions import ROLE, make_zip

ZIP = make_zip({"app.py": "def handler(event, context):\n    return event\n"})
#: Short pauses: nothing the emulator does takes seconds.
FAST = {"Delay": 0.1, "MaxAttempts": 50}
#: Two quick attempts, for waiters that are expected to give up.
GIVE_UP = {"Delay": 0.1, "MaxAttempts": 2}
MISSING_ARN = "arn:aws:lambda:us-east-1:000000000000:function:missing"


def _wait(client: Any, name: str, **params: Any) -> float:
    """Seconds the waiter took."""
    started = time.monotonic()
    client.get_waiter(name).wait(**params, WaiterConfig=FAST)
    return time.monotonic() - started


def _create_function(lam: Any, name: str) -> None:
    lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.handler", Code={"ZipFile": ZIP})


@pytest.mark.parametrize("waiter", ["function_exists", "function_active", "function_active_v2"])
def test_function_waiters_succeed_after_create(server: EmulatorProcess, waiter: str) -> None:
    lam = server.client("lambda")
    _create_function(lam, "fresh")
    assert _wait(lam, waiter, FunctionName="fresh") < 5
    assert lam.get_function(FunctionName="fresh")["Configuration"]["State"] == "Active"


@pytest.mark.parametrize("waiter", ["function_updated", "function_updated_v2"])
def test_function_updated_waiters_succeed_after_updates(server: EmulatorProcess, waiter: str) -> None:
    lam = server.client("lambda")
    _create_function(lam, "changing")
    lam.update_function_code(FunctionName="changing", ZipFile=make_zip({"app.py": "def handler(e, c):\n    return 2\n"}))
    assert _wait(lam, waiter, FunctionName="changing") < 5
    lam.update_function_configuration(FunctionName="changing", MemorySize=256)
    assert _wait(lam, waiter, FunctionName="changing") < 5
    configuration = lam.get_function_configuration(FunctionName="changing")
    assert (configuration["LastUpdateStatus"], configuration["MemorySize"]) == ("Successful", 256)


def test_published_version_active_succeeds_after_publish(server: EmulatorProcess) -> None:
    lam = server.client("lambda")
    _create_function(lam, "published")
    version = lam.publish_version(FunctionName="published")["Version"]
    assert _wait(lam, "published_version_active", FunctionName="published", Qualifier=version) < 5


@pytest.mark.parametrize("waiter", ["function_active", "function_active_v2", "function_updated", "function_updated_v2"])
def test_function_state_waiters_fail_at_once_on_a_missing_function(server: EmulatorProcess, waiter: str) -> None:
    """No acceptor matches ResourceNotFoundException: botocore stops at the first answer."""
    lam = server.client("lambda")
    started = time.monotonic()
    with pytest.raises(WaiterError) as failed:
        lam.get_waiter(waiter).wait(FunctionName="missing", WaiterConfig={"Delay": 5, "MaxAttempts": 3})
    assert time.monotonic() - started < 2
    assert failed.value.last_response["Error"] == {"Code": "ResourceNotFoundException", "Message": f"Function not found: {MISSING_ARN}"}


def test_published_version_active_fails_on_a_missing_version(server: EmulatorProcess) -> None:
    lam = server.client("lambda")
    _create_function(lam, "unpublished")
    with pytest.raises(WaiterError) as failed:
        lam.get_waiter("published_version_active").wait(FunctionName="unpublished", Qualifier="7", WaiterConfig=GIVE_UP)
    arn = "arn:aws:lambda:us-east-1:000000000000:function:unpublished:7"
    assert failed.value.last_response["Error"] == {"Code": "ResourceNotFoundException", "Message": f"Function not found: {arn}"}


def test_function_exists_gives_up_on_a_missing_function(server: EmulatorProcess) -> None:
    lam = server.client("lambda")
    with pytest.raises(WaiterError) as failed:
        lam.get_waiter("function_exists").wait(FunctionName="missing", WaiterConfig=GIVE_UP)
    assert "Max attempts exceeded" in str(failed.value)
    assert failed.value.last_response["Error"]["Code"] == "ResourceNotFoundException"


# -- DynamoDB -------------------------------------------------------------------------


def _create_table(ddb: Any, name: str) -> str:
    answer = ddb.create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
    )
    return answer["TableDescription"]["TableArn"]


def test_table_exists_and_not_exists_follow_create_and_delete(server: EmulatorProcess) -> None:
    ddb = server.client("dynamodb")
    _create_table(ddb, "waited")
    assert _wait(ddb, "table_exists", TableName="waited") < 5
    assert ddb.describe_table(TableName="waited")["Table"]["TableStatus"] == "ACTIVE"
    ddb.delete_table(TableName="waited")
    assert _wait(ddb, "table_not_exists", TableName="waited") < 5


def test_table_exists_gives_up_on_a_missing_table(server: EmulatorProcess) -> None:
    ddb = server.client("dynamodb")
    with pytest.raises(WaiterError) as failed:
        ddb.get_waiter("table_exists").wait(TableName="missing", WaiterConfig=GIVE_UP)
    assert "Max attempts exceeded" in str(failed.value)
    assert failed.value.last_response["Error"]["Code"] == "ResourceNotFoundException"


def test_table_not_exists_gives_up_while_the_table_stays(server: EmulatorProcess) -> None:
    ddb = server.client("dynamodb")
    _create_table(ddb, "staying")
    with pytest.raises(WaiterError) as failed:
        ddb.get_waiter("table_not_exists").wait(TableName="staying", WaiterConfig=GIVE_UP)
    assert "Max attempts exceeded" in str(failed.value)


def test_export_and_import_completed_waiters(server: EmulatorProcess) -> None:
    ddb = server.client("dynamodb")
    arn = _create_table(ddb, "exported")
    for index in range(3):
        ddb.put_item(TableName="exported", Item={"pk": {"S": f"item-{index}"}})
    ddb.update_continuous_backups(TableName="exported", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    export = ddb.export_table_to_point_in_time(TableArn=arn, S3Bucket="waiters", S3Prefix="p")["ExportDescription"]
    assert _wait(ddb, "export_completed", ExportArn=export["ExportArn"]) < 5
    folder = export["ExportArn"].rsplit("/", 1)[1]
    imported = ddb.import_table(
        S3BucketSource={"S3Bucket": "waiters", "S3KeyPrefix": f"p/AWSDynamoDB/{folder}/data/"},
        InputFormat="DYNAMODB_JSON",
        InputCompressionType="GZIP",
        TableCreationParameters={
            "TableName": "imported",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "BillingMode": "PAY_PER_REQUEST",
        },
    )["ImportTableDescription"]
    assert _wait(ddb, "import_completed", ImportArn=imported["ImportArn"]) < 5
    assert ddb.scan(TableName="imported")["Count"] == 3


def test_export_completed_fails_at_once_on_a_missing_export(server: EmulatorProcess) -> None:
    ddb = server.client("dynamodb")
    arn = _create_table(ddb, "never-exported")
    with pytest.raises(WaiterError) as failed:
        ddb.get_waiter("export_completed").wait(ExportArn=f"{arn}/export/01234567890123-abcdef12", WaiterConfig=GIVE_UP)
    assert failed.value.last_response["Error"]["Code"] == "ExportNotFoundException"
