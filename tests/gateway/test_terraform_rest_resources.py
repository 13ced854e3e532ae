"""terraform-provider-aws's acceptance tests of REST API side resources replayed through boto3:
account, authorizers, usage plans, domain names and base path mappings.

Each test names the acceptance test (internal/service/apigateway/*_test.go) whose requests it replays.
"""

from __future__ import annotations

from typing import Any

import pytest

from emulator.testing.process import EmulatorProcess

POOLS = [
    f"arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_{name}" for name in ("aaa", "bbb", "ccc")
]
CERTIFICATE = "arn:aws:acm:us-east-1:000000000000:certificate/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"


@pytest.fixture
def apigateway(server: EmulatorProcess) -> Any:
    return server.client("apigateway")


def deployed_api(apigateway: Any, *stages: str) -> str:
    """A REGIONAL API with a MOCK GET /tf-acc deployed to ``stages`` (terraform's base configs)."""
    api_id = apigateway.create_rest_api(name="tf-acc-test", endpointConfiguration={"types": ["REGIONAL"]})[
        "id"
    ]
    root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
    resource_id = apigateway.create_resource(restApiId=api_id, parentId=root, pathPart="tf-acc")["id"]
    apigateway.put_method(
        restApiId=api_id, resourceId=resource_id, httpMethod="GET", authorizationType="NONE"
    )
    apigateway.put_integration(restApiId=api_id, resourceId=resource_id, httpMethod="GET", type="MOCK")
    deployment = apigateway.create_deployment(restApiId=api_id)["id"]
    for stage in stages:
        apigateway.create_stage(restApiId=api_id, stageName=stage, deploymentId=deployment)
    return api_id


def test_account_role_reset(apigateway: Any) -> None:
    # account_test.go::testAccAccount_cloudwatchRoleARN (role, then none: cloudwatch_role_arn ""), whose
    # destroy check reads a nil CloudwatchRoleArn as the settings reset; testAccAccount_basic's throttle
    role = "arn:aws:iam::000000000000:role/tf-acc-test-0"
    path = "/cloudwatchRoleArn"
    updated = apigateway.update_account(patchOperations=[{"op": "replace", "path": path, "value": role}])
    assert updated["cloudwatchRoleArn"] == role
    reset = apigateway.update_account(patchOperations=[{"op": "replace", "path": path, "value": ""}])
    assert "cloudwatchRoleArn" not in reset
    account = apigateway.get_account()
    assert "cloudwatchRoleArn" not in account
    assert account["throttleSettings"] == {"burstLimit": 5000, "rateLimit": 10000.0}
    assert account["apiKeyVersion"] and account["features"]


def test_cognito_authorizer_provider_arns(apigateway: Any) -> None:
    # authorizer_test.go::TestAccAPIGatewayAuthorizer_cognito (2 user pools, then 3): terraform adds and
    # removes each ARN with a value on the /providerARNs path
    api_id = apigateway.create_rest_api(name="tf-acc-test")["id"]
    authorizer = apigateway.create_authorizer(
        restApiId=api_id,
        name="tf-acc-test",
        type="COGNITO_USER_POOLS",
        providerARNs=POOLS[:2],
        identitySource="method.request.header.Authorization",
        authorizerResultTtlInSeconds=300,
    )
    assert authorizer["authType"] == "cognito_user_pools"
    ids = {"restApiId": api_id, "authorizerId": authorizer["id"]}
    added = apigateway.update_authorizer(
        **ids, patchOperations=[{"op": "add", "path": "/providerARNs", "value": POOLS[2]}]
    )
    assert added["providerARNs"] == POOLS
    removed = apigateway.update_authorizer(
        **ids, patchOperations=[{"op": "remove", "path": "/providerARNs", "value": POOLS[0]}]
    )
    assert removed["providerARNs"] == POOLS[1:]


def test_usage_plan_updates(apigateway: Any) -> None:
    # usage_plan_test.go::TestAccAPIGatewayUsagePlan_{productCode,throttling,quota,apiStages}: the patches
    # of each update, and their removal leaving no member behind
    api_id = deployed_api(apigateway, "test", "foo")
    plan = apigateway.create_usage_plan(name="tf-acc-test", apiStages=[{"apiId": api_id, "stage": "test"}])
    assert "throttle" not in plan and "quota" not in plan and "description" not in plan

    def patch(*operations: dict[str, str]) -> Any:
        return apigateway.update_usage_plan(usagePlanId=plan["id"], patchOperations=list(operations))

    assert patch({"op": "replace", "path": "/productCode", "value": "MYCODE"})["productCode"] == "MYCODE"
    assert "productCode" not in patch({"op": "remove", "path": "/productCode"})
    both = patch({"op": "add", "path": "/apiStages", "value": f"{api_id}:foo"})["apiStages"]
    assert both == [{"apiId": api_id, "stage": "test"}, {"apiId": api_id, "stage": "foo"}]
    left = patch({"op": "remove", "path": "/apiStages", "value": f"{api_id}:test"})["apiStages"]
    assert left == [{"apiId": api_id, "stage": "foo"}]
    throttled = patch(
        {"op": "add", "path": "/throttle/burstLimit", "value": "2"},
        {"op": "add", "path": "/throttle/rateLimit", "value": "5"},
    )
    assert throttled["throttle"] == {"burstLimit": 2, "rateLimit": 5.0}
    quota = patch(
        {"op": "add", "path": "/quota/limit", "value": "100"},
        {"op": "add", "path": "/quota/offset", "value": "6"},
        {"op": "add", "path": "/quota/period", "value": "WEEK"},
    )
    assert quota["quota"] == {"limit": 100, "offset": 6, "period": "WEEK"}
    cleared = patch({"op": "remove", "path": "/quota"}, {"op": "remove", "path": "/throttle"})
    assert "quota" not in cleared and "throttle" not in cleared


def test_private_domain_name_has_its_own_id(apigateway: Any) -> None:
    # domain_name_test.go::TestAccAPIGatewayDomainName_private (domain_name_id set) and
    # base_path_mapping_test.go::TestAccAPIGatewayBasePathMapping_private (mapped with domain_name_id)
    domain = apigateway.create_domain_name(
        domainName="tf-acc.example.com",
        certificateArn=CERTIFICATE,
        endpointConfiguration={"types": ["PRIVATE"]},
    )
    domain_id = domain["domainNameId"]
    assert domain_id.isalnum() and domain_id.islower()
    assert domain["domainNameArn"] == (
        f"arn:aws:apigateway:us-east-1:000000000000:/domainnames/tf-acc.example.com+{domain_id}"
    )
    for absent in ("regionalDomainName", "distributionDomainName"):
        assert absent not in domain
    api_id = apigateway.create_rest_api(name="tf-acc-test", endpointConfiguration={"types": ["PRIVATE"]})[
        "id"
    ]
    mapping = apigateway.create_base_path_mapping(
        domainName="tf-acc.example.com", domainNameId=domain_id, restApiId=api_id, basePath="tf-acc-test"
    )
    assert mapping == {**mapping, "basePath": "tf-acc-test", "restApiId": api_id}
    public = apigateway.create_domain_name(
        domainName="tf-acc-public.example.com",
        regionalCertificateArn=CERTIFICATE,
        endpointConfiguration={"types": ["REGIONAL"]},
    )
    assert "domainNameId" not in public
    assert public["domainNameArn"] == "arn:aws:apigateway:us-east-1::/domainnames/tf-acc-public.example.com"


def test_base_path_mapping_updates(apigateway: Any) -> None:
    # base_path_mapping_test.go::TestAccAPIGatewayBasePathMapping_updates: the empty base path reads back as
    # (none); the mapping moves to another API and stage, then to base path "thing"
    first, second = deployed_api(apigateway, "test"), deployed_api(apigateway, "test2")
    apigateway.create_domain_name(
        domainName="tf-acc.example.com",
        regionalCertificateArn=CERTIFICATE,
        endpointConfiguration={"types": ["REGIONAL"]},
    )
    created = apigateway.create_base_path_mapping(
        domainName="tf-acc.example.com", restApiId=first, stage="test"
    )
    assert created == {**created, "basePath": "(none)", "restApiId": first, "stage": "test"}
    moved = apigateway.update_base_path_mapping(
        domainName="tf-acc.example.com",
        basePath="(none)",
        patchOperations=[
            {"op": "replace", "path": "/restapiId", "value": second},
            {"op": "replace", "path": "/stage", "value": "test2"},
        ],
    )
    assert (moved["basePath"], moved["restApiId"], moved["stage"]) == ("(none)", second, "test2")
    apigateway.update_base_path_mapping(
        domainName="tf-acc.example.com",
        basePath="(none)",
        patchOperations=[{"op": "replace", "path": "/basePath", "value": "thing"}],
    )
    mapping = apigateway.get_base_path_mapping(domainName="tf-acc.example.com", basePath="thing")
    assert (mapping["basePath"], mapping["restApiId"], mapping["stage"]) == ("thing", second, "test2")
