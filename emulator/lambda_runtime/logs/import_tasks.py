"""Import tasks (CreateImportTask, DescribeImportTasks, DescribeImportTaskBatches, CancelImportTask):
imports from a CloudTrail Lake event data store into a managed log group.

CloudTrail is not emulated, so no event data store exists: CreateImportTask checks its input as the
API reference lists the constraints, then answers as AWS does for a source it cannot find
(ResourceNotFoundException). No task is ever made, so the listings are empty and an import ID is
never found. The wordings are guessed: AWS does not document them.
"""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from .base import InvalidParameterException, ResourceNotFoundException


class ImportTaskOperations:
    def create_import_task(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        source = params["importSourceArn"]
        if not _is_event_data_store(source):
            raise InvalidParameterException(
                f"Invalid import source ARN: {source}. Only CloudTrail Lake event data stores are supported."
            )
        window = params.get("importFilter") or {}
        start, end = window.get("startEventTime"), window.get("endEventTime")
        if start is not None and end is not None and start > end:
            raise InvalidParameterException("startEventTime must be less than or equal to endEventTime.")
        raise ResourceNotFoundException(f"Event data store {source} does not exist.")

    def describe_import_tasks(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return {"imports": []}

    def describe_import_task_batches(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        raise _no_import(params["importId"])

    def cancel_import_task(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        raise _no_import(params["importId"])


def _is_event_data_store(arn: str) -> bool:
    parts = arn.split(":", 5)
    return (
        len(parts) == 6
        and parts[0] == "arn"
        and parts[2] == "cloudtrail"
        and parts[5].startswith("eventdatastore/")
    )


def _no_import(import_id: str) -> ResourceNotFoundException:
    return ResourceNotFoundException(f"Import task {import_id} does not exist.")
