"""The CloudWatch Logs operations that reach services the emulator does not run (OpenSearch, CloudTrail
Lake, S3 Tables, VPC endpoints, vended-log data sources, OpenTelemetry log objects): they check their
input as AWS does, then answer as AWS does for resources that do not exist there; OpenSearch
integrations are kept, and fail to provision."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess

ROLE = "arn:aws:iam::000000000000:role/logs"
EVENT_DATA_STORE = (
    "arn:aws:cloudtrail:us-east-1:000000000000:eventdatastore/0c9b2d4e-1111-2222-3333-444455556666"
)
S3_TABLE_INTEGRATION = "arn:aws:observabilityadmin:us-east-1:000000000000:s3tableintegration/abc123"


def error(call: Any, **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as info:
        call(**params)
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    return info.value.response["Error"]


def opensearch(**overrides: Any) -> dict[str, Any]:
    config = {"dataSourceRoleArn": ROLE, "dashboardViewerPrincipals": [ROLE], "retentionDays": 7, **overrides}
    return {"openSearchResourceConfig": config}


def test_an_integration_is_kept_and_fails_to_provision(logs_client: Any) -> None:
    assert logs_client.list_integrations()["integrationSummaries"] == []
    created = logs_client.put_integration(
        integrationName="dash", integrationType="OPENSEARCH", resourceConfig=opensearch()
    )
    assert (created["integrationName"], created["integrationStatus"]) == ("dash", "PROVISIONING")
    got = logs_client.get_integration(integrationName="dash")
    assert (got["integrationType"], got["integrationStatus"]) == ("OPENSEARCH", "FAILED")
    assert logs_client.list_integrations(integrationNamePrefix="da")["integrationSummaries"] == [
        {"integrationName": "dash", "integrationType": "OPENSEARCH", "integrationStatus": "FAILED"}
    ]
    assert logs_client.list_integrations(integrationStatus="ACTIVE")["integrationSummaries"] == []
    assert logs_client.list_integrations(integrationNamePrefix="other")["integrationSummaries"] == []
    again = error(
        logs_client.put_integration,
        integrationName="dash",
        integrationType="OPENSEARCH",
        resourceConfig=opensearch(),
    )
    assert again["Code"] == "ValidationException"
    second = error(
        logs_client.put_integration,
        integrationName="more",
        integrationType="OPENSEARCH",
        resourceConfig=opensearch(),
    )
    assert second["Code"] == "LimitExceededException"
    logs_client.delete_integration(integrationName="dash", force=True)
    assert error(logs_client.get_integration, integrationName="dash")["Code"] == "ResourceNotFoundException"
    assert (
        error(logs_client.delete_integration, integrationName="dash")["Code"] == "ResourceNotFoundException"
    )


def test_integration_input_is_checked(logs_client: Any) -> None:
    days = error(
        logs_client.put_integration,
        integrationName="d",
        integrationType="OPENSEARCH",
        resourceConfig=opensearch(retentionDays=31),
    )
    assert days == {
        "Code": "InvalidParameterException",
        "Message": "1 validation error detected: Value '31' at 'resourceConfig.openSearchResourceConfig.retentionDays' "
        "failed to satisfy constraint: Member must have value less than or equal to 30",
    }
    name = error(logs_client.get_integration, integrationName="bad name!")
    assert (
        name["Code"] == "InvalidParameterException"
        and "at 'integrationName' failed to satisfy constraint" in name["Message"]
    )


def test_imports_from_cloudtrail_lake_find_no_event_data_store(logs_client: Any) -> None:
    missing = error(logs_client.create_import_task, importSourceArn=EVENT_DATA_STORE, importRoleArn=ROLE)
    assert missing["Code"] == "ResourceNotFoundException" and EVENT_DATA_STORE in missing["Message"]
    not_a_store = error(
        logs_client.create_import_task, importSourceArn="arn:aws:s3:::bucket", importRoleArn=ROLE
    )
    assert not_a_store["Code"] == "InvalidParameterException"
    window = error(
        logs_client.create_import_task,
        importSourceArn=EVENT_DATA_STORE,
        importRoleArn=ROLE,
        importFilter={"startEventTime": 2000, "endEventTime": 1000},
    )
    assert window["Code"] == "InvalidParameterException" and "startEventTime" in window["Message"]
    assert logs_client.describe_import_tasks()["imports"] == []
    assert (
        logs_client.describe_import_tasks(importStatus="IN_PROGRESS", importSourceArn=EVENT_DATA_STORE)[
            "imports"
        ]
        == []
    )
    assert (
        error(logs_client.describe_import_task_batches, importId="abc-123")["Code"]
        == "ResourceNotFoundException"
    )
    assert error(logs_client.cancel_import_task, importId="abc-123")["Code"] == "ResourceNotFoundException"
    bad_id = error(logs_client.cancel_import_task, importId="not valid!")
    assert (
        bad_id["Code"] == "InvalidParameterException"
        and "at 'importId' failed to satisfy constraint" in bad_id["Message"]
    )


def test_s3_table_integrations_are_not_found(logs_client: Any) -> None:
    associate = error(
        logs_client.associate_source_to_s3_table_integration,
        integrationArn=S3_TABLE_INTEGRATION,
        dataSource={"name": "amazon_vpc", "type": "flow"},
    )
    assert associate["Code"] == "ResourceNotFoundException" and S3_TABLE_INTEGRATION in associate["Message"]
    listed = error(logs_client.list_sources_for_s3_table_integration, integrationArn=S3_TABLE_INTEGRATION)
    assert listed["Code"] == "ResourceNotFoundException"
    removed = error(logs_client.disassociate_source_from_s3_table_integration, identifier="source-1")
    assert removed["Code"] == "ResourceNotFoundException"
    too_many = error(
        logs_client.list_sources_for_s3_table_integration, integrationArn=S3_TABLE_INTEGRATION, maxResults=101
    )
    assert too_many == {
        "Code": "ValidationException",
        "Message": "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: "
        "Member must have value less than or equal to 100",
    }


def test_syslog_needs_a_vpc_endpoint_that_exists(logs_client: Any) -> None:
    missing_group = error(
        logs_client.put_syslog_configuration, logGroupIdentifier="/syslog/none", vpcEndpointId="vpce-0a1b2c"
    )
    assert missing_group == {
        "Code": "ResourceNotFoundException",
        "Message": "The specified log group does not exist.",
    }
    logs_client.create_log_group(logGroupName="/syslog/app")
    endpoint = error(
        logs_client.put_syslog_configuration, logGroupIdentifier="/syslog/app", vpcEndpointId="vpce-0a1b2c"
    )
    assert endpoint["Code"] == "InvalidParameterException" and "vpce-0a1b2c" in endpoint["Message"]
    assert (
        error(logs_client.put_syslog_configuration, logGroupIdentifier="/syslog/app")["Code"]
        == "InvalidParameterException"
    )
    pattern = error(
        logs_client.put_syslog_configuration, logGroupIdentifier="/syslog/app", vpcEndpointId="endpoint-1"
    )
    assert (
        pattern["Code"] == "InvalidParameterException"
        and "at 'vpcEndpointId' failed to satisfy constraint" in pattern["Message"]
    )
    assert logs_client.list_syslog_configurations()["syslogConfigurations"] == []
    assert (
        logs_client.list_syslog_configurations(logGroupIdentifier="/syslog/app")["syslogConfigurations"] == []
    )
    assert (
        error(logs_client.list_syslog_configurations, logGroupIdentifier="/syslog/none")["Code"]
        == "ResourceNotFoundException"
    )
    assert (
        error(logs_client.delete_syslog_configuration, logGroupIdentifier="/syslog/app")["Code"]
        == "ResourceNotFoundException"
    )


def test_no_group_has_a_data_source(logs_client: Any) -> None:
    logs_client.create_log_group(logGroupName="/sources/app")
    summaries = logs_client.list_aggregate_log_group_summaries(groupBy="DATA_SOURCE_NAME_AND_TYPE")
    assert summaries["aggregateLogGroupSummaries"] == [] and "nextToken" not in summaries
    token = error(
        logs_client.list_aggregate_log_group_summaries, groupBy="DATA_SOURCE_NAME_AND_TYPE", nextToken="bogus"
    )
    assert token == {"Code": "InvalidParameterException", "Message": "The specified nextToken is invalid."}
    group_by = error(logs_client.list_aggregate_log_group_summaries, groupBy="NAME")
    assert group_by["Code"] == "InvalidParameterException"
    assert group_by["Message"].startswith(
        "1 validation error detected: Value 'NAME' at 'groupBy' failed to satisfy constraint"
    )
    fields = error(logs_client.get_log_fields, dataSourceName="amazon_vpc", dataSourceType="flow")
    assert fields["Code"] == "ResourceNotFoundException"


def test_no_large_log_object_exists(server: EmulatorProcess) -> None:
    logs = server.client("logs", config=Config(inject_host_prefix=False))
    missing = error(logs.get_log_object, logObjectPointer="@ptr.$['input']['message']")
    assert missing["Code"] == "ResourceNotFoundException"
    too_long = error(logs.get_log_object, logObjectPointer="p" * 513)
    assert too_long["Code"] == "InvalidParameterException"
