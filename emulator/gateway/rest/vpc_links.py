"""VPC links (CreateVpcLink ... DeleteVpcLink): stored with AWS's shapes; offline they are ready at once."""

from __future__ import annotations

import re
from typing import Any

from ...aws.context import RequestContext
from ..ids import new_id
from .errors import BadRequestException, NotFoundException
from .pages import page
from .patch import MAP, STR, apply_patch
from .store import Store

#: arn:partition:service:region:account:resource, as AWS's ARN parser requires.
_ARN = re.compile(r"arn:[^:]+:[^:]+:[^:]*:[^:]*:.+")
_FIELDS = {"name": STR, "description": STR, "tags": MAP}


class VpcLinksOperations:
    store: Store

    def _vpc_link(self, ctx: RequestContext, link_id: str) -> dict[str, Any]:
        found = self.store.region(ctx.region).vpc_links.get(link_id)
        if found is None:
            raise NotFoundException("Invalid Vpc Link identifier specified")
        return found

    def create_vpc_link(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        if not params["name"]:
            raise BadRequestException("Name cannot be empty")
        for arn in params["targetArns"]:
            if not _ARN.fullmatch(arn):
                raise BadRequestException(f"Invalid ARN. ARN is not well formed {arn}")
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
        # AWS answers while the link is still being made; offline it is ready by the next call.
        created = {key: value for key, value in link.items() if key not in ("statusMessage", "tags")}
        if params.get("tags"):
            created["tags"] = link["tags"]
        return {**created, "status": "PENDING"}

    def get_vpc_link(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return self._vpc_link(ctx, params["vpcLinkId"])

    def get_vpc_links(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        # Listings leave out an empty tag map, as AWS's do.
        links = [
            {key: value for key, value in link.items() if key != "tags" or value}
            for link in self.store.region(ctx.region).vpc_links.values()
        ]
        return page(links, params)

    def update_vpc_link(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        link = self._vpc_link(ctx, params["vpcLinkId"])
        apply_patch(link, params.get("patchOperations", []), _FIELDS)
        return link

    def delete_vpc_link(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        self._vpc_link(ctx, params["vpcLinkId"])
        del self.store.region(ctx.region).vpc_links[params["vpcLinkId"]]
        return {}
