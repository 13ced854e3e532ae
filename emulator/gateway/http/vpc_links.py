"""VPC links for HTTP APIs' private integrations: stored with AWS's shapes, ready at once offline."""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from ..ids import new_id
from .errors import NotFoundException
from .store import Resource, now, page


class VpcLinkOperations:
    #: (region, VpcLinkId) -> VpcLink
    vpc_links: dict[tuple[str, str], Resource]

    def _vpc_link(self, ctx: RequestContext, link_id: str) -> Resource:
        found = self.vpc_links.get((ctx.region, link_id))
        if found is None:
            raise NotFoundException(f"Invalid VpcLink identifier specified {link_id}", ResourceType="VpcLink")
        return found

    def create_vpc_link(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        link: Resource = {
            "CreatedDate": now(),
            "Name": params["Name"],
            "SecurityGroupIds": params.get("SecurityGroupIds") or [],
            "SubnetIds": params["SubnetIds"],
            "Tags": params.get("Tags") or {},
            "VpcLinkId": new_id(6),
            "VpcLinkStatus": "AVAILABLE",
            "VpcLinkStatusMessage": "VPC link is ready to route traffic",
            "VpcLinkVersion": "V2",
        }
        self.vpc_links[(ctx.region, link["VpcLinkId"])] = link
        return link

    def get_vpc_link(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        return self._vpc_link(ctx, params["VpcLinkId"])

    def get_vpc_links(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return page([link for (region, _), link in self.vpc_links.items() if region == ctx.region], params, "VpcLinkId")

    def update_vpc_link(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        link = self._vpc_link(ctx, params["VpcLinkId"])
        if "Name" in params:
            link["Name"] = params["Name"]
        return link

    def delete_vpc_link(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        self._vpc_link(ctx, params["VpcLinkId"])
        del self.vpc_links[(ctx.region, params["VpcLinkId"])]
        return {}
