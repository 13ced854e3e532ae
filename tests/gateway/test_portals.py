"""API Gateway portals through boto3: the portal lifecycle, publishing, previews, tags, listings."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import httpx
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from rest_helpers import error_of

from emulator.testing import EmulatorProcess

COLORS = {
    "AccentColor": "#ff9900",
    "BackgroundColor": "#ffffff",
    "ErrorValidationColor": "#d13212",
    "HeaderColor": "#232f3e",
    "NavigationColor": "#232f3e",
    "TextColor": "#000000",
}
CONTENT = {
    "DisplayName": "Pet store portal",
    "Description": "APIs for pets",
    "Theme": {"CustomColors": COLORS},
}
NO_AUTH: dict[str, Any] = {"None": {}}
DEFAULT_DOMAIN: dict[str, Any] = {"None": {}}
CERTIFICATE = "arn:aws:acm:us-east-1:000000000000:certificate/12345678-1234-1234-1234-123456789012"


@pytest.fixture
def apigw(server: EmulatorProcess) -> Any:
    return server.client("apigatewayv2")


def new_portal(apigw: Any, **extra: Any) -> dict[str, Any]:
    return apigw.create_portal(
        Authorization=NO_AUTH, EndpointConfiguration=DEFAULT_DOMAIN, PortalContent=CONTENT, **extra
    )


def test_create_portal_answers_a_disabled_portal_on_the_default_domain(apigw: Any) -> None:
    created = new_portal(apigw, Tags={"team": "pets"}, RumAppMonitorName="monitor")
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    portal_id = created["PortalId"]
    assert re.fullmatch(r"[a-z0-9]{10}", portal_id)
    assert created["PortalArn"] == f"arn:aws:apigateway:us-east-1::/portals/{portal_id}"
    assert created["PublishStatus"] == "DISABLED"
    assert created["EndpointConfiguration"] == {
        "PortalDefaultDomainName": f"p-{portal_id}.apigw-portal.us-east-1.on.aws",
        "PortalDomainHostedZoneId": "Z2FDTNDATAQYW2",
    }
    assert created["Authorization"] == {"None": {}}
    assert created["PortalContent"] == CONTENT
    assert created["IncludedPortalProductArns"] == []
    assert created["Tags"] == {"team": "pets"} and created["RumAppMonitorName"] == "monitor"
    assert isinstance(created["LastModified"], dt.datetime)
    assert "LastPublished" not in created and "Preview" not in created
    fetched = apigw.get_portal(PortalId=portal_id)
    assert fetched["PortalArn"] == created["PortalArn"] and fetched["PortalContent"] == CONTENT


def test_custom_domain_and_cognito_authorization_are_kept(apigw: Any) -> None:
    cognito = {
        "CognitoConfig": {
            "AppClientId": "client1234",
            "UserPoolArn": "arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_abcdefghi",
            "UserPoolDomain": "https://pets.auth.us-east-1.amazoncognito.com",
        }
    }
    created = apigw.create_portal(
        Authorization=cognito,
        EndpointConfiguration={
            "AcmManaged": {"CertificateArn": CERTIFICATE, "DomainName": "developers.example.com"}
        },
        PortalContent=CONTENT,
    )
    assert created["Authorization"] == cognito
    assert created["EndpointConfiguration"]["DomainName"] == "developers.example.com"
    assert created["EndpointConfiguration"]["CertificateArn"] == CERTIFICATE
    assert created["EndpointConfiguration"]["PortalDefaultDomainName"].startswith(f"p-{created['PortalId']}.")


@pytest.mark.parametrize(
    ("authorization", "endpoint"),
    [
        ({}, DEFAULT_DOMAIN),
        (
            {
                "None": {},
                "CognitoConfig": {"AppClientId": "c", "UserPoolArn": "a" * 20, "UserPoolDomain": "d" * 20},
            },
            DEFAULT_DOMAIN,
        ),
        (NO_AUTH, {}),
        (NO_AUTH, {"AcmManaged": {"CertificateArn": "not-a-certificate", "DomainName": "dev.example.com"}}),
        (
            NO_AUTH,
            {
                "AcmManaged": {
                    "CertificateArn": CERTIFICATE.replace("us-east-1", "eu-west-1"),
                    "DomainName": "d.example.com",
                }
            },
        ),
    ],
)
def test_create_portal_refuses_an_unclear_choice_or_a_certificate_cloudfront_cannot_use(
    apigw: Any, authorization: dict[str, Any], endpoint: dict[str, Any]
) -> None:
    with pytest.raises(ClientError) as info:
        apigw.create_portal(
            Authorization=authorization, EndpointConfiguration=endpoint, PortalContent=CONTENT
        )
    assert error_of(info)[0] == "BadRequestException" and error_of(info)[2] == 400
    assert apigw.list_portals()["Items"] == []


def test_model_constraints_are_refused_before_anything_is_made(server: EmulatorProcess, apigw: Any) -> None:
    unchecked = server.client(
        "apigatewayv2", config=Config(parameter_validation=False, retries={"max_attempts": 1})
    )
    with pytest.raises(ClientError) as info:
        unchecked.create_portal(
            Authorization=NO_AUTH,
            EndpointConfiguration=DEFAULT_DOMAIN,
            PortalContent={**CONTENT, "DisplayName": "ab"},  # at least 3 characters
        )
    assert error_of(info)[2] == 400
    assert apigw.list_portals()["Items"] == []


def test_included_products_must_exist_in_the_region(server: EmulatorProcess, apigw: Any) -> None:
    product = apigw.create_portal_product(DisplayName="Pets")
    missing = product["PortalProductArn"][:-10] + "zzzzzzzzzz"
    with pytest.raises(ClientError) as info:
        new_portal(apigw, IncludedPortalProductArns=[missing])
    assert error_of(info) == ("BadRequestException", f"Invalid portal product ARN specified {missing}", 400)
    west = server.client("apigatewayv2", region_name="us-west-2")
    with pytest.raises(ClientError) as info:
        new_portal(west, IncludedPortalProductArns=[product["PortalProductArn"]])
    assert error_of(info)[0] == "BadRequestException"
    created = new_portal(apigw, IncludedPortalProductArns=[product["PortalProductArn"]])
    assert created["IncludedPortalProductArns"] == [product["PortalProductArn"]]


def test_update_portal_replaces_what_it_names(apigw: Any) -> None:
    portal = new_portal(apigw)
    product = apigw.create_portal_product(DisplayName="Pets")
    renamed = {**CONTENT, "DisplayName": "Renamed portal"}
    updated = apigw.update_portal(
        PortalId=portal["PortalId"],
        PortalContent=renamed,
        IncludedPortalProductArns=[product["PortalProductArn"]],
        LogoUri="https://example.com/logo.png",
    )
    assert updated["PortalContent"]["DisplayName"] == "Renamed portal"
    assert isinstance(updated["PortalContent"]["Theme"]["LogoLastUploaded"], dt.datetime)
    assert updated["IncludedPortalProductArns"] == [product["PortalProductArn"]]
    assert updated["Authorization"] == NO_AUTH and updated["PublishStatus"] == "DISABLED"
    assert updated["LastModified"] >= portal["LastModified"]
    assert apigw.get_portal(PortalId=portal["PortalId"])["PortalContent"]["DisplayName"] == "Renamed portal"


def test_logo_upload_time_is_kept_and_checked(server: EmulatorProcess, apigw: Any) -> None:
    uploaded = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC)
    theme = {"CustomColors": COLORS, "LogoLastUploaded": uploaded}
    portal = apigw.create_portal(
        Authorization=NO_AUTH, EndpointConfiguration=DEFAULT_DOMAIN, PortalContent={**CONTENT, "Theme": theme}
    )
    assert portal["PortalContent"]["Theme"]["LogoLastUploaded"] == uploaded
    # New colours keep the logo already uploaded.
    recoloured = {**CONTENT, "Theme": {"CustomColors": {**COLORS, "AccentColor": "#00ff00"}}}
    updated = apigw.update_portal(PortalId=portal["PortalId"], PortalContent=recoloured)
    assert updated["PortalContent"]["Theme"]["LogoLastUploaded"] == uploaded
    assert updated["PortalContent"]["Theme"]["CustomColors"]["AccentColor"] == "#00ff00"
    # boto3 cannot send a time it cannot read; raw JSON can.
    colors = {name[0].lower() + name[1:]: value for name, value in COLORS.items()}
    for bad in (1e300, "yesterday"):
        answer = httpx.post(
            f"{server.url}/v2/portals",
            json={
                "authorization": {"none": {}},
                "endpointConfiguration": {"none": {}},
                "portalContent": {
                    "displayName": "Bad",
                    "theme": {"customColors": colors, "logoLastUploaded": bad},
                },
            },
        )
        assert answer.status_code == 400 and answer.headers["x-amzn-ErrorType"].startswith(
            "BadRequestException"
        )
    assert [item["PortalId"] for item in apigw.list_portals()["Items"]] == [portal["PortalId"]]


def test_a_refused_update_changes_nothing(apigw: Any) -> None:
    portal_id = new_portal(apigw)["PortalId"]
    wrong_region = CERTIFICATE.replace("us-east-1", "eu-west-1")
    with pytest.raises(ClientError) as info:
        apigw.update_portal(
            PortalId=portal_id,
            PortalContent={**CONTENT, "DisplayName": "Renamed"},
            EndpointConfiguration={
                "AcmManaged": {"CertificateArn": wrong_region, "DomainName": "d.example.com"}
            },
        )
    assert error_of(info)[0] == "BadRequestException"
    kept = apigw.get_portal(PortalId=portal_id)
    assert kept["PortalContent"] == CONTENT and "DomainName" not in kept["EndpointConfiguration"]


def test_publish_disable_and_delete(apigw: Any) -> None:
    portal_id = new_portal(apigw)["PortalId"]
    published = apigw.publish_portal(PortalId=portal_id, Description="First release")
    assert published["ResponseMetadata"]["HTTPStatusCode"] == 202
    portal = apigw.get_portal(PortalId=portal_id)
    assert portal["PublishStatus"] == "PUBLISHED"
    assert portal["LastPublishedDescription"] == "First release"
    assert isinstance(portal["LastPublished"], dt.datetime)
    with pytest.raises(ClientError) as info:
        apigw.delete_portal(PortalId=portal_id)
    assert error_of(info)[0] == "BadRequestException" and error_of(info)[2] == 400
    disabled = apigw.disable_portal(PortalId=portal_id)
    assert disabled["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert apigw.get_portal(PortalId=portal_id)["PublishStatus"] == "DISABLED"
    with pytest.raises(ClientError) as info:
        apigw.disable_portal(PortalId=portal_id)
    assert error_of(info)[0] == "ConflictException" and error_of(info)[2] == 409
    assert apigw.delete_portal(PortalId=portal_id)["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as info:
        apigw.get_portal(PortalId=portal_id)
    assert error_of(info) == ("NotFoundException", f"Invalid Portal identifier specified {portal_id}", 404)


def test_publishing_with_a_deleted_product_fails_until_it_is_removed(apigw: Any) -> None:
    product = apigw.create_portal_product(DisplayName="Pets")
    portal_id = new_portal(apigw, IncludedPortalProductArns=[product["PortalProductArn"]])["PortalId"]
    apigw.delete_portal_product(PortalProductId=product["PortalProductId"])
    apigw.publish_portal(PortalId=portal_id)
    failed = apigw.get_portal(PortalId=portal_id)
    assert failed["PublishStatus"] == "PUBLISH_FAILED"
    assert failed["StatusException"]["Exception"] == "BadRequestException"
    assert product["PortalProductArn"] in failed["StatusException"]["Message"]
    assert "LastPublished" not in failed
    apigw.preview_portal(PortalId=portal_id)
    assert apigw.get_portal(PortalId=portal_id)["Preview"]["PreviewStatus"] == "PREVIEW_FAILED"
    apigw.update_portal(PortalId=portal_id, IncludedPortalProductArns=[])
    apigw.publish_portal(PortalId=portal_id)
    republished = apigw.get_portal(PortalId=portal_id)
    assert republished["PublishStatus"] == "PUBLISHED" and "StatusException" not in republished


def test_update_portal_moves_to_a_custom_domain_and_republishes(apigw: Any) -> None:
    portal_id = new_portal(apigw)["PortalId"]
    apigw.publish_portal(PortalId=portal_id)
    domain = {"AcmManaged": {"CertificateArn": CERTIFICATE, "DomainName": "developers.example.com"}}
    updated = apigw.update_portal(PortalId=portal_id, EndpointConfiguration=domain)
    assert updated["EndpointConfiguration"]["DomainName"] == "developers.example.com"
    assert (
        updated["EndpointConfiguration"]["PortalDefaultDomainName"]
        == f"p-{portal_id}.apigw-portal.us-east-1.on.aws"
    )
    assert updated["PublishStatus"] == "PUBLISHED"  # the change shows once published again
    apigw.publish_portal(PortalId=portal_id)
    assert apigw.get_portal(PortalId=portal_id)["LastPublishedDescription"] == ""


def test_preview_gives_a_url(apigw: Any) -> None:
    portal_id = new_portal(apigw)["PortalId"]
    answered = apigw.preview_portal(PortalId=portal_id)
    assert answered["ResponseMetadata"]["HTTPStatusCode"] == 202
    preview = apigw.get_portal(PortalId=portal_id)["Preview"]
    assert preview["PreviewStatus"] == "PREVIEW_READY"
    assert preview["PreviewUrl"].startswith("https://") and portal_id in preview["PreviewUrl"]
    assert apigw.get_portal(PortalId=portal_id)["PublishStatus"] == "DISABLED"


@pytest.mark.parametrize(
    "call",
    ["get_portal", "update_portal", "delete_portal", "publish_portal", "disable_portal", "preview_portal"],
)
def test_unknown_portal_is_not_found(apigw: Any, call: str) -> None:
    with pytest.raises(ClientError) as info:
        getattr(apigw, call)(PortalId="abcdefghij")
    assert error_of(info) == ("NotFoundException", "Invalid Portal identifier specified abcdefghij", 404)


def test_portals_are_per_region(server: EmulatorProcess, apigw: Any) -> None:
    portal_id = new_portal(apigw)["PortalId"]
    west = server.client("apigatewayv2", region_name="us-west-2")
    assert west.list_portals()["Items"] == []
    with pytest.raises(ClientError) as info:
        west.get_portal(PortalId=portal_id)
    assert error_of(info)[0] == "NotFoundException"


def test_list_portals_pages_with_next_token(apigw: Any) -> None:
    made = [new_portal(apigw)["PortalId"] for _ in range(5)]
    first = apigw.list_portals(MaxResults="2")
    assert [item["PortalId"] for item in first["Items"]] == made[:2]
    summary = first["Items"][0]
    assert summary["PortalArn"].endswith(made[0]) and summary["PortalContent"] == CONTENT
    assert summary["PublishStatus"] == "DISABLED" and summary["IncludedPortalProductArns"] == []
    # The usual cleanup loop: delete a page, then ask for the next one.
    for item in first["Items"]:
        apigw.delete_portal(PortalId=item["PortalId"])
    second = apigw.list_portals(MaxResults="2", NextToken=first["NextToken"])
    assert [item["PortalId"] for item in second["Items"]] == made[2:4]
    third = apigw.list_portals(MaxResults="2", NextToken=second["NextToken"])
    assert [item["PortalId"] for item in third["Items"]] == made[4:] and "NextToken" not in third
    with pytest.raises(ClientError) as info:
        apigw.list_portals(NextToken="not-a-token")
    assert error_of(info) == ("BadRequestException", "Invalid pagination parameters", 400)


def test_tags_on_portal_arns(apigw: Any) -> None:
    portal = new_portal(apigw, Tags={"a": "1"})
    arn = portal["PortalArn"]
    apigw.tag_resource(ResourceArn=arn, Tags={"b": "2"})
    assert apigw.get_tags(ResourceArn=arn)["Tags"] == {"a": "1", "b": "2"}
    apigw.untag_resource(ResourceArn=arn, TagKeys=["a"])
    assert apigw.get_portal(PortalId=portal["PortalId"])["Tags"] == {"b": "2"}
    apigw.delete_portal(PortalId=portal["PortalId"])
    with pytest.raises(ClientError) as info:
        apigw.get_tags(ResourceArn=arn)
    assert error_of(info) == ("NotFoundException", f"Invalid resource ARN specified {arn}", 404)
    # The other resources' tags still answer.
    api = apigw.create_api(Name="api", ProtocolType="HTTP", Tags={"x": "y"})
    assert apigw.get_tags(ResourceArn=f"arn:aws:apigateway:us-east-1::/apis/{api['ApiId']}")["Tags"] == {
        "x": "y"
    }


def test_reset_forgets_portals(server: EmulatorProcess, apigw: Any) -> None:
    new_portal(apigw)
    apigw.create_portal_product(DisplayName="Pets")
    server.reset()
    assert apigw.list_portals()["Items"] == []
    assert apigw.list_portal_products()["Items"] == []
