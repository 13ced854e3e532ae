"""A Chalice app's life: a redeploy after a code change (Chalice's update path, which reads every
resource first to diff it), ``chalice delete``, and the deploys that must fail here because they need a
service the emulator does not serve (EventBridge for ``@app.schedule``, S3, SQS and SNS for their event
handlers, IAM for a Chalice-managed role), each saying what is not emulated.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from botocore.exceptions import ClientError
from chalice_projects import ChaliceProject

from emulator.testing import EmulatorProcess

V1 = """
import os
from chalice import Chalice

app = Chalice(app_name="notes")


@app.route("/version")
def version():
    return {"code": 1, "setting": os.environ["NOTES_SETTING"]}


@app.route("/old")
def old():
    return {"old": True}


@app.lambda_function()
def cleanup(event, context):
    return "cleaned"
"""

V2 = """
import os
from chalice import Chalice

app = Chalice(app_name="notes")


@app.route("/version")
def version():
    return {"code": 2, "setting": os.environ["NOTES_SETTING"]}


@app.route("/new/{note_id}", methods=["DELETE"])
def new(note_id):
    return {"deleted": note_id}
"""


def test_a_redeploy_updates_code_configuration_and_routes_in_place(server: EmulatorProcess, tmp_path: Path) -> None:
    project = ChaliceProject(server, tmp_path / "notes", "notes")
    project.write(V1, environment_variables={"NOTES_SETTING": "first"}, lambda_memory_size=128)
    project.deploy()
    first = project.deployed()
    api = project.rest_api()
    assert api.get("/version").json() == {"code": 1, "setting": "first"}
    assert api.get("/old").json() == {"old": True}

    project.write(V2, environment_variables={"NOTES_SETTING": "second"}, lambda_memory_size=256, lambda_timeout=20)
    redeployed = project.deploy()
    assert "Updating lambda function: notes-dev" in redeployed.stderr + redeployed.stdout
    second = project.deployed()
    assert second["rest_api"]["rest_api_id"] == first["rest_api"]["rest_api_id"]
    assert second["api_handler"]["lambda_arn"] == first["api_handler"]["lambda_arn"]
    assert "cleanup" not in second

    assert api.get("/version").json() == {"code": 2, "setting": "second"}
    assert api.request("DELETE", "/new/n-7").json() == {"deleted": "n-7"}
    gone = api.get("/old")
    assert gone.status_code == 403
    assert gone.json() == {"message": "Missing Authentication Token"}

    lambda_client = server.client("lambda")
    configuration = lambda_client.get_function_configuration(FunctionName="notes-dev")
    assert (configuration["MemorySize"], configuration["Timeout"]) == (256, 20)
    assert configuration["Environment"] == {"Variables": {"NOTES_SETTING": "second"}}
    # The function Chalice no longer declares is deleted; the API's permission is not added twice.
    with pytest.raises(ClientError) as info:
        lambda_client.get_function(FunctionName="notes-dev-cleanup")
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert len(json.loads(lambda_client.get_policy(FunctionName="notes-dev")["Policy"])["Statement"]) == 1
    api_id = second["rest_api"]["rest_api_id"]
    assert len(server.client("apigateway").get_deployments(restApiId=api_id)["items"]) == 2

    unchanged = project.deploy()
    assert project.deployed() == second
    assert "Resources deployed" in unchanged.stdout
    assert api.get("/version").json() == {"code": 2, "setting": "second"}


def test_chalice_delete_removes_what_deploy_made(server: EmulatorProcess, tmp_path: Path) -> None:
    project = ChaliceProject(server, tmp_path / "notes", "notes")
    project.write(V1, environment_variables={"NOTES_SETTING": "x"})
    project.deploy()
    api_id = project.deployed()["rest_api"]["rest_api_id"]

    deleted = project.delete()
    assert f"Deleting Rest API: {api_id}" in deleted.stdout
    assert "Deleting function: arn:aws:lambda:us-east-1:000000000000:function:notes-dev\n" in deleted.stdout
    assert project.deployed() == {}
    with pytest.raises(ClientError) as info:
        server.client("apigateway").get_rest_api(restApiId=api_id)
    assert info.value.response["Error"]["Code"] == "NotFoundException"
    assert server.client("lambda").list_functions()["Functions"] == []

    # Deleting again finds nothing to delete; deploying again builds everything anew.
    assert project.delete().returncode == 0
    project.deploy()
    assert project.deployed()["rest_api"]["rest_api_id"] != api_id
    assert project.rest_api().get("/version").json() == {"code": 1, "setting": "x"}


SCHEDULED = """
from chalice import Chalice, Rate

app = Chalice(app_name="reports")


@app.schedule(Rate(1, unit=Rate.HOURS))
def hourly(event):
    return {"ran": True}
"""

#: Event sources on services the emulator does not serve: the handler, and what the failed deploy says.
UNSERVED_SOURCES = {
    "schedule": ('@app.schedule(Rate(1, unit=Rate.HOURS))', "(UnknownOperationException) when calling the PutRule operation", "AWSEvents.PutRule is not emulated"),
    "s3": ('@app.on_s3_event(bucket="uploads")', "(NotImplemented) when calling the GetBucketNotificationConfiguration", "s3 GET /uploads is not emulated"),
    "sqs": ('@app.on_sqs_message(queue="jobs")', "(InvalidParameterValueException) when calling the CreateEventSourceMapping", "SQS Error Code: AWS.SimpleQueueService.NonExistentQueue"),
    "sns": ('@app.on_sns_message(topic="news")', "(InvalidAction) when calling the Subscribe operation", "sns Subscribe is not emulated"),
}


@pytest.mark.parametrize("source", sorted(UNSERVED_SOURCES))
def test_an_event_source_on_an_unserved_service_fails_the_deploy_saying_so(
    server: EmulatorProcess, tmp_path: Path, source: str
) -> None:
    """A schedule needs an EventBridge rule, the others S3, SQS or SNS. The emulator has none of them, so
    the deploy must fail (a source accepted and never fired would be a silent lie), and say why."""
    decorator, error, reason = UNSERVED_SOURCES[source]
    project = ChaliceProject(server, tmp_path / "reports", "reports")
    project.write(SCHEDULED.replace("@app.schedule(Rate(1, unit=Rate.HOURS))", decorator))
    failed = project.run("deploy", check=False)
    assert failed.returncode == 2
    output = " ".join((failed.stdout + failed.stderr).split())
    assert f"An error occurred {error}" in output
    assert reason in output
    # Chalice stops at the failing step: the function it made first stays, unrecorded, as on AWS.
    assert not (project.folder / ".chalice" / "deployed" / "dev.json").exists()
    assert server.client("lambda").get_function(FunctionName="reports-dev-hourly")["Configuration"]["State"] == "Active"


def test_a_chalice_managed_role_fails_the_deploy_saying_iam_is_not_emulated(server: EmulatorProcess, tmp_path: Path) -> None:
    """Chalice's default (``manage_iam_role: true``) makes the app's role with IAM, which is not
    emulated: the deploy fails on IAM's first call, as an error botocore parses. The projects of the other
    tests name a role of their own instead, and then Chalice calls neither IAM nor STS."""
    project = ChaliceProject(server, tmp_path / "default", "default")
    project.write(SCHEDULED)
    config_file = project.folder / ".chalice" / "config.json"
    config = json.loads(config_file.read_text())
    config["stages"]["dev"] = {}
    config_file.write_text(json.dumps(config))
    failed = project.run("deploy", check=False)
    assert failed.returncode == 2
    output = " ".join((failed.stdout + failed.stderr).split())
    assert "An error occurred (InvalidAction) when calling the GetRole operation" in output
    assert "iam GetRole is not emulated: this emulator serves API Gateway, Lambda," in output
    assert server.client("lambda").list_functions()["Functions"] == []
