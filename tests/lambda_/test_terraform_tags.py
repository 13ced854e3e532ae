"""Tags on Lambda resources other than functions, as Terraform's acceptance tests use them: a code signing
config created with tags, then retagged through TagResource / UntagResource and read with ListTags
(hashicorp/terraform-provider-aws code_signing_config_test.go::TestAccLambdaCodeSigningConfig_tags).
Event source mapping ARNs are taggable too (botocore's TaggableResource pattern names both).
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

PUBLISHERS = {"SigningProfileVersionArns": ["arn:aws:signer:us-east-1:000000000000:/signing-profiles/tf/abc"]}


def test_code_signing_config_tags_follow_each_step(lambda_client: Any) -> None:
    created = lambda_client.create_code_signing_config(AllowedPublishers=PUBLISHERS, Tags={"key1": "value1"})
    arn = created["CodeSigningConfig"]["CodeSigningConfigArn"]
    assert lambda_client.list_tags(Resource=arn)["Tags"] == {"key1": "value1"}
    lambda_client.tag_resource(Resource=arn, Tags={"key1": "value1updated", "key2": "value2"})
    assert lambda_client.list_tags(Resource=arn)["Tags"] == {"key1": "value1updated", "key2": "value2"}
    lambda_client.untag_resource(Resource=arn, TagKeys=["key1"])
    assert lambda_client.list_tags(Resource=arn)["Tags"] == {"key2": "value2"}
    lambda_client.delete_code_signing_config(CodeSigningConfigArn=arn)
    with pytest.raises(ClientError) as info:
        lambda_client.list_tags(Resource=arn)
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_untagged_code_signing_config_lists_no_tags(lambda_client: Any) -> None:
    arn = lambda_client.create_code_signing_config(AllowedPublishers=PUBLISHERS)["CodeSigningConfig"]["CodeSigningConfigArn"]
    assert lambda_client.list_tags(Resource=arn)["Tags"] == {}


def test_event_source_mapping_tags(lambda_client: Any, create_function: Any, server: Any) -> None:
    create_function("tf-tagged-mapping")
    dynamodb = server.client("dynamodb")
    table = dynamodb.create_table(
        TableName="tf-tagged",
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"},
    )
    mapping = lambda_client.create_event_source_mapping(
        EventSourceArn=table["TableDescription"]["LatestStreamArn"],
        FunctionName="tf-tagged-mapping",
        StartingPosition="LATEST",
        Tags={"team": "a"},
    )
    arn = mapping["EventSourceMappingArn"]
    assert lambda_client.list_tags(Resource=arn)["Tags"] == {"team": "a"}
    lambda_client.tag_resource(Resource=arn, Tags={"stage": "dev"})
    assert lambda_client.list_tags(Resource=arn)["Tags"] == {"team": "a", "stage": "dev"}
