"""The other resources ``chalice deploy`` makes with the emulated services: a DynamoDB stream handler
(an event source mapping), the managed layer of ``automatic_layer`` (the ``vendor/`` folder, so nothing
is downloaded), a custom domain name with its base path mapping, stage settings on the function
(environment, memory, timeout, reserved concurrency, tags), and ``chalice delete`` of all of them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from botocore.exceptions import ClientError
from chalice_projects import ChaliceProject

from emulator.testing import EmulatorProcess
from emulator.testing.process import wait_until

APP = """
from chalice import Chalice
import slugs

app = Chalice(app_name="catalog")


@app.route("/slug/{title}")
def slug(title):
    return {"slug": slugs.slugify(title), "stage": app.current_request.context["stage"]}


@app.on_dynamodb_record(stream_arn="STREAM_ARN", batch_size=5, starting_position="TRIM_HORIZON")
def on_change(event):
    for record in event:
        print("change", record.event_name, record.keys["pk"]["S"])
"""

#: A pure-Python package in ``vendor/``: Chalice puts it in the managed layer as it is.
SLUGS = """
def slugify(title):
    return "-".join(title.lower().split("%20"))
"""


def event_source(deployed: dict[str, dict[str, Any]]) -> dict[str, Any]:
    (resource,) = [r for r in deployed.values() if r["resource_type"] == "dynamodb_event"]
    return resource


@pytest.fixture
def stream_arn(server: EmulatorProcess) -> str:
    table = server.client("dynamodb").create_table(
        TableName="products",
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    return table["TableDescription"]["LatestStreamArn"]


@pytest.fixture
def catalog(server: EmulatorProcess, tmp_path: Path, stream_arn: str) -> ChaliceProject:
    project = ChaliceProject(server, tmp_path / "catalog", "catalog")
    project.write(
        APP.replace("STREAM_ARN", stream_arn),
        api_gateway_stage="prod",
        api_gateway_endpoint_type="REGIONAL",
        automatic_layer=True,
        environment_variables={"CATALOG_TABLE": "products"},
        lambda_memory_size=512,
        lambda_timeout=45,
        reserved_concurrency=3,
        tags={"team": "catalog"},
        api_gateway_custom_domain={
            "domain_name": "api.catalog.example.com",
            "certificate_arn": "arn:aws:acm:us-east-1:000000000000:certificate/catalog",
            "url_prefix": "v1",
        },
    )
    vendor = project.folder / "vendor" / "slugs"
    vendor.mkdir(parents=True)
    (vendor / "__init__.py").write_text(SLUGS)
    project.deploy()
    return project


def test_stage_settings_and_the_managed_layer_reach_the_function(server: EmulatorProcess, catalog: ChaliceProject) -> None:
    deployed = catalog.deployed()
    layer_arn = deployed["managed-layer"]["layer_version_arn"]
    assert layer_arn == "arn:aws:lambda:us-east-1:000000000000:layer:catalog-dev-managed-layer:1"
    lambda_client = server.client("lambda")
    function = lambda_client.get_function(FunctionName="catalog-dev")
    configuration = function["Configuration"]
    assert [layer["Arn"] for layer in configuration["Layers"]] == [layer_arn]
    assert (configuration["MemorySize"], configuration["Timeout"]) == (512, 45)
    assert configuration["Environment"] == {"Variables": {"CATALOG_TABLE": "products"}}
    assert function["Concurrency"] == {"ReservedConcurrentExecutions": 3}
    assert function["Tags"] == {"team": "catalog", "aws-chalice": "version=1.34.0:stage=dev:app=catalog"}
    # The vendored package comes from the layer: the API answers with it.
    answer = catalog.rest_api().get("/slug/Hand%20Tools")
    assert answer.json() == {"slug": "hand-tools", "stage": "prod"}
    api_id = deployed["rest_api"]["rest_api_id"]
    endpoint = server.client("apigateway").get_rest_api(restApiId=api_id)["endpointConfiguration"]
    assert endpoint["types"] == ["REGIONAL"]


def test_the_dynamodb_stream_handler_gets_the_tables_changes(server: EmulatorProcess, catalog: ChaliceProject, stream_arn: str) -> None:
    (mapping,) = server.client("lambda").list_event_source_mappings(FunctionName="catalog-dev-on_change")["EventSourceMappings"]
    assert (mapping["EventSourceArn"], mapping["BatchSize"], mapping["State"]) == (stream_arn, 5, "Enabled")
    server.client("dynamodb").put_item(TableName="products", Item={"pk": {"S": "p-1"}, "name": {"S": "saw"}})
    logs = server.client("logs")

    def changes() -> list[str]:
        try:
            events = logs.filter_log_events(logGroupName="/aws/lambda/catalog-dev-on_change", filterPattern='"change"')
        except ClientError:  # no invocation yet, so no log group
            return []
        return [event["message"] for event in events["events"]]

    assert wait_until(changes, timeout=30) == ["change INSERT p-1\n"]


def test_the_custom_domain_name_serves_the_api_under_its_base_path(server: EmulatorProcess, catalog: ChaliceProject) -> None:
    domain = catalog.deployed()["api_gateway_custom_domain"]
    assert domain["domain_name"] == "api.catalog.example.com"
    described = server.client("apigateway").get_domain_name(domainName="api.catalog.example.com")
    assert described["regionalDomainName"] == domain["alias_domain_name"]
    assert described["regionalHostedZoneId"] == domain["hosted_zone_id"] == "Z1UJRXOUMOOFQ8"
    (mapping,) = server.client("apigateway").get_base_path_mappings(domainName="api.catalog.example.com")["items"]
    assert (mapping["basePath"], mapping["stage"]) == ("v1", "prod")
    answer = httpx.get(f"http://127.0.0.1:{server.port}/v1/slug/Big%20Saw", headers={"Host": "api.catalog.example.com"})
    assert answer.json() == {"slug": "big-saw", "stage": "prod"}


def test_a_redeploy_and_delete_keep_and_then_remove_everything(server: EmulatorProcess, catalog: ChaliceProject) -> None:
    first = catalog.deployed()
    catalog.deploy()
    second = catalog.deployed()
    assert second["rest_api"]["rest_api_id"] == first["rest_api"]["rest_api_id"]
    assert event_source(second)["event_uuid"] == event_source(first)["event_uuid"]
    # Chalice publishes the layer anew on every deploy and deletes the version it replaces.
    assert second["managed-layer"]["layer_version_arn"].endswith(":layer:catalog-dev-managed-layer:2")
    versions = server.client("lambda").list_layer_versions(LayerName="catalog-dev-managed-layer")["LayerVersions"]
    assert [version["Version"] for version in versions] == [2]

    catalog.delete()
    lambda_client = server.client("lambda")
    apigateway = server.client("apigateway")
    assert lambda_client.list_functions()["Functions"] == []
    assert lambda_client.list_event_source_mappings()["EventSourceMappings"] == []
    assert lambda_client.list_layer_versions(LayerName="catalog-dev-managed-layer")["LayerVersions"] == []
    assert apigateway.get_rest_apis()["items"] == []
    assert apigateway.get_domain_names()["items"] == []


POLICY_APP = """
from chalice import Chalice

app = Chalice(app_name="ledger")


@app.route("/entries", methods=["GET", "DELETE"])
def entries():
    return {"method": app.current_request.method}
"""


def test_the_api_gateway_policy_file_is_enforced(server: EmulatorProcess, tmp_path: Path) -> None:
    project = ChaliceProject(server, tmp_path / "ledger", "ledger")
    statement = {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}
    no_local_deletes = {
        **statement, "Effect": "Deny", "Resource": "execute-api:/*/DELETE/*",
        "Condition": {"IpAddress": {"aws:SourceIp": "127.0.0.0/8"}},
    }  # fmt: skip
    document = {"Version": "2012-10-17", "Statement": [statement, no_local_deletes]}
    project.write(POLICY_APP, api_gateway_stage="api", api_gateway_policy_file="policy-dev.json")
    (project.folder / ".chalice" / "policy-dev.json").write_text(json.dumps(document))
    project.deploy()
    api = project.rest_api()
    assert api.get("/entries").json() == {"method": "GET"}
    refused = api.request("DELETE", "/entries")
    assert refused.status_code == 403
    assert refused.json() == {
        "Message": "User: anonymous is not authorized to perform: execute-api:Invoke on resource: "
        f"arn:aws:execute-api:us-east-1:********0000:{api.api_id}/api/DELETE/entries with an explicit deny"
    }

    # A private API: Chalice writes a policy allowing its VPC endpoint only, which the emulator takes
    # every request to come through.
    project.write(
        POLICY_APP, api_gateway_stage="api", api_gateway_endpoint_type="PRIVATE", api_gateway_endpoint_vpce="vpce-0ledger"
    )
    project.deploy()
    described = server.client("apigateway").get_rest_api(restApiId=api.api_id)
    assert described["endpointConfiguration"]["types"] == ["PRIVATE"]
    assert "aws:SourceVpce" in described["policy"]
    assert api.request("DELETE", "/entries").json() == {"method": "DELETE"}
