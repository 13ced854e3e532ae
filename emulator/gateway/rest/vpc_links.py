"""VPC links (CreateVpcLink ... DeleteVpcLink): stored with AWS's shapes; offline they are ready at once."""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from ..ids import new_id
from .errors import NotFoundException
from .pages import page
from .patch import MAP, STR, apply_patch
from .store import Store

_FIELDS = {"name": STR, "description": STR, "tags": MAP}


class VpcLinksOperations:
    store: Store

    def _vpc_link(self, ctx: RequestContext, link_id: str) -> dict[str, Any]:
        found = self.store.region(ctx.region).vpc_links.get(link_id)
        if found is None:
            raise NotFoundException("Invalid VPC link identifier specified")
        return found

    def create_vpc_link(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        link: dict[str, Any] = {"id": new_id(6), "name": params["name"]}
        if params.get("description") is not None:
            link["description"] = params["description"]
        link.update(
            targetArns=params["targetArns"],
            status="AVAILABLE",
            statusMessage="Your vpc link is ready for use",
            tags=params.get("tags") or {},
        )
        self.store.region(ctx.region).vpc_links[link["id"]] = link
        return link

    def get_vpc_link(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return self._vpc_link(ctx, params["vpcLinkId"])

    def get_vpc_links(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return page(list(self.store.region(ctx.region).vpc_links.values()), params)

    def update_vpc_link(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        link = self._vpc_link(ctx, params["vpcLinkId"])
        apply_patch(link, params.get("patchOperations", []), _FIELDS)
        return link

    def delete_vpc_link(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        self._vpc_link(ctx, params["vpcLinkId"])
        del self.store.region(ctx.region).vpc_links[params["vpcLinkId"]]
        return {}
