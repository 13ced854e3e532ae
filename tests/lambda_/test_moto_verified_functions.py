"""Lambda's control plane as moto's tests record AWS's answers (tests/test_awslambda)."""

from __future__ import annotations

from typing import Any

from lambda_helpers import ROLE, make_zip

ARN = "arn:aws:lambda:us-east-1:000000000000:function:"
FIRST = make_zip({"app.py": "def handler(event, context):\n    return event\n"})
SECOND = make_zip({"app.py": "def handler(event, context):\n    return 2\n"})


def create(lambda_client: Any, name: str, **options: Any) -> dict[str, Any]:
    return lambda_client.create_function(
        FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.handler", Code={"ZipFile": FIRST}, **options
    )


def test_list_functions_lists_latest_alone_unless_all_versions_are_asked_for(lambda_client: Any) -> None:
    """moto's aws_verified test_list_functions."""
    assert "listed" not in [f["FunctionName"] for f in lambda_client.list_functions()["Functions"]]
    create(lambda_client, "listed")
    lambda_client.get_waiter("function_active").wait(FunctionName="listed", WaiterConfig={"Delay": 1})
    lambda_client.publish_version(FunctionName="listed", Description="v2")
    (latest,) = [f for f in lambda_client.list_functions()["Functions"] if f["FunctionName"] == "listed"]
    assert (latest["PackageType"], latest["Version"], latest["FunctionArn"]) == ("Zip", "$LATEST", ARN + "listed")
    every = [f for f in lambda_client.list_functions(FunctionVersion="ALL")["Functions"] if f["FunctionName"] == "listed"]
    assert sorted((f["Version"], f["Description"], f["FunctionArn"], f["PackageType"]) for f in every) == [
        ("$LATEST", "", ARN + "listed:$LATEST", "Zip"),
        ("1", "v2", ARN + "listed:1", "Zip"),
    ]
    lambda_client.delete_function(FunctionName="listed")
    assert "listed" not in [f["FunctionName"] for f in lambda_client.list_functions(FunctionVersion="ALL")["Functions"]]


def test_update_code_and_publish_with_unchanged_code_answers_the_last_version(lambda_client: Any) -> None:
    """AWS doesn't publish a version if code and configuration haven't changed (PublishVersion's reference)."""
    create(lambda_client, "same", Publish=True)
    changed = lambda_client.update_function_code(FunctionName="same", ZipFile=SECOND, Publish=True)
    assert (changed["Version"], changed["FunctionArn"]) == ("2", ARN + "same:2")
    again = lambda_client.update_function_code(FunctionName="same", ZipFile=SECOND, Publish=True)
    assert (again["Version"], again["FunctionArn"], again["CodeSha256"]) == ("2", ARN + "same:2", changed["CodeSha256"])
    assert lambda_client.publish_version(FunctionName="same")["Version"] == "2"
    newer = lambda_client.update_function_code(FunctionName="same", ZipFile=FIRST, Publish=True)
    assert newer["Version"] == "3"
    versions = lambda_client.list_versions_by_function(FunctionName="same")["Versions"]
    assert [v["Version"] for v in versions] == ["$LATEST", "1", "2", "3"]


def test_a_configuration_change_still_publishes_a_new_version(lambda_client: Any) -> None:
    create(lambda_client, "conf", Publish=True)
    lambda_client.update_function_code(FunctionName="conf", ZipFile=FIRST)
    assert lambda_client.publish_version(FunctionName="conf")["Version"] == "1"
    lambda_client.update_function_configuration(FunctionName="conf", Environment={"Variables": {"MODE": "1"}})
    assert lambda_client.publish_version(FunctionName="conf")["Version"] == "2"
