"""Tags on APIs, stages, VPC links and domain names, by ARN (``arn:aws:apigateway:{region}::/apis/{apiId}``)."""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from ..rest.store import Store as RestStore
from .errors import NotFoundException
from .store import ApiStore, Resource


class TagOperations:
    store: ApiStore
    vpc_links: dict[tuple[str, str], Resource]
    rest_store: RestStore

    def _tagged(self, ctx: RequestContext, arn: str) -> tuple[Resource, str]:
        """The resource an ARN names and the name of its tag member."""
        resource = arn.partition("::")[2]
        parts = resource.strip("/").split("/")
        if len(parts) >= 2 and parts[0] == "apis":
            model = self.store.get(ctx.region, ctx.account_id, parts[1])
            if len(parts) == 2:
                return model.api, "Tags"
            if len(parts) == 4 and parts[2] == "stages" and parts[3] in model.stages:
                return model.stages[parts[3]], "Tags"
        if len(parts) == 2 and parts[0] == "vpclinks" and (ctx.region, parts[1]) in self.vpc_links:
            return self.vpc_links[(ctx.region, parts[1])], "Tags"
        domain = self.rest_store.region(ctx.region).domains.get(parts[1]) if len(parts) == 2 else None
        if parts[0] == "domainnames" and domain is not None:
            # One resource with the REST API's domain, which spells the member ``tags``.
            return domain.data, "tags"
        raise NotFoundException(f"Invalid resource ARN specified {arn}")

    def get_tags(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        resource, member = self._tagged(ctx, params["ResourceArn"])
        return {"Tags": resource.get(member, {})}

    def tag_resource(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        resource, member = self._tagged(ctx, params["ResourceArn"])
        resource.setdefault(member, {}).update(params.get("Tags") or {})
        return {}

    def untag_resource(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        resource, member = self._tagged(ctx, params["ResourceArn"])
        for key in params["TagKeys"]:
            resource.get(member, {}).pop(key, None)
        return {}
