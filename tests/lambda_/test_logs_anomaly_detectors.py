"""Log anomaly detectors, as Terraform's aws_cloudwatch_log_anomaly_detector manages them."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

GROUP_ARN = "arn:aws:logs:us-east-1:000000000000:log-group:{}"


def error(call: Any, **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as info:
        call(**params)
    return info.value.response["Error"]


def test_detector_lifecycle(logs_client: Any) -> None:
    logs_client.create_log_group(logGroupName="watched")
    arn = logs_client.create_log_anomaly_detector(
        logGroupArnList=[GROUP_ARN.format("watched")], detectorName="det", evaluationFrequency="FIVE_MIN", tags={"k": "v"}
    )["anomalyDetectorArn"]
    assert arn.startswith("arn:aws:logs:us-east-1:000000000000:anomaly-detector:")
    got = logs_client.get_log_anomaly_detector(anomalyDetectorArn=arn)
    assert (got["detectorName"], got["evaluationFrequency"], got["logGroupArnList"]) == (
        "det", "FIVE_MIN", [GROUP_ARN.format("watched")],
    )  # fmt: skip
    assert got["anomalyDetectorStatus"] == "INITIALIZING" and "anomalyDetectorArn" not in got
    logs_client.update_log_anomaly_detector(anomalyDetectorArn=arn, enabled=False, evaluationFrequency="ONE_HOUR")
    paused = logs_client.get_log_anomaly_detector(anomalyDetectorArn=arn)
    assert (paused["anomalyDetectorStatus"], paused["evaluationFrequency"]) == ("PAUSED", "ONE_HOUR")
    listed = logs_client.list_log_anomaly_detectors(filterLogGroupArn=GROUP_ARN.format("watched"))["anomalyDetectors"]
    assert [d["anomalyDetectorArn"] for d in listed] == [arn]
    assert logs_client.list_log_anomaly_detectors(filterLogGroupArn=GROUP_ARN.format("other"))["anomalyDetectors"] == []
    assert logs_client.list_tags_for_resource(resourceArn=arn)["tags"] == {"k": "v"}
    assert logs_client.list_anomalies(anomalyDetectorArn=arn)["anomalies"] == []
    logs_client.delete_log_anomaly_detector(anomalyDetectorArn=arn)
    assert error(logs_client.get_log_anomaly_detector, anomalyDetectorArn=arn)["Code"] == "ResourceNotFoundException"


def test_detector_needs_existing_groups(logs_client: Any) -> None:
    missing = error(logs_client.create_log_anomaly_detector, logGroupArnList=[GROUP_ARN.format("absent")])
    assert missing == {"Code": "ResourceNotFoundException", "Message": "The specified log group does not exist."}
