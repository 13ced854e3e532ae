"""Custom domain names and API mappings, stored with AWS's shapes (not served: no DNS offline)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...aws.context import RequestContext
from ..ids import new_id
from .errors import BadRequestException, ConflictException, NotFoundException
from .store import ApiStore, Resource, child, merge, page


@dataclass(slots=True)
class DomainModel:
    domain: Resource
    mappings: dict[str, Resource] = field(default_factory=dict)


def _configuration(region: str, given: dict[str, Any]) -> Resource:
    configuration: Resource = {
        "ApiGatewayDomainName": f"d-{new_id()}.execute-api.{region}.amazonaws.com",
        "DomainNameStatus": "AVAILABLE",
        "EndpointType": "REGIONAL",
        "HostedZoneId": "Z1UJRXOUMOOFQ8",
        "IpAddressType": "ipv4",
        "SecurityPolicy": "TLS_1_2",
    }
    configuration.update(given)
    return configuration


class DomainOperations:
    store: ApiStore
    domains: dict[tuple[str, str], DomainModel]

    def _domain(self, ctx: RequestContext, name: str) -> DomainModel:
        found = self.domains.get((ctx.region, name))
        if found is None:
            raise NotFoundException(
                f"Invalid domain name identifier specified {name}", ResourceType="DomainName"
            )
        return found

    def create_domain_name(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        name = params["DomainName"]
        if (ctx.region, name) in self.domains:
            raise ConflictException(f"The domain name you provided already exists: {name}")
        domain: Resource = {
            "ApiMappingSelectionExpression": "$request.basepath",
            "DomainName": name,
            "DomainNameArn": f"arn:aws:apigateway:{ctx.region}::/domainnames/{name}",
            "DomainNameConfigurations": [
                _configuration(ctx.region, given) for given in params.get("DomainNameConfigurations") or [{}]
            ],
            "RoutingMode": params.get("RoutingMode", "API_MAPPING_ONLY"),
            "Tags": params.get("Tags", {}),
        }
        if "MutualTlsAuthentication" in params:
            domain["MutualTlsAuthentication"] = params["MutualTlsAuthentication"]
        self.domains[(ctx.region, name)] = DomainModel(domain)
        return domain

    def get_domain_name(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        return self._domain(ctx, params["DomainName"]).domain

    def get_domain_names(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return page([m.domain for (region, _), m in self.domains.items() if region == ctx.region], params)

    def update_domain_name(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        domain = self._domain(ctx, params["DomainName"]).domain
        if "DomainNameConfigurations" in params:
            domain["DomainNameConfigurations"] = [
                _configuration(ctx.region, given) for given in params["DomainNameConfigurations"]
            ]
        merge(domain, params, skip=("DomainName", "DomainNameConfigurations"))
        return domain

    def delete_domain_name(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        self._domain(ctx, params["DomainName"])
        del self.domains[(ctx.region, params["DomainName"])]
        return {}

    def create_api_mapping(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        domain = self._domain(ctx, params["DomainName"])
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        if params["Stage"] not in model.stages:
            raise BadRequestException(f"Invalid stage identifier specified {params['Stage']}")
        key = params.get("ApiMappingKey", "")
        if any(mapping.get("ApiMappingKey", "") == key for mapping in domain.mappings.values()):
            raise ConflictException(f"An API mapping with key '{key}' already exists for this domain name")
        mapping: Resource = {
            "ApiId": model.api_id,
            "ApiMappingId": new_id(6),
            "ApiMappingKey": key,
            "Stage": params["Stage"],
        }
        domain.mappings[mapping["ApiMappingId"]] = mapping
        return mapping

    def get_api_mapping(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        mappings = self._domain(ctx, params["DomainName"]).mappings
        return child(mappings, params["ApiMappingId"], "ApiMapping")

    def get_api_mappings(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return page(list(self._domain(ctx, params["DomainName"]).mappings.values()), params)

    def update_api_mapping(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        mappings = self._domain(ctx, params["DomainName"]).mappings
        mapping = child(mappings, params["ApiMappingId"], "ApiMapping")
        self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        return merge(mapping, params, skip=("DomainName", "ApiMappingId"))

    def delete_api_mapping(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        mappings = self._domain(ctx, params["DomainName"]).mappings
        child(mappings, params["ApiMappingId"], "ApiMapping")
        del mappings[params["ApiMappingId"]]
        return {}
