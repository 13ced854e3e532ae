"""Logs Insights queries as AWS describes them, replayed from LocalStack's AWS-validated snapshot
tests/aws/services/logs/test_logs_queries.snapshot.json (recorded 2026-02-06).
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from botocore.exceptions import ClientError


def test_start_query_on_a_missing_group_passes_on_the_inner_error(logs_client: Any) -> None:
    # LocalStack's AWS-validated snapshot test_logs_queries.snapshot.json::test_start_query_log_group_not_found
    now = int(time.time())
    with pytest.raises(ClientError) as info:
        logs_client.start_query(logGroupName="non-existent-1", startTime=now - 3600, endTime=now + 300, queryString="fields @message")
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    err = info.value.response["Error"]
    assert err["Code"] == "ResourceNotFoundException"
    assert re.fullmatch(
        r"Log group 'non-existent-1' does not exist for account ID '000000000000' \(Service: AWSLogs; Status Code: 400; "
        r"Error Code: ResourceNotFoundException; Request ID: [0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}; Proxy: null\)",
        err["Message"],
    )


def test_describe_queries_shows_the_query_with_its_source_and_time_range(logs_client: Any) -> None:
    # LocalStack's AWS-validated snapshot test_logs_queries.snapshot.json::test_describe_queries
    # and ::test_describe_queries_with_status_filter
    logs_client.create_log_group(logGroupName="queried")
    start, end = int(time.time()) - 3600, int(time.time()) + 300
    query_id = logs_client.start_query(logGroupName="queried", startTime=start, endTime=end, queryString="fields @message")["queryId"]
    expected = {
        "logGroupName": "queried",
        "queryId": query_id,
        "queryLanguage": "CWLI",
        "queryString": f'SOURCE "queried" START={start}000 END={end}999 | fields @message',
        "status": "Complete",
    }
    for params in ({"logGroupName": "queried"}, {"logGroupName": "queried", "status": "Complete"}):
        (query,) = logs_client.describe_queries(**params)["queries"]
        assert isinstance(query.pop("createTime"), int)
        assert query == expected
    assert logs_client.describe_queries(logGroupName="queried", status="Scheduled")["queries"] == []
    logs_client.create_log_group(logGroupName="unqueried")
    assert logs_client.describe_queries(logGroupName="unqueried")["queries"] == []
