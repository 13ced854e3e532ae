"""Tags on APIs, stages, VPC links and domain names, by ARN (``arn:aws:apigateway:{region}::/apis/{apiId}``)."""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from .errors import NotFoundException
from .store import ApiStore, Resource


class TagOperations:
    store: ApiStore
    vpc_links: dict[tuple[str, str], Resource]
    domains: dict[tuple[str, str], Any]

    def _tagged(self, ctx: RequestContext, arn: str) -> Resource:
        resource = arn.partition("::")[2]
        parts = resource.strip("/").split("/")
        if len(parts) >= 2 and parts[0] == "apis":
            model = self.store.get(ctx.region, ctx.account_id, parts[1])
            if len(parts) == 2:
                return model.api
            if len(parts) == 4 and parts[2] == "stages" and parts[3] in model.stages:
                return model.stages[parts[3]]
        if len(parts) == 2 and parts[0] == "vpclinks" and (ctx.region, parts[1]) in self.vpc_links:
            return self.vpc_links[(ctx.region, parts[1])]
        if len(parts) == 2 and parts[0] == "domainnames" and (ctx.region, parts[1]) in self.domains:
            return self.domains[(ctx.region, parts[1])].domain
        raise NotFoundException(f"Invalid resource ARN specified {arn}")

    def get_tags(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return {"Tags": self._tagged(ctx, params["ResourceArn"]).get("Tags", {})}

    def tag_resource(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        resource = self._tagged(ctx, params["ResourceArn"])
        resource.setdefault("Tags", {}).update(params.get("Tags") or {})
        return {}

    def untag_resource(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        resource = self._tagged(ctx, params["ResourceArn"])
        for key in params["TagKeys"]:
            resource.get("Tags", {}).pop(key, None)
        return {}
