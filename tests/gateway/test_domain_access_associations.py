"""Private custom domain names' access associations through boto3 (``apigateway``):
CreateDomainNameAccessAssociation, GetDomainNameAccessAssociations, DeleteDomainNameAccessAssociation,
RejectDomainNameAccessAssociation, and tagging an association by its ARN."""

from __future__ import annotations

import re
from typing import Any

import pytest
from botocore.exceptions import ClientError
from rest_helpers import error_of

from emulator.testing import EmulatorProcess

ACCOUNT = "000000000000"
#: The ARN form of the API reference's examples and terraform-provider-aws's acceptance test.
ASSOCIATION_ARN = re.compile(
    r"arn:aws:apigateway:us-east-1:000000000000:/domainnameaccessassociations/domainname/"
    r"(?P<domain>[^/]+)\+(?P<id>[0-9a-z]{10})/vpcesource/(?P<source>vpce-[0-9a-z]+)"
)


@pytest.fixture
def apigw(server: EmulatorProcess) -> Any:
    return server.client("apigateway")


def _private_domain(apigw: Any, name: str = "private.example.com") -> dict[str, Any]:
    return apigw.create_domain_name(
        domainName=name,
        certificateArn="arn:aws:acm:us-east-1:000000000000:certificate/0a1b2c3d",
        endpointConfiguration={"types": ["PRIVATE"]},
        policy='{"Version": "2012-10-17", "Statement": []}',
    )


def _associate(apigw: Any, domain_arn: str, source: str, **options: Any) -> dict[str, Any]:
    return apigw.create_domain_name_access_association(
        domainNameArn=domain_arn,
        accessAssociationSourceType="VPCE",
        accessAssociationSource=source,
        **options,
    )


def _listed(apigw: Any, **options: Any) -> list[dict[str, Any]]:
    return apigw.get_domain_name_access_associations(**options)["items"]


def test_create_answers_the_association_with_its_arn(apigw: Any) -> None:
    domain = _private_domain(apigw)
    created = _associate(apigw, domain["domainNameArn"], "vpce-0a1b2c3d4e5f60718", tags={"team": "a"})
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    arn = created["domainNameAccessAssociationArn"]
    found = ASSOCIATION_ARN.fullmatch(arn)
    assert found is not None, arn
    assert found.groupdict() == {
        "domain": "private.example.com",
        "id": domain["domainNameId"],
        "source": "vpce-0a1b2c3d4e5f60718",
    }
    assert {key: value for key, value in created.items() if key != "ResponseMetadata"} == {
        "domainNameAccessAssociationArn": arn,
        "domainNameArn": domain["domainNameArn"],
        "accessAssociationSourceType": "VPCE",
        "accessAssociationSource": "vpce-0a1b2c3d4e5f60718",
        "tags": {"team": "a"},
    }


def test_listing_by_owner_and_pages(apigw: Any, server: EmulatorProcess) -> None:
    first = _private_domain(apigw, "a.private.example.com")
    second = _private_domain(apigw, "b.private.example.com")
    arns = sorted(
        _associate(apigw, domain["domainNameArn"], source)["domainNameAccessAssociationArn"]
        for domain in (first, second)
        for source in ("vpce-0123456789abcdef0", "vpce-0fedcba9876543210")
    )
    assert [item["domainNameAccessAssociationArn"] for item in _listed(apigw)] == arns
    assert [item["domainNameAccessAssociationArn"] for item in _listed(apigw, resourceOwner="SELF")] == arns
    # Other accounts' associations with this account's domains: the emulator has only one account.
    assert _listed(apigw, resourceOwner="OTHER_ACCOUNTS") == []
    first_page = apigw.get_domain_name_access_associations(limit=3)
    rest = apigw.get_domain_name_access_associations(limit=3, position=first_page["position"])
    pages = [
        [item["domainNameAccessAssociationArn"] for item in page["items"]] for page in (first_page, rest)
    ]
    assert pages == [arns[:3], arns[3:]]
    assert "position" not in rest
    listed = _listed(apigw)[0]
    assert set(listed) == {
        "domainNameAccessAssociationArn",
        "domainNameArn",
        "accessAssociationSourceType",
        "accessAssociationSource",
    }
    # Associations are regional: another region neither lists nor deletes these.
    elsewhere = server.client("apigateway", region_name="eu-west-1")
    assert elsewhere.get_domain_name_access_associations()["items"] == []
    with pytest.raises(ClientError) as not_here:
        elsewhere.delete_domain_name_access_association(domainNameAccessAssociationArn=arns[0])
    assert error_of(not_here)[0::2] == ("NotFoundException", 404)
    assert len(_listed(apigw)) == 4


def test_delete_removes_the_association(apigw: Any) -> None:
    domain = _private_domain(apigw)
    arn = _associate(apigw, domain["domainNameArn"], "vpce-0a1b2c3d4e5f60718")[
        "domainNameAccessAssociationArn"
    ]
    deleted = apigw.delete_domain_name_access_association(domainNameAccessAssociationArn=arn)
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert _listed(apigw) == []
    with pytest.raises(ClientError) as again:
        apigw.delete_domain_name_access_association(domainNameAccessAssociationArn=arn)
    assert error_of(again) == (
        "NotFoundException",
        "Invalid domain name access association identifier specified",
        404,
    )
    # The same endpoint may be associated again once the association is gone.
    assert (
        _associate(apigw, domain["domainNameArn"], "vpce-0a1b2c3d4e5f60718")["domainNameAccessAssociationArn"]
        == arn
    )


def test_reject_marks_the_association_which_its_owner_then_deletes(apigw: Any) -> None:
    domain = _private_domain(apigw)
    arn = _associate(apigw, domain["domainNameArn"], "vpce-0a1b2c3d4e5f60718")[
        "domainNameAccessAssociationArn"
    ]
    rejected = apigw.reject_domain_name_access_association(
        domainNameAccessAssociationArn=arn, domainNameArn=domain["domainNameArn"]
    )
    assert rejected["ResponseMetadata"]["HTTPStatusCode"] == 202
    with pytest.raises(ClientError) as twice:
        apigw.reject_domain_name_access_association(
            domainNameAccessAssociationArn=arn, domainNameArn=domain["domainNameArn"]
        )
    assert error_of(twice)[0::2] == ("ConflictException", 409)
    # The consumer's association stays until the consumer deletes it.
    assert [item["domainNameAccessAssociationArn"] for item in _listed(apigw)] == [arn]
    apigw.delete_domain_name_access_association(domainNameAccessAssociationArn=arn)
    assert _listed(apigw) == []


def test_reject_needs_the_association_of_that_domain(apigw: Any) -> None:
    domain = _private_domain(apigw)
    other = _private_domain(apigw, "other.private.example.com")
    arn = _associate(apigw, domain["domainNameArn"], "vpce-0a1b2c3d4e5f60718")[
        "domainNameAccessAssociationArn"
    ]
    with pytest.raises(ClientError) as wrong_domain:
        apigw.reject_domain_name_access_association(
            domainNameAccessAssociationArn=arn, domainNameArn=other["domainNameArn"]
        )
    assert error_of(wrong_domain) == (
        "NotFoundException",
        "Invalid domain name access association identifier specified",
        404,
    )
    with pytest.raises(ClientError) as no_domain:
        apigw.reject_domain_name_access_association(
            domainNameAccessAssociationArn=arn,
            domainNameArn=f"arn:aws:apigateway:us-east-1:{ACCOUNT}:/domainnames/gone.example.com+abcdef1234",
        )
    assert error_of(no_domain) == ("BadRequestException", "Invalid domain name identifier specified", 400)


def test_create_refuses_what_aws_refuses(apigw: Any) -> None:
    private = _private_domain(apigw)
    public = apigw.create_domain_name(
        domainName="public.example.com",
        regionalCertificateArn="arn:aws:acm:us-east-1:0:certificate/x",
        endpointConfiguration={"types": ["REGIONAL"]},
    )
    missing_id = private["domainNameArn"].rsplit("+", 1)[0] + "+zzzzzzzzzz"
    other_account = private["domainNameArn"].replace(ACCOUNT, "111122223333")
    for domain_arn in (public["domainNameArn"], missing_id, other_account, "not-an-arn"):
        with pytest.raises(ClientError) as refused:
            _associate(apigw, domain_arn, "vpce-0a1b2c3d4e5f60718")
        assert error_of(refused) == ("BadRequestException", "Invalid domain name identifier specified", 400)
    with pytest.raises(ClientError) as bad_source:
        _associate(apigw, private["domainNameArn"], "subnet-0a1b2c3d")
    assert error_of(bad_source)[0::2] == ("BadRequestException", 400)
    with pytest.raises(ClientError) as bad_type:
        apigw.create_domain_name_access_association(
            domainNameArn=private["domainNameArn"],
            accessAssociationSourceType="VPC",
            accessAssociationSource="vpce-0a1b2c3d4e5f60718",
        )
    assert error_of(bad_type) == (
        "ValidationException",
        "1 validation error detected: Value 'VPC' at 'createDomainNameAccessAssociationInput.accessAssociationSourceType' "
        "failed to satisfy constraint: Member must satisfy enum value set: [VPCE]",
        400,
    )
    _associate(apigw, private["domainNameArn"], "vpce-0a1b2c3d4e5f60718")
    with pytest.raises(ClientError) as duplicate:
        _associate(apigw, private["domainNameArn"], "vpce-0a1b2c3d4e5f60718")
    assert error_of(duplicate)[0::2] == ("ConflictException", 409)
    assert len(_listed(apigw)) == 1


def test_associations_are_tagged_by_their_arn(apigw: Any) -> None:
    domain = _private_domain(apigw)
    arn = _associate(apigw, domain["domainNameArn"], "vpce-0a1b2c3d4e5f60718", tags={"a": "1"})[
        "domainNameAccessAssociationArn"
    ]
    apigw.tag_resource(resourceArn=arn, tags={"b": "2"})
    assert apigw.get_tags(resourceArn=arn)["tags"] == {"a": "1", "b": "2"}
    apigw.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert apigw.get_tags(resourceArn=arn)["tags"] == {"b": "2"}
    assert _listed(apigw)[0]["tags"] == {"b": "2"}
    # The private domain name itself is tagged by its ARN, which ends in +{domainNameId}.
    apigw.tag_resource(resourceArn=domain["domainNameArn"], tags={"owner": "me"})
    assert apigw.get_tags(resourceArn=domain["domainNameArn"])["tags"] == {"owner": "me"}


def test_deleting_the_domain_name_removes_its_associations(apigw: Any) -> None:
    domain = _private_domain(apigw)
    arn = _associate(apigw, domain["domainNameArn"], "vpce-0a1b2c3d4e5f60718")[
        "domainNameAccessAssociationArn"
    ]
    apigw.delete_domain_name(domainName="private.example.com", domainNameId=domain["domainNameId"])
    assert _listed(apigw) == []
    with pytest.raises(ClientError) as gone:
        apigw.get_tags(resourceArn=arn)
    assert error_of(gone)[0::2] == ("NotFoundException", 404)


def test_a_private_domain_name_is_named_with_its_id(apigw: Any) -> None:
    domain_id = _private_domain(apigw)["domainNameId"]
    policy = '{"Version":"2012-10-17","Statement":[]}'
    updated = apigw.update_domain_name(
        domainName="private.example.com",
        domainNameId=domain_id,
        patchOperations=[{"op": "replace", "path": "/managementPolicy", "value": policy}],
    )
    assert updated["managementPolicy"] == policy
    got = apigw.get_domain_name(domainName="private.example.com", domainNameId=domain_id)
    assert got["managementPolicy"] == policy
    for wrong_id in ({}, {"domainNameId": "zzzzzzzzzz"}):
        with pytest.raises(ClientError) as missing:
            apigw.get_domain_name(domainName="private.example.com", **wrong_id)
        assert error_of(missing) == ("NotFoundException", "Invalid domain name identifier specified", 404)
        with pytest.raises(ClientError) as not_deleted:
            apigw.delete_domain_name(domainName="private.example.com", **wrong_id)
        assert error_of(not_deleted)[0::2] == ("NotFoundException", 404)
    apigw.delete_domain_name(domainName="private.example.com", domainNameId=domain_id)
