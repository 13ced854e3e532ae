"""apigatewayv2's view of custom domain names and their API mappings.

AWS keeps one domain name resource for both APIs, so these operations read and
write the REST API's records (``rest/domains.py``): a domain made with either
client shows in both, and an API mapping is a base path mapping (key ``""`` is
base path ``(none)``). The data plane routes a request whose ``Host`` is a
domain name by its mappings and routing rules (``http/routing_rules.py``), as
its routing mode says (``gateway/custom_domains.py``).
"""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from ..rest.domains import NO_BASE_PATH, CustomDomain, new_domain, new_mapping
from ..rest.store import Store as RestStore
from .errors import BadRequestException, ConflictException, NotFoundException
from .store import ApiStore, Resource, page

#: apigatewayv2's routing modes and the REST API's names for them.
_ROUTING_MODES = {
    "API_MAPPING_ONLY": "BASE_PATH_MAPPING_ONLY",
    "ROUTING_RULE_ONLY": "ROUTING_RULE_ONLY",
    "ROUTING_RULE_THEN_API_MAPPING": "ROUTING_RULE_THEN_BASE_PATH_MAPPING",
}
_HTTP_ROUTING_MODES = {rest: http for http, rest in _ROUTING_MODES.items()}
#: The REST API's names for the routing modes that use routing rules.
_RULE_MODES = frozenset({"ROUTING_RULE_ONLY", "ROUTING_RULE_THEN_BASE_PATH_MAPPING"})


def _upper_keys(value: dict[str, Any]) -> dict[str, Any]:
    return {key[:1].upper() + key[1:]: item for key, item in value.items()}


def _lower_keys(value: dict[str, Any]) -> dict[str, Any]:
    return {key[:1].lower() + key[1:]: item for key, item in value.items()}


def _certificate_keys(endpoint_type: str) -> tuple[str, str]:
    """Where the REST record keeps an endpoint type's certificate ARN and name."""
    if endpoint_type == "EDGE":
        return "certificateArn", "certificateName"
    return "regionalCertificateArn", "regionalCertificateName"


def _rest_members(params: dict[str, Any]) -> dict[str, Any]:
    """CreateDomainName's members in the REST API's words."""
    configuration = (params.get("DomainNameConfigurations") or [{}])[0]
    endpoint_type = configuration.get("EndpointType") or "REGIONAL"
    members: dict[str, Any] = {
        "domainName": params["DomainName"],
        "endpointConfiguration": {
            "types": [endpoint_type],
            "ipAddressType": configuration.get("IpAddressType") or "ipv4",
        },
        "securityPolicy": configuration.get("SecurityPolicy"),
        "routingMode": _ROUTING_MODES.get(params.get("RoutingMode") or "API_MAPPING_ONLY"),
        "tags": params.get("Tags") or {},
        "ownershipVerificationCertificateArn": configuration.get("OwnershipVerificationCertificateArn"),
    }
    arn_key, name_key = _certificate_keys(endpoint_type)
    members[arn_key] = configuration.get("CertificateArn")
    members[name_key] = configuration.get("CertificateName")
    if params.get("MutualTlsAuthentication"):
        members["mutualTlsAuthentication"] = _lower_keys(params["MutualTlsAuthentication"])
    return members


def _update_mutual_tls(data: dict[str, Any], changes: dict[str, Any]) -> None:
    """UpdateDomainName's MutualTlsAuthentication: the given members change, an empty truststore URI turns it off.

    As Terraform's aws_apigatewayv2_domain_name sends them (only the changed
    members; TruststoreUri "" to disable) and reads them back
    (domain_name_test.go TestAccAPIGatewayV2DomainName_mutualTLSAuthentication).
    """
    if changes.get("TruststoreUri") == "":
        data.pop("mutualTlsAuthentication", None)
        return
    merged = {**data.get("mutualTlsAuthentication", {}), **_lower_keys(changes)}
    data["mutualTlsAuthentication"] = {key: value for key, value in merged.items() if value != ""}


def domain_view(domain: CustomDomain) -> Resource:
    """The DomainName apigatewayv2 shows for a stored domain."""
    data = domain.data
    endpoint = data["endpointConfiguration"]
    configurations = []
    for endpoint_type in endpoint["types"]:
        edge = endpoint_type == "EDGE"
        arn_key, name_key = _certificate_keys(endpoint_type)
        configuration = {
            "ApiGatewayDomainName": data.get("distributionDomainName" if edge else "regionalDomainName"),
            "CertificateArn": data.get(arn_key),
            "CertificateName": data.get(name_key),
            "CertificateUploadDate": data.get("certificateUploadDate"),
            "DomainNameStatus": data["domainNameStatus"],
            "EndpointType": endpoint_type,
            "HostedZoneId": data.get("distributionHostedZoneId" if edge else "regionalHostedZoneId"),
            "IpAddressType": endpoint.get("ipAddressType", "ipv4"),
            "OwnershipVerificationCertificateArn": data.get("ownershipVerificationCertificateArn"),
            "SecurityPolicy": data["securityPolicy"],
        }
        configurations.append({key: value for key, value in configuration.items() if value is not None})
    view: Resource = {
        "ApiMappingSelectionExpression": "$request.basepath",
        "DomainName": data["domainName"],
        "DomainNameArn": data["domainNameArn"],
        "DomainNameConfigurations": configurations,
        "RoutingMode": _HTTP_ROUTING_MODES.get(data["routingMode"], data["routingMode"]),
        "Tags": data.get("tags", {}),
    }
    if data.get("mutualTlsAuthentication"):
        view["MutualTlsAuthentication"] = _upper_keys(data["mutualTlsAuthentication"])
    return view


def mapping_view(mapping: dict[str, Any]) -> Resource:
    """An ApiMapping as apigatewayv2 shows a base path mapping."""
    view: Resource = {
        "ApiId": mapping["restApiId"],
        "ApiMappingId": mapping["apiMappingId"],
        "ApiMappingKey": "" if mapping["basePath"] == NO_BASE_PATH else mapping["basePath"],
    }
    if mapping.get("stage"):
        view["Stage"] = mapping["stage"]
    return view


class DomainOperations:
    store: ApiStore
    #: The REST API's store, whose domain names these are.
    rest_store: RestStore

    def _domains(self, ctx: RequestContext) -> dict[str, CustomDomain]:
        return self.rest_store.region(ctx.region).domains

    def _domain(self, ctx: RequestContext, name: str) -> CustomDomain:
        found = self._domains(ctx).get(name)
        if found is None:
            raise NotFoundException(
                f"Invalid domain name identifier specified {name}", ResourceType="DomainName"
            )
        return found

    def _mapping(self, domain: CustomDomain, mapping_id: str) -> dict[str, Any]:
        found = domain.mapping_by_id(mapping_id)
        if found is None:
            raise NotFoundException(
                f"Invalid ApiMapping identifier specified {mapping_id}", ResourceType="ApiMapping"
            )
        return found

    def _check_target(self, ctx: RequestContext, domain: CustomDomain, api_id: str, stage: str | None) -> None:
        """An HTTP, WebSocket or REST API of this region, and one of its stages (REST only on rule domains)."""
        rest_api = self.rest_store.region(ctx.region).apis.get(api_id)
        if rest_api is not None:
            stages = rest_api.stages
        else:
            stages = self.store.get(ctx.region, ctx.account_id, api_id).stages
            if domain.data["routingMode"] in _RULE_MODES:  # AWS's words, as recorded live
                raise BadRequestException(
                    "APIs with a protocol type of HTTP or WEBSOCKET cannot be associated to domains that have a "
                    "routingMode that uses RoutingRules"
                )
        if stage not in stages:
            raise BadRequestException(f"Invalid stage identifier specified {stage}")

    # -- domain names --------------------------------------------------------

    def create_domain_name(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        name = params["DomainName"]
        domains = self._domains(ctx)
        if name in domains:
            raise ConflictException(f"The domain name you provided already exists: {name}")
        members = {key: value for key, value in _rest_members(params).items() if value is not None}
        domain = domains[name] = CustomDomain(new_domain(ctx.region, members))
        return domain_view(domain)

    def get_domain_name(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        return domain_view(self._domain(ctx, params["DomainName"]))

    def get_domain_names(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        domains = self._domains(ctx)
        return page([domain_view(domains[name]) for name in sorted(domains)], params, "DomainName")

    def update_domain_name(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        domain = self._domain(ctx, params["DomainName"])
        data = domain.data
        if params.get("DomainNameConfigurations"):
            configuration = params["DomainNameConfigurations"][0]
            arn_key, name_key = _certificate_keys(data["endpointConfiguration"]["types"][0])
            for key, member in ((arn_key, "CertificateArn"), (name_key, "CertificateName")):
                if configuration.get(member):
                    data[key] = configuration[member]
            if configuration.get("SecurityPolicy"):
                data["securityPolicy"] = configuration["SecurityPolicy"]
            if configuration.get("IpAddressType"):
                data["endpointConfiguration"]["ipAddressType"] = configuration["IpAddressType"]
        if "MutualTlsAuthentication" in params:
            _update_mutual_tls(data, params["MutualTlsAuthentication"])
        if params.get("RoutingMode"):
            data["routingMode"] = _ROUTING_MODES.get(params["RoutingMode"], params["RoutingMode"])
        return domain_view(domain)

    def delete_domain_name(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        self._domain(ctx, params["DomainName"])
        del self._domains(ctx)[params["DomainName"]]
        return {}

    # -- API mappings --------------------------------------------------------

    @staticmethod
    def _check_mapping_key(key: str) -> None:
        """Multi-level keys (``v1/orders``) are allowed; AWS's words for malformed ones, as moto records."""
        if key.startswith("/") or "//" in key:
            raise BadRequestException("API mapping key should not start with a '/' or have consecutive '/'s.")
        if key.endswith("/"):
            raise BadRequestException("API mapping key should not end with a '/'.")

    def create_api_mapping(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        domain = self._domain(ctx, params["DomainName"])
        self._check_target(ctx, domain, params["ApiId"], params["Stage"])
        key = params.get("ApiMappingKey", "")
        self._check_mapping_key(key)
        if (key or NO_BASE_PATH) in domain.mappings:
            raise ConflictException(f"An API mapping with key '{key}' already exists for this domain name")
        mapping = domain.mappings[key or NO_BASE_PATH] = new_mapping(
            key or NO_BASE_PATH, params["ApiId"], params["Stage"]
        )
        return mapping_view(mapping)

    def get_api_mapping(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        return mapping_view(self._mapping(self._domain(ctx, params["DomainName"]), params["ApiMappingId"]))

    def get_api_mappings(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        domain = self._domain(ctx, params["DomainName"])
        return page([mapping_view(mapping) for mapping in domain.mappings.values()], params, "ApiMappingId")

    def update_api_mapping(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        domain = self._domain(ctx, params["DomainName"])
        mapping = self._mapping(domain, params["ApiMappingId"])
        stage = params.get("Stage") or mapping.get("stage")
        self._check_target(ctx, domain, params["ApiId"], stage)
        old_path = mapping["basePath"]
        self._check_mapping_key(params.get("ApiMappingKey", ""))
        new_path = (params["ApiMappingKey"] or NO_BASE_PATH) if "ApiMappingKey" in params else old_path
        if new_path != old_path and new_path in domain.mappings:
            raise ConflictException(
                f"An API mapping with key '{params['ApiMappingKey']}' already exists for this domain name"
            )
        mapping.update(basePath=new_path, restApiId=params["ApiId"], stage=stage)
        domain.mappings[new_path] = domain.mappings.pop(old_path)
        return mapping_view(mapping)

    def delete_api_mapping(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        domain = self._domain(ctx, params["DomainName"])
        mapping = self._mapping(domain, params["ApiMappingId"])
        del domain.mappings[mapping["basePath"]]
        return {}
