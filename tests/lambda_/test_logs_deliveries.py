"""Vended-log deliveries as AWS answers them (LocalStack's AWS-validated snapshot
tests/aws/services/logs/test_logs_delivery.snapshot.json, recorded 2026-02)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

DISTRIBUTION = "arn:aws:cloudfront::000000000000:distribution/E1Q5F5862X9VJ5"
BUCKET = "arn:aws:s3:::bucket"
PREFIX = "arn:aws:logs:us-east-1:000000000000"


def error(call: Any, **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as info:
        call(**params)
    return info.value.response["Error"]


def not_found(what: str) -> dict[str, str]:
    return {"Code": "ResourceNotFoundException", "Message": f"Requested {what} does not exist in this account."}


def test_delivery_destinations(logs_client: Any) -> None:
    put = logs_client.put_delivery_destination(
        name="dd", outputFormat="json", deliveryDestinationConfiguration={"destinationResourceArn": BUCKET}, tags={"k": "v"}
    )["deliveryDestination"]
    assert put == {
        "name": "dd",
        "arn": f"{PREFIX}:delivery-destination:dd",
        "deliveryDestinationType": "S3",
        "outputFormat": "json",
        "deliveryDestinationConfiguration": {"destinationResourceArn": BUCKET},
        "tags": {"k": "v"},
    }
    updated = logs_client.put_delivery_destination(
        name="dd", deliveryDestinationConfiguration={"destinationResourceArn": BUCKET + "2"}
    )["deliveryDestination"]
    assert "outputFormat" not in updated and updated["tags"] == {"k": "v"}
    # Get answers no tags (Terraform reads them with ListTagsForResource).
    assert logs_client.get_delivery_destination(name="dd")["deliveryDestination"] == {
        k: v for k, v in updated.items() if k != "tags"
    }
    assert logs_client.list_tags_for_resource(resourceArn=updated["arn"])["tags"] == {"k": "v"}
    group = f"{PREFIX}:log-group:target"
    logs_client.put_delivery_destination(name="cwl", deliveryDestinationConfiguration={"destinationResourceArn": group})
    described = logs_client.describe_delivery_destinations()["deliveryDestinations"]
    assert [(d["name"], d["deliveryDestinationType"]) for d in described] == [("cwl", "CWL"), ("dd", "S3")]
    logs_client.delete_delivery_destination(name="dd")
    assert error(logs_client.get_delivery_destination, name="dd") == not_found("Delivery Destination")
    assert error(logs_client.delete_delivery_destination, name="dd") == not_found("Delivery Destination")


def test_invalid_output_format(logs_client: Any) -> None:
    problem = error(
        logs_client.put_delivery_destination,
        name="bad",
        outputFormat="foobar",
        deliveryDestinationConfiguration={"destinationResourceArn": BUCKET},
    )
    assert problem == {
        "Code": "ValidationException",
        "Message": "1 validation error detected: Value 'foobar' at 'outputFormat' failed to satisfy constraint: "
        "Member must satisfy enum value set: [w3c, raw, json, plain, parquet]",
    }


def test_delivery_destination_policy(logs_client: Any) -> None:
    logs_client.put_delivery_destination(name="pd", deliveryDestinationConfiguration={"destinationResourceArn": BUCKET})
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "logs:CreateDelivery"}]})
    put = logs_client.put_delivery_destination_policy(deliveryDestinationName="pd", deliveryDestinationPolicy=policy)
    assert put["policy"] == {"deliveryDestinationPolicy": policy}
    assert logs_client.get_delivery_destination_policy(deliveryDestinationName="pd")["policy"] == put["policy"]
    assert "policy" not in logs_client.get_delivery_destination(name="pd")["deliveryDestination"]
    logs_client.delete_delivery_destination_policy(deliveryDestinationName="pd")
    assert logs_client.get_delivery_destination_policy(deliveryDestinationName="pd")["policy"] == {}
    missing = error(logs_client.get_delivery_destination_policy, deliveryDestinationName="absent")
    assert missing == not_found("Delivery Destination")


def test_delivery_sources(logs_client: Any) -> None:
    put = logs_client.put_delivery_source(name="ds", resourceArn=DISTRIBUTION, logType="ACCESS_LOGS", tags={"key1": "value1"})
    assert put["deliverySource"] == {
        "name": "ds",
        "arn": f"{PREFIX}:delivery-source:ds",
        "resourceArns": [DISTRIBUTION],
        "service": "cloudfront",
        "logType": "ACCESS_LOGS",
        "tags": {"key1": "value1"},
    }
    assert logs_client.get_delivery_source(name="ds")["deliverySource"] == {
        k: v for k, v in put["deliverySource"].items() if k != "tags"
    }
    assert [s["name"] for s in logs_client.describe_delivery_sources()["deliverySources"]] == ["ds"]
    bucket_source = error(logs_client.put_delivery_source, name="s3", resourceArn=BUCKET, logType="ACCESS_LOGS")
    assert bucket_source == {"Code": "ResourceNotFoundException", "Message": "Cannot access provided service."}
    logs_client.delete_delivery_source(name="ds")
    assert error(logs_client.get_delivery_source, name="ds") == not_found("Delivery Source")


def test_deliveries(logs_client: Any) -> None:
    logs_client.put_delivery_source(name="src", resourceArn=DISTRIBUTION, logType="ACCESS_LOGS")
    destination = logs_client.put_delivery_destination(
        name="dst", deliveryDestinationConfiguration={"destinationResourceArn": BUCKET}
    )["deliveryDestination"]
    delivery = logs_client.create_delivery(
        deliverySourceName="src",
        deliveryDestinationArn=destination["arn"],
        recordFields=["date"],
        fieldDelimiter=",",
        s3DeliveryConfiguration={"suffixPath": "AWSLogs/000000000000/CloudFront/", "enableHiveCompatiblePath": True},
        tags={"key1": "value1"},
    )["delivery"]
    assert delivery["arn"] == f"{PREFIX}:delivery:{delivery['id']}" and delivery["id"].isalnum()
    assert {k: v for k, v in delivery.items() if k not in ("id", "arn")} == {
        "deliverySourceName": "src",
        "deliveryDestinationArn": destination["arn"],
        "deliveryDestinationType": "S3",
        "recordFields": ["date"],
        "fieldDelimiter": ",",
        "s3DeliveryConfiguration": {"suffixPath": "AWSLogs/000000000000/CloudFront/", "enableHiveCompatiblePath": True},
        "tags": {"key1": "value1"},
    }
    again = error(logs_client.create_delivery, deliverySourceName="src", deliveryDestinationArn=destination["arn"])
    assert again["Code"] == "ConflictException"
    assert error(logs_client.delete_delivery_source, name="src")["Code"] == "ConflictException"
    logs_client.update_delivery_configuration(id=delivery["id"], recordFields=["date", "time"])
    assert logs_client.get_delivery(id=delivery["id"])["delivery"]["recordFields"] == ["date", "time"]
    listed = logs_client.describe_deliveries(deliverySourceNames=["src"])["deliveries"]
    assert [d["id"] for d in listed] == [delivery["id"]]
    logs_client.tag_resource(resourceArn=delivery["arn"], tags={"key2": "value2"})
    assert logs_client.list_tags_for_resource(resourceArn=delivery["arn"])["tags"] == {"key1": "value1", "key2": "value2"}
    logs_client.delete_delivery(id=delivery["id"])
    assert error(logs_client.get_delivery, id=delivery["id"]) == not_found("Delivery")
    logs_client.delete_delivery_source(name="src")
    missing_source = error(logs_client.create_delivery, deliverySourceName="src", deliveryDestinationArn=destination["arn"])
    assert missing_source == not_found("Delivery Source")


def test_delivery_operations_word_input_errors_as_validation_exceptions(logs_client: Any) -> None:
    problem = error(logs_client.put_delivery_source, name="bad name!", resourceArn=DISTRIBUTION, logType="ACCESS_LOGS")
    assert problem == {
        "Code": "ValidationException",
        "Message": "1 validation error detected: Value 'bad name!' at 'name' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [\\w-]*",
    }
    # The older operations keep CloudWatch Logs' InvalidParameterException.
    assert error(logs_client.describe_destinations, limit=51)["Code"] == "InvalidParameterException"


def test_cloudfront_access_logs_take_the_template_defaults(logs_client: Any) -> None:
    logs_client.put_delivery_source(name="cf", resourceArn=DISTRIBUTION, logType="ACCESS_LOGS")
    arn = logs_client.put_delivery_destination(name="cfd", deliveryDestinationConfiguration={"destinationResourceArn": BUCKET})[
        "deliveryDestination"
    ]["arn"]
    delivery_id = logs_client.create_delivery(deliverySourceName="cf", deliveryDestinationArn=arn)["delivery"]["id"]
    delivery = logs_client.get_delivery(id=delivery_id)["delivery"]
    assert delivery["recordFields"][:3] == ["date", "time", "x-edge-location"] and len(delivery["recordFields"]) == 33
    assert delivery["s3DeliveryConfiguration"] == {"suffixPath": "AWSLogs/{account-id}/CloudFront/", "enableHiveCompatiblePath": False}
