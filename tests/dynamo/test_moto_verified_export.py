"""ExportTableToPointInTime refusals as moto's aws_verified test_dynamodb_export_table.py records them."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from ddb_helpers import error_of

EXPORT = {"ExportFormat": "DYNAMODB_JSON", "S3Bucket": "exports-bucket", "S3Prefix": "prefix"}


def test_export_of_a_missing_table_names_its_arn(dynamodb: Any) -> None:
    arn = "arn:aws:dynamodb:us-east-1:000000000000:table/absent"
    with pytest.raises(ClientError) as caught:
        dynamodb.export_table_to_point_in_time(TableArn=arn, **EXPORT)
    assert error_of(caught) == ("TableNotFoundException", f"Table not found: {arn}")


def test_export_needs_point_in_time_recovery(dynamodb: Any, hash_table: str) -> None:
    arn = dynamodb.describe_table(TableName=hash_table)["Table"]["TableArn"]
    with pytest.raises(ClientError) as caught:
        dynamodb.export_table_to_point_in_time(TableArn=arn, **EXPORT)
    assert error_of(caught) == (
        "PointInTimeRecoveryUnavailableException", f"Point in time recovery is not enabled for table '{hash_table}'"
    )
