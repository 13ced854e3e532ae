"""Custom domain names and their base path mappings, kept in the REST API's shapes.

AWS keeps one domain name resource for both APIs: apigatewayv2 shows the same
domains (``http/domains.py`` renders its view of these records), and its API
mappings are these base path mappings, and its routing rules
(``http/routing_rules.py``) are kept here too. The data plane routes a request
whose ``Host`` is a domain name by them, as the domain's routing mode says
(``gateway/custom_domains.py``).
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass, field
from typing import Any

from ...aws.context import RequestContext
from ..ids import new_id
from .errors import BadRequestException, ConflictException, NotFoundException
from .pages import page
from .patch import MAP, STR, apply_patch, split_path
from .store import Store, timestamp_now

#: AWS's hosted zones for CloudFront (edge) and us-east-1's regional endpoints.
_CLOUDFRONT_ZONE = "Z2FDTNDATAQYW2"
_REGIONAL_ZONE = "Z1UJRXOUMOOFQ8"
_CLOUDFRONT_ALPHABET = string.ascii_lowercase + string.digits
#: The empty base path, as the API spells it in URIs and outputs.
NO_BASE_PATH = "(none)"
_DOMAIN_FIELDS = {
    "certificateName": STR,
    "certificateArn": STR,
    "regionalCertificateName": STR,
    "regionalCertificateArn": STR,
    "securityPolicy": STR,
    "ownershipVerificationCertificateArn": STR,
    "policy": STR,
    "managementPolicy": STR,
    "routingMode": STR,
    "tags": MAP,
}
_CERTIFICATE_KEYS = ("certificateName", "certificateArn", "regionalCertificateName", "regionalCertificateArn")
#: UpdateBasePathMapping's patch paths (AWS spells one ``restapiId``) -> BasePathMapping members.
_MAPPING_PATHS = {"basePath": "basePath", "restapiId": "restApiId", "stage": "stage"}
_OPTIONAL_KEYS = ("tags", "mutualTlsAuthentication", "ownershipVerificationCertificateArn", "policy")


@dataclass(slots=True)
class CustomDomain:
    data: dict[str, Any]
    #: base path (``(none)`` for the empty one) -> BasePathMapping shape, plus
    #: the ``apiMappingId`` apigatewayv2 knows it by (outputs leave it out).
    mappings: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: RoutingRule id -> apigatewayv2's RoutingRule shape (``http/routing_rules.py``).
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: ``rules`` as the data plane tests them, in priority order (``custom_domains.compile_rules``).
    compiled_rules: tuple[Any, ...] = ()
    #: association ARN -> DomainNameAccessAssociation (a private domain's, ``access_associations.py``).
    access_associations: dict[str, dict[str, Any]] = field(default_factory=dict)

    def mapping_by_id(self, mapping_id: str) -> dict[str, Any] | None:
        return next((m for m in self.mappings.values() if m["apiMappingId"] == mapping_id), None)


def new_mapping(base_path: str, api_id: str, stage: str | None) -> dict[str, Any]:
    mapping: dict[str, Any] = {"basePath": base_path, "restApiId": api_id, "apiMappingId": new_id(6)}
    if stage:
        mapping["stage"] = stage
    return mapping


def new_domain(region: str, params: dict[str, Any], account_id: str = "") -> dict[str, Any]:
    """A DomainName as CreateDomainName answers it (apigatewayv2's create passes these members too).

    A private domain name has its own id, in its ARN after a ``+`` and the account
    (terraform-provider-aws domain_name_test.go::TestAccAPIGatewayDomainName_private sets
    domain_name_id; the AWS CLI's get-domain-name example shows the ARN).
    """
    name = params["domainName"]
    endpoint = dict(params.get("endpointConfiguration") or {})
    endpoint.setdefault("types", ["EDGE"])
    endpoint.setdefault("ipAddressType", "ipv4")
    data: dict[str, Any] = {"domainName": name}
    if "PRIVATE" in endpoint["types"]:
        data["domainNameId"] = domain_id = new_id()
        data["domainNameArn"] = f"arn:aws:apigateway:{region}:{account_id}:/domainnames/{name}+{domain_id}"
    else:
        data["domainNameArn"] = f"arn:aws:apigateway:{region}::/domainnames/{name}"
    data.update({key: params[key] for key in _CERTIFICATE_KEYS if params.get(key)})
    if params.get("certificateArn") or params.get("certificateBody"):
        data["certificateUploadDate"] = timestamp_now()
    if "REGIONAL" in endpoint["types"]:
        data["regionalDomainName"] = f"d-{new_id()}.execute-api.{region}.amazonaws.com"
        data["regionalHostedZoneId"] = _REGIONAL_ZONE
    if "EDGE" in endpoint["types"]:
        host = "d" + "".join(secrets.choice(_CLOUDFRONT_ALPHABET) for _ in range(13))
        data["distributionDomainName"] = f"{host}.cloudfront.net"
        data["distributionHostedZoneId"] = _CLOUDFRONT_ZONE
    data.update(
        endpointConfiguration=endpoint,
        domainNameStatus="AVAILABLE",
        securityPolicy=params.get("securityPolicy") or "TLS_1_2",
        routingMode=params.get("routingMode") or "BASE_PATH_MAPPING_ONLY",
    )
    data.update({key: params[key] for key in _OPTIONAL_KEYS if params.get(key) is not None})
    return data


def _base_path(given: str | None) -> str:
    return given or NO_BASE_PATH


class DomainsOperations:
    store: Store

    def _domain(self, ctx: RequestContext, params: dict[str, Any]) -> CustomDomain:
        """The domain ``domainName`` names; a private one only with its ``domainNameId`` too (a
        DeleteDomainName without it answers 404 on AWS: aws-nuke#533's trace)."""
        found = self.store.region(ctx.region).domains.get(params["domainName"])
        if found is None or found.data.get("domainNameId") != params.get("domainNameId"):
            raise NotFoundException("Invalid domain name identifier specified")
        return found

    def _check_target(self, ctx: RequestContext, api_id: str, stage: str | None) -> None:
        """A mapping must name an existing API and, if any, one of its stages."""
        api = self.store.region(ctx.region).apis.get(api_id)
        if api is None:
            raise BadRequestException("Invalid REST API identifier specified")
        if stage and stage not in api.stages:
            raise BadRequestException("Invalid stage identifier specified")

    # -- domain names --------------------------------------------------------

    def create_domain_name(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        domains = self.store.region(ctx.region).domains
        if params["domainName"] in domains:
            raise ConflictException("The domain name you provided already exists.")
        domain = CustomDomain(new_domain(ctx.region, params, ctx.account_id))
        domains[params["domainName"]] = domain
        return domain.data

    def get_domain_name(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return self._domain(ctx, params).data

    def get_domain_names(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        domains = self.store.region(ctx.region).domains
        return page([domains[name].data for name in sorted(domains)], params, identity="domainName")

    def update_domain_name(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        domain = self._domain(ctx, params)
        apply_patch(domain.data, params.get("patchOperations", []), _DOMAIN_FIELDS)
        return domain.data

    def delete_domain_name(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        self._domain(ctx, params)
        del self.store.region(ctx.region).domains[params["domainName"]]
        return {}

    # -- base path mappings --------------------------------------------------

    def create_base_path_mapping(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        domain = self._domain(ctx, params)
        self._check_target(ctx, params["restApiId"], params.get("stage"))
        base_path = _base_path(params.get("basePath"))
        if base_path in domain.mappings:
            raise ConflictException("Base path already exists for this domain name")
        if domain.mappings and NO_BASE_PATH in (base_path, *domain.mappings):
            raise ConflictException("Only one base path mapping is allowed if the base path is empty.")
        mapping = new_mapping(base_path, params["restApiId"], params.get("stage"))
        domain.mappings[base_path] = mapping
        return mapping

    def get_base_path_mapping(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return _mapping(self._domain(ctx, params), params["basePath"])

    def get_base_path_mappings(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return page(list(self._domain(ctx, params).mappings.values()), params, identity="basePath")

    def update_base_path_mapping(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        domain = self._domain(ctx, params)
        mapping = dict(_mapping(domain, params["basePath"]))
        for operation in params.get("patchOperations", []):
            path, value = operation.get("path", ""), operation.get("value")
            name = _MAPPING_PATHS.get("/".join(split_path(path)))
            if name is None or operation.get("op", "replace") != "replace":
                raise BadRequestException(
                    f"Invalid patch path '{path}' specified for op '{operation.get('op')}'. "
                    "Must be one of: [/basePath, /restapiId, /stage]"
                )
            if name == "stage" and not value:
                mapping.pop("stage", None)
            else:
                mapping[name] = _base_path(value) if name == "basePath" else value
        self._check_target(ctx, mapping["restApiId"], mapping.get("stage"))
        old_path, new_path = _base_path(params["basePath"]), mapping["basePath"]
        if new_path != old_path and new_path in domain.mappings:
            raise ConflictException("Base path already exists for this domain name")
        del domain.mappings[old_path]
        domain.mappings[new_path] = mapping
        return mapping

    def delete_base_path_mapping(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        domain = self._domain(ctx, params)
        _mapping(domain, params["basePath"])
        del domain.mappings[_base_path(params["basePath"])]
        return {}


def _mapping(domain: CustomDomain, base_path: str) -> dict[str, Any]:
    found = domain.mappings.get(_base_path(base_path))
    if found is None:
        raise NotFoundException("Invalid base path mapping identifier specified")
    return found
