"""Layer version permissions as Terraform reads them back from GetLayerVersionPolicy
(hashicorp/terraform-provider-aws layer_version_permission_test.go): the provider takes the first statement's
Sid, Action, the organization from its condition, and the principal as ``*`` or the account of an IAM ARN.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from lambda_helpers import make_zip


@pytest.fixture
def layer(lambda_client: Any) -> str:
    lambda_client.publish_layer_version(LayerName="tf-layer", Content={"ZipFile": make_zip({"python/m.py": "M = 1\n"})})
    return "arn:aws:lambda:us-east-1:000000000000:layer:tf-layer:1"


def added(lambda_client: Any, **options: Any) -> dict[str, Any]:
    answer = lambda_client.add_layer_version_permission(
        LayerName="tf-layer", VersionNumber=1, StatementId="xaccount", Action="lambda:GetLayerVersion", **options
    )
    statement = json.loads(answer["Statement"])
    policy = json.loads(lambda_client.get_layer_version_policy(LayerName="tf-layer", VersionNumber=1)["Policy"])
    assert policy["Statement"] == [statement]
    return statement


def test_account_principal_is_its_root(lambda_client: Any, layer: str) -> None:
    # TestLambdaLayerVersionPermission_account: principal "456789820214" read back through arn.Parse
    statement = added(lambda_client, Principal="456789820214")
    assert statement == {
        "Sid": "xaccount",
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::456789820214:root"},
        "Action": "lambda:GetLayerVersion",
        "Resource": layer,
    }


def test_everyone_in_an_organization(lambda_client: Any, layer: str) -> None:
    # TestLambdaLayerVersionPermission_org: principal "*", organization_id from the condition
    statement = added(lambda_client, Principal="*", OrganizationId="o-0123456789")
    assert statement["Principal"] == "*"
    assert statement["Condition"] == {"StringEquals": {"aws:PrincipalOrgID": "o-0123456789"}}
