"""Tenant isolation (TenancyConfig PER_TENANT), as the Lambda developer guide describes it.

A tenant-isolated function must be invoked with a tenant id (``TenantId``,
header ``X-Amz-Tenant-Id``), any other function without one; a tenant's
invocations run only in execution environments of that tenant; the handler
sees the id as ``context.tenant_id`` (Node.js: ``context.tenantId``) and JSON
log lines carry it as ``tenantId``. The mode is set at creation and rules out
SnapStart, provisioned concurrency, function URLs and event source mappings.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing.functions import ROLE, make_zip

PER_TENANT = {"TenantIsolationMode": "PER_TENANT"}
MISMATCH = "Tenant ID configuration not specified or passed to a function when tenant isolation is not enabled."

#: Counts its invocations in module state: an environment shared between tenants would show it.
COUNTER = """
import logging
logging.getLogger().setLevel(logging.INFO)
SEEN = []

def handler(event, context):
    SEEN.append(context.tenant_id)
    logging.getLogger("app").info("serving")
    return {"tenant": context.tenant_id, "seen": SEEN}
"""

NODE = """
exports.handler = async (event, context) => ({ tenant: context.tenantId });
"""


def error(info: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]


def invoke(lambda_client: Any, name: str, **options: Any) -> Any:
    return json.loads(lambda_client.invoke(FunctionName=name, **options)["Payload"].read())


def test_the_mode_is_shown_and_kept_by_versions(lambda_client: Any, create_function: Callable[..., dict[str, Any]]) -> None:
    created = create_function("isolated", COUNTER, TenancyConfig=PER_TENANT)
    assert created["TenancyConfig"] == PER_TENANT
    assert lambda_client.get_function_configuration(FunctionName="isolated")["TenancyConfig"] == PER_TENANT
    assert lambda_client.get_function(FunctionName="isolated")["Configuration"]["TenancyConfig"] == PER_TENANT
    version = lambda_client.publish_version(FunctionName="isolated")
    assert version["TenancyConfig"] == PER_TENANT
    plain = create_function("plain", COUNTER)
    assert "TenancyConfig" not in plain


def test_each_tenant_has_environments_of_its_own(lambda_client: Any, create_function: Callable[..., dict[str, Any]]) -> None:
    create_function("isolated", COUNTER, TenancyConfig=PER_TENANT)
    assert invoke(lambda_client, "isolated", TenantId="blue") == {"tenant": "blue", "seen": ["blue"]}
    assert invoke(lambda_client, "isolated", TenantId="green") == {"tenant": "green", "seen": ["green"]}
    assert invoke(lambda_client, "isolated", TenantId="blue") == {"tenant": "blue", "seen": ["blue", "blue"]}
    published = lambda_client.publish_version(FunctionName="isolated")["Version"]
    assert invoke(lambda_client, "isolated", Qualifier=published, TenantId="blue")["seen"] == ["blue"]


def test_json_log_lines_carry_the_tenant(lambda_client: Any, create_function: Callable[..., dict[str, Any]]) -> None:
    create_function("isolated", COUNTER, TenancyConfig=PER_TENANT, LoggingConfig={"LogFormat": "JSON"})
    answer = lambda_client.invoke(FunctionName="isolated", TenantId="tenant-7", LogType="Tail")
    lines = [json.loads(line) for line in base64.b64decode(answer["LogResult"]).decode().splitlines() if line]
    [own] = [line for line in lines if line.get("message") == "serving"]
    assert own["tenantId"] == "tenant-7"
    assert own["requestId"] == answer["ResponseMetadata"]["RequestId"]


def test_the_tenant_id_is_required_exactly_where_isolation_is_on(
    lambda_client: Any, create_function: Callable[..., dict[str, Any]]
) -> None:
    create_function("isolated", COUNTER, TenancyConfig=PER_TENANT)
    create_function("plain", COUNTER)
    for name, options in (("isolated", {}), ("plain", {"TenantId": "blue"}), ("isolated", {"InvocationType": "Event"})):
        with pytest.raises(ClientError) as refused:
            lambda_client.invoke(FunctionName=name, **options)
        assert error(refused) == ("InvalidParameterValueException", MISMATCH)
    with pytest.raises(ClientError) as streamed:
        lambda_client.invoke_with_response_stream(FunctionName="isolated")
    assert error(streamed) == ("InvalidParameterValueException", MISMATCH)
    with pytest.raises(ClientError) as bad_id:
        lambda_client.invoke(FunctionName="isolated", TenantId="no#hash")
    assert error(bad_id)[0] == "ValidationException"
    assert lambda_client.invoke(FunctionName="isolated", TenantId="blue", InvocationType="Event")["StatusCode"] == 202
    assert lambda_client.invoke(FunctionName="isolated", TenantId="blue", InvocationType="DryRun")["StatusCode"] == 204


def test_an_event_invocation_runs_in_its_tenants_environment(
    lambda_client: Any, logs_client: Any, create_function: Callable[..., dict[str, Any]]
) -> None:
    create_function("isolated", COUNTER, TenancyConfig=PER_TENANT, LoggingConfig={"LogFormat": "JSON"})
    lambda_client.invoke(FunctionName="isolated", TenantId="queued", InvocationType="Event")
    deadline = time.monotonic() + 10
    tenants: list[str] = []
    while time.monotonic() < deadline and not tenants:
        time.sleep(0.1)
        try:  # the group is created by the invocation's first line
            events = logs_client.filter_log_events(logGroupName="/aws/lambda/isolated")["events"]
        except logs_client.exceptions.ResourceNotFoundException:
            continue
        tenants = [json.loads(e["message"]).get("tenantId") for e in events if '"serving"' in e["message"]]
    assert tenants == ["queued"]


def test_node_handlers_see_the_tenant(lambda_client: Any) -> None:
    lambda_client.create_function(
        FunctionName="node",
        Runtime="nodejs20.x",
        Role=ROLE,
        Handler="index.handler",
        Code={"ZipFile": make_zip({"index.js": NODE})},
        TenancyConfig=PER_TENANT,
    )
    assert invoke(lambda_client, "node", TenantId="red") == {"tenant": "red"}


def test_features_isolation_rules_out(lambda_client: Any, create_function: Callable[..., dict[str, Any]], server: Any) -> None:
    with pytest.raises(ClientError) as snap_start:
        create_function("snappy", COUNTER, TenancyConfig=PER_TENANT, SnapStart={"ApplyOn": "PublishedVersions"})
    assert error(snap_start) == (
        "InvalidParameterValueException",
        "SnapStart is not supported for functions with tenant isolation mode enabled.",
    )
    create_function("isolated", COUNTER, TenancyConfig=PER_TENANT)
    with pytest.raises(ClientError) as snap_later:
        lambda_client.update_function_configuration(FunctionName="isolated", SnapStart={"ApplyOn": "PublishedVersions"})
    assert error(snap_later)[0] == "InvalidParameterValueException"
    with pytest.raises(ClientError) as url:
        lambda_client.create_function_url_config(FunctionName="isolated", AuthType="NONE")
    assert error(url) == (
        "InvalidParameterValueException",
        "Function URL is not supported for functions with tenant isolation mode enabled.",
    )
    version = lambda_client.publish_version(FunctionName="isolated")["Version"]
    with pytest.raises(ClientError) as provisioned:
        lambda_client.put_provisioned_concurrency_config(
            FunctionName="isolated", Qualifier=version, ProvisionedConcurrentExecutions=1
        )
    assert error(provisioned)[0] == "InvalidParameterValueException"
    dynamodb = server.client("dynamodb")
    table = dynamodb.create_table(
        TableName="events",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
    )
    with pytest.raises(ClientError) as mapping:
        lambda_client.create_event_source_mapping(
            FunctionName="isolated", EventSourceArn=table["TableDescription"]["LatestStreamArn"], StartingPosition="LATEST"
        )
    assert error(mapping)[0] == "InvalidParameterValueException"
    assert lambda_client.list_event_source_mappings(FunctionName="isolated")["EventSourceMappings"] == []
