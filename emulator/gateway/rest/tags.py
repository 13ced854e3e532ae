"""TagResource, UntagResource, GetTags for REST APIs, stages, API keys, usage plans, VPC links,
client certificates, domain names and domain name access associations."""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from .access_associations import find_association
from .errors import NotFoundException
from .store import Store


class TagsOperations:
    store: Store

    def _tagged(self, ctx: RequestContext, arn: str) -> dict[str, Any]:
        """The stored object an ARN (``arn:aws:apigateway:{region}::/restapis/{id}[/stages/{name}]``) names."""
        parts = arn.split(":/", 1)[-1].strip("/").split("/")  # regional ARNs carry an account too
        state = self.store.region(ctx.region)
        found: dict[str, Any] | None = None
        if parts[0] == "restapis" and len(parts) >= 2:
            api = state.apis.get(parts[1])
            if api is not None:
                found = (
                    api.data
                    if len(parts) == 2
                    else api.stages.get(parts[3])
                    if parts[2:3] == ["stages"] and len(parts) == 4
                    else None
                )
        elif parts[0] == "apikeys" and len(parts) == 2:
            found = state.api_keys.get(parts[1])
        elif parts[0] == "usageplans" and len(parts) == 2:
            found = state.usage_plans.get(parts[1])
        elif parts[0] == "vpclinks" and len(parts) == 2:
            found = state.vpc_links.get(parts[1])
        elif parts[0] == "clientcertificates" and len(parts) == 2:
            found = state.client_certificates.get(parts[1])
        elif parts[0] == "domainnameaccessassociations":
            association = find_association(self.store, arn)
            found = association[1] if association is not None else None
        elif parts[0] == "domainnames" and len(parts) == 2:
            domain = state.domains.get(parts[1].split("+")[0])  # a private domain's ends in +{domainNameId}
            found = domain.data if domain is not None else None
        if found is None:
            raise NotFoundException("Invalid resource identifier specified")
        return found

    def tag_resource(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        self._tagged(ctx, params["resourceArn"]).setdefault("tags", {}).update(params["tags"])
        return {}

    def untag_resource(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        tagged = self._tagged(ctx, params["resourceArn"])
        for key in params["tagKeys"]:
            tagged.get("tags", {}).pop(key, None)
        return {}

    def get_tags(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return {"tags": dict(self._tagged(ctx, params["resourceArn"]).get("tags", {}))}
