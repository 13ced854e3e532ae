"""Tags on portals and portal products, by ARN (``arn:aws:apigateway:{region}::/portals/{portalId}``).

Placed before ``TagOperations`` among the provider's mixins: the ARNs it does not know go on to
the APIs', stages', VPC links' and domain names' tagging.
"""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from .store import PortalStore, Resource


class PortalTagOperations:
    portals: PortalStore

    def _tagged(self, ctx: RequestContext, arn: str) -> tuple[Resource, str]:
        parts = arn.partition("::")[2].strip("/").split("/")
        state = self.portals.region(ctx.region)
        if len(parts) == 2 and parts[0] == "portals" and parts[1] in state.portals:
            return state.portals[parts[1]], "Tags"
        if len(parts) == 2 and parts[0] == "portalproducts" and parts[1] in state.products:
            return state.products[parts[1]].data, "Tags"
        tagged: Any = super()._tagged(ctx, arn)  # type: ignore[misc]
        return tagged
