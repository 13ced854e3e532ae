"""Developer portals and portal products as stored data, one ``RegionPortals`` a region.

Portals, products and pages are kept as the dicts of their botocore output members
(``PortalId``, ``PortalContent`` ...), as the rest of apigatewayv2 keeps its resources,
so Get operations answer them as stored. Ids are API Gateway's (lower-case letters
and digits); ARNs are API Gateway's resource paths
(``arn:aws:apigateway:{region}::/portalproducts/{id}/productpages/{pageId}``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..http.errors import NotFoundException
from ..ids import new_id

Resource = dict[str, Any]

PORTAL_ID_LENGTH = 10


def arn(region: str, path: str) -> str:
    return f"arn:aws:apigateway:{region}::/{path}"


def product_arn(region: str, product_id: str) -> str:
    return arn(region, f"portalproducts/{product_id}")


@dataclass(slots=True)
class PortalProduct:
    """A product with its documentation pages and its sharing policy."""

    data: Resource
    #: ProductPageId -> product page (``DisplayContent`` holds its title and body)
    pages: dict[str, Resource] = field(default_factory=dict)
    #: ProductRestEndpointPageId -> REST endpoint page, with the ``DisplayContent`` the caller sent
    rest_pages: dict[str, Resource] = field(default_factory=dict)
    sharing_policy: str | None = None

    @property
    def id(self) -> str:
        return self.data["PortalProductId"]

    @property
    def arn(self) -> str:
        return self.data["PortalProductArn"]


@dataclass(slots=True)
class RegionPortals:
    portals: dict[str, Resource] = field(default_factory=dict)
    products: dict[str, PortalProduct] = field(default_factory=dict)

    def portal(self, portal_id: str) -> Resource:
        found = self.portals.get(portal_id)
        if found is None:
            raise NotFoundException(f"Invalid Portal identifier specified {portal_id}", ResourceType="Portal")
        return found

    def product(
        self, product_id: str, owner: str | None = None, account_id: str | None = None
    ) -> PortalProduct:
        """A product of this region; ``owner`` (a ResourceOwnerAccountId) other than ``account_id``
        finds nothing, since no other account shares products with the only one there is."""
        found = self.products.get(product_id) if owner in (None, account_id) else None
        if found is None:
            raise NotFoundException(
                f"Invalid PortalProduct identifier specified {product_id}", ResourceType="PortalProduct"
            )
        return found

    def product_by_arn(self, product_arn: str) -> PortalProduct | None:
        return next((product for product in self.products.values() if product.arn == product_arn), None)


class PortalStore:
    """Every region's portals and portal products."""

    def __init__(self) -> None:
        self.regions: dict[str, RegionPortals] = {}

    def region(self, region: str) -> RegionPortals:
        state = self.regions.get(region)
        if state is None:
            state = self.regions[region] = RegionPortals()
        return state

    def new_id(self, taken: dict[str, Any]) -> str:
        while True:
            candidate = new_id(PORTAL_ID_LENGTH)
            if candidate not in taken:
                return candidate

    def clear(self) -> None:
        self.regions.clear()
