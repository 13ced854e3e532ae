"""CloudWatch Logs log groups as Terraform's acceptance tests record AWS answering them
(hashicorp/terraform-provider-aws internal/service/logs/group_test.go): the provider's requests replayed
with boto3, and the members its checks read back through DescribeLogGroups.
"""

from __future__ import annotations

from typing import Any

KEY_1 = "arn:aws:kms:us-east-1:000000000000:key/11111111-1111-1111-1111-111111111111"
KEY_2 = "arn:aws:kms:us-east-1:000000000000:key/22222222-2222-2222-2222-222222222222"


def described(logs_client: Any, name: str) -> dict[str, Any]:
    groups = logs_client.describe_log_groups(logGroupNamePrefix=name)["logGroups"]
    return next(group for group in groups if group["logGroupName"] == name)


def test_basic_group(logs_client: Any) -> None:
    # group_test.go::TestAccLogsLogGroup_basic: class STANDARD, no key, no retention
    logs_client.create_log_group(logGroupName="tf-basic")
    group = described(logs_client, "tf-basic")
    assert group["logGroupClass"] == "STANDARD"
    assert "kmsKeyId" not in group
    assert "retentionInDays" not in group


def test_infrequent_access_class(logs_client: Any) -> None:
    # group_test.go::TestAccLogsLogGroup_logGroupClass
    logs_client.create_log_group(logGroupName="tf-ia", logGroupClass="INFREQUENT_ACCESS")
    assert described(logs_client, "tf-ia")["logGroupClass"] == "INFREQUENT_ACCESS"
    listed = logs_client.describe_log_groups(logGroupClass="INFREQUENT_ACCESS")["logGroups"]
    assert [group["logGroupName"] for group in listed] == ["tf-ia"]
    assert logs_client.list_log_groups(logGroupClass="INFREQUENT_ACCESS")["logGroups"] == [
        {
            "logGroupName": "tf-ia",
            "logGroupArn": "arn:aws:logs:us-east-1:000000000000:log-group:tf-ia",
            "logGroupClass": "INFREQUENT_ACCESS",
        }
    ]
    assert logs_client.describe_log_groups(logGroupClass="STANDARD")["logGroups"] == []


def test_delivery_class_forces_two_days(logs_client: Any) -> None:
    # group_test.go::TestAccLogsLogGroup_logGroupClassDELIVERY1 and _DELIVERY2: "AWS API forces
    # retention_in_days to 2 for DELIVERY log group class" (the provider sends no retention for it)
    logs_client.create_log_group(logGroupName="tf-delivery", logGroupClass="DELIVERY")
    group = described(logs_client, "tf-delivery")
    assert (group["logGroupClass"], group["retentionInDays"]) == ("DELIVERY", 2)


def test_kms_key_associated_replaced_and_removed(logs_client: Any) -> None:
    # group_test.go::TestAccLogsLogGroup_kmsKey: created with a key, AssociateKmsKey swaps it,
    # DisassociateKmsKey leaves kms_key_id empty
    logs_client.create_log_group(logGroupName="tf-kms", kmsKeyId=KEY_1)
    assert described(logs_client, "tf-kms")["kmsKeyId"] == KEY_1
    logs_client.associate_kms_key(logGroupName="tf-kms", kmsKeyId=KEY_2)
    assert described(logs_client, "tf-kms")["kmsKeyId"] == KEY_2
    logs_client.disassociate_kms_key(logGroupName="tf-kms")
    assert "kmsKeyId" not in described(logs_client, "tf-kms")


def test_retention_set_changed_and_deleted(logs_client: Any) -> None:
    # group_test.go::TestAccLogsLogGroup_retentionPolicy: 365, then 1096, then 0 (DeleteRetentionPolicy)
    logs_client.create_log_group(logGroupName="tf-retention")
    logs_client.put_retention_policy(logGroupName="tf-retention", retentionInDays=365)
    assert described(logs_client, "tf-retention")["retentionInDays"] == 365
    logs_client.put_retention_policy(logGroupName="tf-retention", retentionInDays=1096)
    assert described(logs_client, "tf-retention")["retentionInDays"] == 1096
    logs_client.delete_retention_policy(logGroupName="tf-retention")
    assert "retentionInDays" not in described(logs_client, "tf-retention")


POLICY = (
    '{"Name":"Test","Version":"2021-06-01","Statement":[{"Sid":"Audit","DataIdentifier":'
    '["arn:aws:dataprotection::aws:data-identifier/EmailAddress"],"Operation":{"Audit":{"FindingsDestination":{}}}},'
    '{"Sid":"Redact","DataIdentifier":["arn:aws:dataprotection::aws:data-identifier/EmailAddress"],'
    '"Operation":{"Deidentify":{"MaskConfig":{}}}}]}'
)


def test_data_protection_policy_put_read_and_deleted(logs_client: Any) -> None:
    # data_protection_policy_test.go::TestAccLogsDataProtectionPolicy_basic and _policyDocument: the
    # document is read back equivalent, log_group_name from logGroupIdentifier; once deleted, Get answers
    # without a document (the provider's "not found")
    logs_client.create_log_group(logGroupName="tf-protected")
    put = logs_client.put_data_protection_policy(logGroupIdentifier="tf-protected", policyDocument=POLICY)
    assert (put["logGroupIdentifier"], put["policyDocument"]) == ("tf-protected", POLICY)
    read = logs_client.get_data_protection_policy(logGroupIdentifier="tf-protected")
    assert (read["logGroupIdentifier"], read["policyDocument"]) == ("tf-protected", POLICY)
    assert read["lastUpdatedTime"] == put["lastUpdatedTime"]
    assert described(logs_client, "tf-protected")["dataProtectionStatus"] == "ACTIVATED"
    logs_client.delete_data_protection_policy(logGroupIdentifier="tf-protected")
    gone = logs_client.get_data_protection_policy(logGroupIdentifier="tf-protected")
    assert "policyDocument" not in gone
    assert gone["logGroupIdentifier"] == "tf-protected"


def test_group_without_data_protection_shows_no_status(logs_client: Any) -> None:
    logs_client.create_log_group(logGroupName="tf-unprotected")
    assert "dataProtectionStatus" not in described(logs_client, "tf-unprotected")
    assert "policyDocument" not in logs_client.get_data_protection_policy(logGroupIdentifier="tf-unprotected")


def test_query_definition_names_log_groups_by_arn(logs_client: Any) -> None:
    # terraform-provider-aws query_definition_test.go::TestAccLogsQueryDefinition_logGroupARNs
    logs_client.create_log_group(logGroupName="queried")
    arn = logs_client.describe_log_groups(logGroupNamePrefix="queried")["logGroups"][0]["logGroupArn"].removesuffix(":*")
    created = logs_client.put_query_definition(name="by-arn", queryString="fields @message", logGroupNames=[arn])
    (definition,) = logs_client.describe_query_definitions(queryDefinitionNamePrefix="by-arn")["queryDefinitions"]
    assert definition["queryDefinitionId"] == created["queryDefinitionId"]
    assert definition["logGroupNames"] == [arn]
