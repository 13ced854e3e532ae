"""Domain name access associations: a VPC endpoint's (``VPCE``) access to a private custom domain name.

An association is the consumer's resource, in the consumer's account and region; its ARN names
the domain and the endpoint (``arn:aws:apigateway:{region}:{account}:/domainnameaccessassociations/
domainname/{name}+{domainNameId}/vpcesource/{vpce-id}``, the API reference's example). It is kept on
the private domain it names (``CustomDomain.access_associations``), so it goes with the domain.
The emulator has one account, so every association is the caller's own: ``resourceOwner``
``SELF`` lists them all and ``OTHER_ACCOUNTS`` (other accounts' associations with the caller's
domains) none. RejectDomainNameAccessAssociation marks an association rejected, as the domain's
owner does to a consumer's: it stays until its owner deletes it. VPC endpoints are not emulated
(nor is the data plane limited to them), so a source is checked for its form only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ...aws.context import RequestContext
from .domains import CustomDomain
from .errors import BadRequestException, ConflictException, NotFoundException
from .pages import page
from .store import Store

#: A private domain name's ARN, as CreateDomainName answers it.
_DOMAIN_ARN = re.compile(r"arn:aws[\w-]*:apigateway:([a-z0-9-]+):(\d{12}):/domainnames/([^/+]+)\+([a-z0-9]+)")
_ASSOCIATION_PATH = "/domainnameaccessassociations/domainname/"
_VPC_ENDPOINT = re.compile(r"vpce-[0-9a-z]+")
_NO_DOMAIN = "Invalid domain name identifier specified"
_NO_ASSOCIATION = "Invalid domain name access association identifier specified"
#: Members of a stored association that outputs leave out.
_INTERNAL = ("rejected",)


def association_arn(ctx: RequestContext, domain: dict[str, Any], source: str) -> str:
    name = f"{domain['domainName']}+{domain['domainNameId']}"
    return f"arn:aws:apigateway:{ctx.region}:{ctx.account_id}:{_ASSOCIATION_PATH}{name}/vpcesource/{source}"


def _shown(association: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in association.items() if key not in _INTERNAL}


class AccessAssociationsOperations:
    store: Store

    def _private_domain(self, ctx: RequestContext, domain_arn: str) -> CustomDomain:
        """The caller's private domain name a ``domainNameArn`` names (in any region); only private
        domain names have the ``+{domainNameId}`` such an ARN ends with."""
        found = _DOMAIN_ARN.fullmatch(domain_arn)
        if found is None or found.group(2) != ctx.account_id:
            raise BadRequestException(_NO_DOMAIN)
        region, _, name, domain_id = found.groups()
        domain = self.store.region(region).domains.get(name)
        if domain is None or domain.data.get("domainNameId") != domain_id:
            raise BadRequestException(_NO_DOMAIN)
        return domain

    def create_domain_name_access_association(
        self, ctx: RequestContext, params: dict[str, Any]
    ) -> dict[str, Any]:
        domain = self._private_domain(ctx, params["domainNameArn"])
        source = params["accessAssociationSource"]
        if not _VPC_ENDPOINT.fullmatch(source):
            raise BadRequestException(f"Invalid VPC endpoint identifier specified: {source}")
        arn = association_arn(ctx, domain.data, source)
        if arn in domain.access_associations:
            raise ConflictException("The domain name access association you provided already exists.")
        association: dict[str, Any] = {
            "domainNameAccessAssociationArn": arn,
            "domainNameArn": domain.data["domainNameArn"],
            "accessAssociationSourceType": params["accessAssociationSourceType"],
            "accessAssociationSource": source,
        }
        if params.get("tags"):
            association["tags"] = dict(params["tags"])
        domain.access_associations[arn] = association
        return _shown(association)

    def get_domain_name_access_associations(
        self, ctx: RequestContext, params: dict[str, Any]
    ) -> dict[str, Any]:
        if params.get("resourceOwner") == "OTHER_ACCOUNTS":
            return page([], params)  # one account: no other account's associations exist
        mine = [
            _shown(association)
            for _, association in _all_associations(self.store)
            if _owned(ctx, association["domainNameAccessAssociationArn"])
        ]
        mine.sort(key=lambda association: association["domainNameAccessAssociationArn"])
        return page(mine, params, identity="domainNameAccessAssociationArn")

    def delete_domain_name_access_association(
        self, ctx: RequestContext, params: dict[str, Any]
    ) -> dict[str, Any]:
        arn = params["domainNameAccessAssociationArn"]
        found = find_association(self.store, arn)
        if found is None or not _owned(ctx, arn):  # only its owner, in its region, deletes it
            raise NotFoundException(_NO_ASSOCIATION)
        del found[0].access_associations[arn]
        return {}

    def reject_domain_name_access_association(
        self, ctx: RequestContext, params: dict[str, Any]
    ) -> dict[str, Any]:
        domain = self._private_domain(ctx, params["domainNameArn"])
        association = domain.access_associations.get(params["domainNameAccessAssociationArn"])
        if association is None:
            raise NotFoundException(_NO_ASSOCIATION)
        if association.get("rejected"):
            raise ConflictException("The domain name access association has already been rejected.")
        association["rejected"] = True
        return {}


def _owned(ctx: RequestContext, arn: str) -> bool:
    """Whether an association is the caller's, in the caller's region (its ARN says so)."""
    return arn.split(":", 5)[3:5] == [ctx.region, ctx.account_id]


def _all_associations(store: Store) -> Iterator[tuple[CustomDomain, dict[str, Any]]]:
    for state in store.regions.values():
        for domain in state.domains.values():
            for association in domain.access_associations.values():
                yield domain, association


def find_association(store: Store, arn: str) -> tuple[CustomDomain, dict[str, Any]] | None:
    """The domain and the stored association an ARN names (also for the tagging operations)."""
    for state in store.regions.values():
        for domain in state.domains.values():
            found = domain.access_associations.get(arn)
            if found is not None:
                return domain, found
    return None
