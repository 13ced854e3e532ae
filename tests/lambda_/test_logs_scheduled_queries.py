"""Scheduled queries and lookup tables: kept, listed, updated and deleted as their APIs describe;
ListLogGroupsForQuery names the groups an Insights query searched."""

from __future__ import annotations

import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

ROLE = "arn:aws:iam::000000000000:role/r"


def error(call: Any, **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as info:
        call(**params)
    return info.value.response["Error"]


def query(**overrides: Any) -> dict[str, Any]:
    return {
        "queryLanguage": "CWLI",
        "queryString": "fields @message | limit 5",
        "scheduleExpression": "rate(5 minutes)",
        "executionRoleArn": ROLE,
        **overrides,
    }


def test_scheduled_query_lifecycle(logs_client: Any) -> None:
    created = logs_client.create_scheduled_query(name="hourly", logGroupIdentifiers=["/a"], **query())
    assert created["state"] == "ENABLED"
    arn = created["scheduledQueryArn"]
    for identifier in ("hourly", arn):
        got = logs_client.get_scheduled_query(identifier=identifier)
        assert (got["name"], got["scheduledQueryArn"], got["logGroupIdentifiers"]) == ("hourly", arn, ["/a"])
    assert error(logs_client.create_scheduled_query, name="hourly", **query())["Code"] == "ConflictException"
    updated = logs_client.update_scheduled_query(identifier=arn, state="DISABLED", **query(queryString="fields @timestamp"))
    assert (updated["state"], updated["queryString"]) == ("DISABLED", "fields @timestamp")
    assert "logGroupIdentifiers" not in updated
    (summary,) = logs_client.list_scheduled_queries(state="DISABLED")["scheduledQueries"]
    assert summary["name"] == "hourly" and "queryString" not in summary
    history = logs_client.get_scheduled_query_history(identifier="hourly", startTime=0, endTime=int(time.time()))
    assert history["triggerHistory"] == []
    logs_client.delete_scheduled_query(identifier="hourly")
    assert error(logs_client.get_scheduled_query, identifier="hourly")["Code"] == "ResourceNotFoundException"


def test_lookup_tables(logs_client: Any) -> None:
    body = "id,name\n1,one\n2,two\n"
    created = logs_client.create_lookup_table(lookupTableName="names", tableBody=body, description="d", tags={"k": "v"})
    arn = created["lookupTableArn"]
    assert arn == "arn:aws:logs:us-east-1:000000000000:lookup-table:names"
    got = logs_client.get_lookup_table(lookupTableArn=arn)
    assert (got["tableBody"], got["description"], got["sizeBytes"]) == (body, "d", len(body))
    (described,) = logs_client.describe_lookup_tables(lookupTableNamePrefix="na")["lookupTables"]
    assert (described["tableFields"], described["recordsCount"]) == (["id", "name"], 2)
    assert error(logs_client.create_lookup_table, lookupTableName="names", tableBody=body)["Code"] == (
        "ResourceAlreadyExistsException"
    )
    logs_client.update_lookup_table(lookupTableArn=arn, tableBody="id\n1\n")
    assert logs_client.describe_lookup_tables()["lookupTables"][0]["recordsCount"] == 1
    assert logs_client.list_tags_for_resource(resourceArn=arn)["tags"] == {"k": "v"}
    logs_client.delete_lookup_table(lookupTableArn=arn)
    assert error(logs_client.get_lookup_table, lookupTableArn=arn)["Code"] == "ResourceNotFoundException"


def test_list_log_groups_for_query(logs_client: Any) -> None:
    for name in ("/q/b", "/q/a"):
        logs_client.create_log_group(logGroupName=name)
    now = int(time.time())
    query_id = logs_client.start_query(logGroupNames=["/q/b", "/q/a"], startTime=now - 60, endTime=now, queryString="fields @message")[
        "queryId"
    ]
    listed = logs_client.list_log_groups_for_query(queryId=query_id)["logGroupIdentifiers"]
    assert listed == ["arn:aws:logs:us-east-1:000000000000:log-group:/q/a", "arn:aws:logs:us-east-1:000000000000:log-group:/q/b"]


def test_a_negative_page_size_is_refused(logs_client: Any) -> None:
    """The models of the newer listings set no minimum page size; a negative one gets a validation error, not a 500."""
    refused = error(logs_client.describe_lookup_tables, maxResults=-1)
    assert refused["Code"] == "InvalidParameterException"
    assert "'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1" in refused["Message"]
