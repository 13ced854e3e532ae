"""API Gateway portal products through boto3: products, their pages, REST endpoint pages, sharing policies."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from rest_helpers import error_of

from emulator.testing import EmulatorProcess

POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "apigateway:GetPortalProduct"}
        ],
    }
)


@pytest.fixture
def apigw(server: EmulatorProcess) -> Any:
    return server.client("apigatewayv2")


@pytest.fixture
def rest_api(server: EmulatorProcess) -> dict[str, str]:
    """A REST API with GET /pets deployed to stage ``prod``, documented."""
    rest = server.client("apigateway")
    api_id = rest.create_rest_api(name="pets")["id"]
    root = rest.get_resources(restApiId=api_id)["items"][0]["id"]
    pets = rest.create_resource(restApiId=api_id, parentId=root, pathPart="pets")["id"]
    rest.put_method(restApiId=api_id, resourceId=pets, httpMethod="GET", authorizationType="NONE")
    rest.put_integration(restApiId=api_id, resourceId=pets, httpMethod="GET", type="MOCK")
    rest.create_deployment(restApiId=api_id, stageName="prod")
    rest.create_documentation_part(
        restApiId=api_id,
        location={"type": "METHOD", "path": "/pets", "method": "GET"},
        properties=json.dumps({"description": "Lists the pets."}),
    )
    return {"RestApiId": api_id, "Stage": "prod", "Path": "/pets", "Method": "GET"}


def new_product(apigw: Any, **extra: Any) -> dict[str, Any]:
    return apigw.create_portal_product(DisplayName="Pet adoption", **extra)


def test_product_lifecycle(apigw: Any) -> None:
    created = new_product(apigw, Description="Adopt a pet", Tags={"team": "pets"})
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    product_id = created["PortalProductId"]
    assert re.fullmatch(r"[a-z0-9]{10}", product_id)
    assert created["PortalProductArn"] == f"arn:aws:apigateway:us-east-1::/portalproducts/{product_id}"
    assert created["DisplayName"] == "Pet adoption" and created["Description"] == "Adopt a pet"
    assert created["Tags"] == {"team": "pets"}
    assert apigw.get_portal_product(PortalProductId=product_id)["DisplayName"] == "Pet adoption"
    updated = apigw.update_portal_product(PortalProductId=product_id, DisplayName="Pets", Description="")
    assert updated["DisplayName"] == "Pets" and updated["Description"] == ""
    assert updated["LastModified"] >= created["LastModified"]
    deleted = apigw.delete_portal_product(PortalProductId=product_id)
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as info:
        apigw.get_portal_product(PortalProductId=product_id)
    assert error_of(info) == (
        "NotFoundException",
        f"Invalid PortalProduct identifier specified {product_id}",
        404,
    )


def test_list_portal_products_pages_and_owners(apigw: Any) -> None:
    made = [new_product(apigw)["PortalProductId"] for _ in range(3)]
    first = apigw.list_portal_products(MaxResults="2")
    assert [item["PortalProductId"] for item in first["Items"]] == made[:2]
    assert first["Items"][0]["Description"] == ""  # a summary always has one
    rest = apigw.list_portal_products(MaxResults="2", NextToken=first["NextToken"])
    assert [item["PortalProductId"] for item in rest["Items"]] == made[2:] and "NextToken" not in rest
    # One account: nobody else shares products with it.
    assert apigw.list_portal_products(ResourceOwner="OTHER_ACCOUNTS")["Items"] == []
    with pytest.raises(ClientError) as info:
        apigw.get_portal_product(PortalProductId=made[0], ResourceOwnerAccountId="111122223333")
    assert error_of(info)[0] == "NotFoundException"
    assert apigw.get_portal_product(PortalProductId=made[0], ResourceOwnerAccountId="000000000000")


def test_product_tags_by_arn(apigw: Any) -> None:
    product = new_product(apigw)
    apigw.tag_resource(ResourceArn=product["PortalProductArn"], Tags={"stage": "beta"})
    assert apigw.get_tags(ResourceArn=product["PortalProductArn"])["Tags"] == {"stage": "beta"}
    assert apigw.get_portal_product(PortalProductId=product["PortalProductId"])["Tags"] == {"stage": "beta"}


def test_sharing_policy_is_stored_and_answered(apigw: Any) -> None:
    product_id = new_product(apigw)["PortalProductId"]
    with pytest.raises(ClientError) as info:
        apigw.get_portal_product_sharing_policy(PortalProductId=product_id)
    assert error_of(info)[0] == "NotFoundException"
    assert apigw.put_portal_product_sharing_policy(PortalProductId=product_id, PolicyDocument=POLICY)
    policy = apigw.get_portal_product_sharing_policy(PortalProductId=product_id)
    assert policy["PolicyDocument"] == POLICY and policy["PortalProductId"] == product_id
    for document in ("not json", "[]", '{"Version": "2012-10-17"}'):
        with pytest.raises(ClientError) as info:
            apigw.put_portal_product_sharing_policy(PortalProductId=product_id, PolicyDocument=document)
        assert error_of(info)[0] == "BadRequestException"
    assert apigw.get_portal_product_sharing_policy(PortalProductId=product_id)["PolicyDocument"] == POLICY
    deleted = apigw.delete_portal_product_sharing_policy(PortalProductId=product_id)
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as info:
        apigw.delete_portal_product_sharing_policy(PortalProductId=product_id)
    assert error_of(info)[0] == "NotFoundException"
    with pytest.raises(ClientError) as info:
        apigw.put_portal_product_sharing_policy(PortalProductId="abcdefghij", PolicyDocument=POLICY)
    assert error_of(info)[0] == "NotFoundException"


def test_product_pages(apigw: Any) -> None:
    product_id = new_product(apigw)["PortalProductId"]
    created = apigw.create_product_page(
        PortalProductId=product_id, DisplayContent={"Title": "Getting started", "Body": "# Hello"}
    )
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    page_id = created["ProductPageId"]
    assert created["ProductPageArn"] == (
        f"arn:aws:apigateway:us-east-1::/portalproducts/{product_id}/productpages/{page_id}"
    )
    assert created["DisplayContent"] == {"Title": "Getting started", "Body": "# Hello"}
    fetched = apigw.get_product_page(PortalProductId=product_id, ProductPageId=page_id)
    assert fetched["DisplayContent"]["Body"] == "# Hello"
    updated = apigw.update_product_page(
        PortalProductId=product_id,
        ProductPageId=page_id,
        DisplayContent={"Title": "Start here", "Body": "Hi"},
    )
    assert updated["DisplayContent"] == {"Title": "Start here", "Body": "Hi"}
    listed = apigw.list_product_pages(PortalProductId=product_id)["Items"]
    assert [(item["ProductPageId"], item["PageTitle"]) for item in listed] == [(page_id, "Start here")]
    assert "DisplayContent" not in listed[0]
    apigw.delete_product_page(PortalProductId=product_id, ProductPageId=page_id)
    with pytest.raises(ClientError) as info:
        apigw.get_product_page(PortalProductId=product_id, ProductPageId=page_id)
    assert error_of(info) == ("NotFoundException", f"Invalid ProductPage identifier specified {page_id}", 404)
    with pytest.raises(ClientError) as info:
        apigw.list_product_pages(PortalProductId="abcdefghij")
    assert error_of(info)[0] == "NotFoundException"


def test_rest_endpoint_page_shows_the_rest_apis_endpoint_and_documentation(
    apigw: Any, rest_api: dict[str, str]
) -> None:
    product_id = new_product(apigw)["PortalProductId"]
    created = apigw.create_product_rest_endpoint_page(
        PortalProductId=product_id, RestEndpointIdentifier={"IdentifierParts": rest_api}
    )
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    page_id = created["ProductRestEndpointPageId"]
    assert created["ProductRestEndpointPageArn"] == (
        f"arn:aws:apigateway:us-east-1::/portalproducts/{product_id}/productrestendpointpages/{page_id}"
    )
    assert created["RestEndpointIdentifier"] == {"IdentifierParts": rest_api}
    assert created["Status"] == "AVAILABLE" and created["TryItState"] == "ENABLED"
    assert created["DisplayContent"] == {
        "Endpoint": f"https://{rest_api['RestApiId']}.execute-api.us-east-1.amazonaws.com/prod",
        "Body": "Lists the pets.",
    }
    raw = apigw.get_product_rest_endpoint_page(
        PortalProductId=product_id, ProductRestEndpointPageId=page_id, IncludeRawDisplayContent="true"
    )
    assert raw["RawDisplayContent"] == "Lists the pets."
    plain = apigw.get_product_rest_endpoint_page(
        PortalProductId=product_id, ProductRestEndpointPageId=page_id
    )
    assert "RawDisplayContent" not in plain


def test_rest_endpoint_page_overrides_and_listing(apigw: Any, rest_api: dict[str, str]) -> None:
    product_id = new_product(apigw)["PortalProductId"]
    overrides = {"Body": "Our pets", "Endpoint": "https://api.example.com", "OperationName": "List pets"}
    created = apigw.create_product_rest_endpoint_page(
        PortalProductId=product_id,
        RestEndpointIdentifier={"IdentifierParts": rest_api},
        DisplayContent={"Overrides": overrides},
        TryItState="DISABLED",
    )
    assert created["DisplayContent"] == overrides and created["TryItState"] == "DISABLED"
    page_id = created["ProductRestEndpointPageId"]
    listed = apigw.list_product_rest_endpoint_pages(PortalProductId=product_id)["Items"]
    assert len(listed) == 1
    summary = listed[0]
    assert summary["ProductRestEndpointPageId"] == page_id
    assert summary["Endpoint"] == "https://api.example.com" and summary["OperationName"] == "List pets"
    assert summary["Status"] == "AVAILABLE" and summary["TryItState"] == "DISABLED"
    assert summary["RestEndpointIdentifier"] == {"IdentifierParts": rest_api}
    updated = apigw.update_product_rest_endpoint_page(
        PortalProductId=product_id,
        ProductRestEndpointPageId=page_id,
        DisplayContent={"None": {}},
        TryItState="ENABLED",
    )
    assert updated["DisplayContent"]["Endpoint"].endswith(".execute-api.us-east-1.amazonaws.com/prod")
    assert "OperationName" not in updated["DisplayContent"] and updated["TryItState"] == "ENABLED"
    apigw.delete_product_rest_endpoint_page(PortalProductId=product_id, ProductRestEndpointPageId=page_id)
    with pytest.raises(ClientError) as info:
        apigw.get_product_rest_endpoint_page(PortalProductId=product_id, ProductRestEndpointPageId=page_id)
    assert error_of(info) == (
        "NotFoundException",
        f"Invalid ProductRestEndpointPage identifier specified {page_id}",
        404,
    )


@pytest.mark.parametrize(
    ("change", "code", "message"),
    [
        (
            {"RestApiId": "nosuchapi1"},
            "NotFoundException",
            "Invalid API identifier specified 000000000000:nosuchapi1",
        ),
        ({"Stage": "dev"}, "BadRequestException", "Invalid stage identifier specified dev"),
        ({"Path": "/cats"}, "BadRequestException", "Invalid resource path specified /cats"),
        ({"Method": "POST"}, "BadRequestException", "Invalid method POST specified for resource path /pets"),
    ],
)
def test_rest_endpoint_page_must_name_a_method_of_a_deployed_stage(
    apigw: Any, rest_api: dict[str, str], change: dict[str, str], code: str, message: str
) -> None:
    product_id = new_product(apigw)["PortalProductId"]
    with pytest.raises(ClientError) as info:
        apigw.create_product_rest_endpoint_page(
            PortalProductId=product_id, RestEndpointIdentifier={"IdentifierParts": {**rest_api, **change}}
        )
    assert error_of(info)[:2] == (code, message)
    assert apigw.list_product_rest_endpoint_pages(PortalProductId=product_id)["Items"] == []


def test_rest_endpoint_page_of_another_region_is_not_found(
    server: EmulatorProcess, rest_api: dict[str, str]
) -> None:
    west = server.client("apigatewayv2", region_name="us-west-2")
    product_id = west.create_portal_product(DisplayName="West")["PortalProductId"]
    with pytest.raises(ClientError) as info:
        west.create_product_rest_endpoint_page(
            PortalProductId=product_id, RestEndpointIdentifier={"IdentifierParts": rest_api}
        )
    assert error_of(info)[0] == "NotFoundException"


def test_display_order_names_the_products_own_pages(apigw: Any, rest_api: dict[str, str]) -> None:
    product_id = new_product(apigw)["PortalProductId"]
    overview = apigw.create_product_page(
        PortalProductId=product_id, DisplayContent={"Title": "Overview", "Body": "x"}
    )
    guide = apigw.create_product_page(
        PortalProductId=product_id, DisplayContent={"Title": "Guide", "Body": "y"}
    )
    endpoint = apigw.create_product_rest_endpoint_page(
        PortalProductId=product_id, RestEndpointIdentifier={"IdentifierParts": rest_api}
    )
    order = {
        "OverviewPageArn": overview["ProductPageArn"],
        "ProductPageArns": [guide["ProductPageArn"]],
        "Contents": [
            {"SectionName": "Pets", "ProductRestEndpointPageArns": [endpoint["ProductRestEndpointPageArn"]]}
        ],
    }
    assert (
        apigw.update_portal_product(PortalProductId=product_id, DisplayOrder=order)["DisplayOrder"] == order
    )
    with pytest.raises(ClientError) as info:
        apigw.update_portal_product(
            PortalProductId=product_id,
            DisplayOrder={"ProductPageArns": [endpoint["ProductRestEndpointPageArn"]]},
        )
    assert error_of(info)[0] == "BadRequestException"
    # A deleted page leaves the display order.
    apigw.delete_product_page(PortalProductId=product_id, ProductPageId=guide["ProductPageId"])
    apigw.delete_product_rest_endpoint_page(
        PortalProductId=product_id, ProductRestEndpointPageId=endpoint["ProductRestEndpointPageId"]
    )
    kept = apigw.get_portal_product(PortalProductId=product_id)["DisplayOrder"]
    assert kept["OverviewPageArn"] == overview["ProductPageArn"]
    assert kept["ProductPageArns"] == [] and kept["Contents"] == [
        {"SectionName": "Pets", "ProductRestEndpointPageArns": []}
    ]


def test_pages_paginate(apigw: Any) -> None:
    product_id = new_product(apigw)["PortalProductId"]
    made = [
        apigw.create_product_page(PortalProductId=product_id, DisplayContent={"Title": f"p{i}", "Body": "b"})[
            "ProductPageId"
        ]
        for i in range(3)
    ]
    first = apigw.list_product_pages(PortalProductId=product_id, MaxResults="2")
    second = apigw.list_product_pages(
        PortalProductId=product_id, MaxResults="2", NextToken=first["NextToken"]
    )
    assert [item["ProductPageId"] for item in first["Items"] + second["Items"]] == made
    assert "NextToken" not in second


def test_try_it_starts_off_for_a_private_api(server: EmulatorProcess, apigw: Any) -> None:
    rest = server.client("apigateway")
    api_id = rest.create_rest_api(name="private", endpointConfiguration={"types": ["PRIVATE"]})["id"]
    root = rest.get_resources(restApiId=api_id)["items"][0]["id"]
    rest.put_method(restApiId=api_id, resourceId=root, httpMethod="ANY", authorizationType="NONE")
    rest.put_integration(restApiId=api_id, resourceId=root, httpMethod="ANY", type="MOCK")
    rest.create_deployment(restApiId=api_id, stageName="live")
    product_id = new_product(apigw)["PortalProductId"]
    parts = {"RestApiId": api_id, "Stage": "live", "Path": "/", "Method": "ANY"}
    created = apigw.create_product_rest_endpoint_page(
        PortalProductId=product_id, RestEndpointIdentifier={"IdentifierParts": parts}
    )
    assert created["TryItState"] == "DISABLED"
    assert "Body" not in created["DisplayContent"]  # the method has no documentation


def test_model_rules_and_choices_are_bad_requests(server: EmulatorProcess, apigw: Any) -> None:
    unchecked = server.client(
        "apigatewayv2", config=Config(parameter_validation=False, retries={"max_attempts": 1})
    )
    with pytest.raises(ClientError) as info:
        unchecked.create_portal_product()
    assert error_of(info) == (
        "BadRequestException",
        "1 validation error detected: Value null at 'displayName' failed to satisfy constraint: "
        "Member must not be null",
        400,
    )
    product_id = new_product(apigw)["PortalProductId"]
    parts = {"RestApiId": "abc", "Stage": "prod", "Path": "/", "Method": "GET"}
    with pytest.raises(ClientError) as info:
        unchecked.create_product_rest_endpoint_page(
            PortalProductId=product_id, RestEndpointIdentifier={"IdentifierParts": parts}, TryItState="MAYBE"
        )
    assert error_of(info)[0] == "BadRequestException" and "[ENABLED, DISABLED]" in error_of(info)[1]
    with pytest.raises(ClientError) as info:
        apigw.create_product_rest_endpoint_page(PortalProductId=product_id, RestEndpointIdentifier={})
    assert error_of(info) == (
        "BadRequestException",
        "RestEndpointIdentifier must specify IdentifierParts",
        400,
    )
    with pytest.raises(ClientError) as info:
        apigw.create_product_rest_endpoint_page(
            PortalProductId=product_id,
            RestEndpointIdentifier={"IdentifierParts": parts},
            DisplayContent={"None": {}, "Overrides": {"Body": "x"}},
        )
    assert error_of(info) == (
        "BadRequestException",
        "DisplayContent must specify exactly one of: None, Overrides",
        400,
    )
