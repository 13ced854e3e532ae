"""Portal products (CreatePortalProduct ... ListPortalProducts) and their sharing policies.

There is one account, so no product is shared with the caller by another: asking for another
owner's product finds nothing, and listing other owners' products lists none. A sharing policy
is stored and answered as written (there is no AWS RAM to act on it).
"""

from __future__ import annotations

import copy
from typing import Any

from ...aws.context import RequestContext
from ..http.errors import BadRequestException, NotFoundException
from ..http.store import now, page
from .checks import check_policy
from .store import PortalProduct, PortalStore, RegionPortals, Resource, product_arn

#: ListPortalProducts' ``ResourceOwner`` for products other accounts share with the caller.
OTHER_ACCOUNTS = "OTHER_ACCOUNTS"


def check_display_order(product: PortalProduct, order: dict[str, Any]) -> None:
    """Each ARN of a display order names one of this product's pages, of the right kind."""
    pages = {page["ProductPageArn"] for page in product.pages.values()}
    endpoint_pages = {page["ProductRestEndpointPageArn"] for page in product.rest_pages.values()}
    named = [order["OverviewPageArn"]] if "OverviewPageArn" in order else []
    for page_arn in [*named, *order.get("ProductPageArns", [])]:
        if page_arn not in pages:
            raise BadRequestException(f"Invalid product page ARN specified {page_arn}")
    for section in order.get("Contents", []):
        for page_arn in section["ProductRestEndpointPageArns"]:
            if page_arn not in endpoint_pages:
                raise BadRequestException(f"Invalid product REST endpoint page ARN specified {page_arn}")


def forget_page(product: PortalProduct, page_arn: str) -> None:
    """A deleted page leaves its product's display order."""
    order = product.data["DisplayOrder"]
    if order.get("OverviewPageArn") == page_arn:
        del order["OverviewPageArn"]
    order["ProductPageArns"] = [arn for arn in order.get("ProductPageArns", []) if arn != page_arn]
    for section in order.get("Contents", []):
        section["ProductRestEndpointPageArns"] = [
            arn for arn in section["ProductRestEndpointPageArns"] if arn != page_arn
        ]


def owned_product(portals: PortalStore, ctx: RequestContext, params: dict[str, Any]) -> PortalProduct:
    """The product a read names, among its ``ResourceOwnerAccountId``'s products (the caller's by default)."""
    state = portals.region(ctx.region)
    return state.product(params["PortalProductId"], params.get("ResourceOwnerAccountId"), ctx.account_id)


class ProductOperations:
    portals: PortalStore

    def create_portal_product(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        state: RegionPortals = self.portals.region(ctx.region)
        product_id = self.portals.new_id(state.products)
        data: Resource = {
            "Description": params.get("Description", ""),
            "DisplayName": params["DisplayName"],
            "DisplayOrder": {"Contents": [], "ProductPageArns": []},
            "LastModified": now(),
            "PortalProductArn": product_arn(ctx.region, product_id),
            "PortalProductId": product_id,
            "Tags": params.get("Tags") or {},
        }
        state.products[product_id] = PortalProduct(data)
        return data

    def get_portal_product(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        return owned_product(self.portals, ctx, params).data

    def list_portal_products(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        products = self.portals.region(ctx.region).products.values()
        owned = (
            [] if params.get("ResourceOwner") == OTHER_ACCOUNTS else [product.data for product in products]
        )
        return page(owned, params, "PortalProductId")

    def update_portal_product(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        product = self.portals.region(ctx.region).product(params["PortalProductId"])
        if "DisplayOrder" in params:
            check_display_order(product, params["DisplayOrder"])
            product.data["DisplayOrder"] = {
                "Contents": [],
                "ProductPageArns": [],
                **copy.deepcopy(params["DisplayOrder"]),
            }
        for name in ("DisplayName", "Description"):
            if name in params:
                product.data[name] = params[name]
        product.data["LastModified"] = now()
        return product.data

    def delete_portal_product(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        state = self.portals.region(ctx.region)
        state.product(params["PortalProductId"])
        # Portals that include it keep its ARN: they fail to publish until it is removed, as on AWS.
        del state.products[params["PortalProductId"]]
        return {}

    # -- sharing policy ---------------------------------------------------------

    def put_portal_product_sharing_policy(
        self, ctx: RequestContext, params: dict[str, Any]
    ) -> dict[str, Any]:
        product = self.portals.region(ctx.region).product(params["PortalProductId"])
        check_policy(params["PolicyDocument"])
        product.sharing_policy = params["PolicyDocument"]
        return {}

    def _policy_of(self, ctx: RequestContext, product_id: str) -> PortalProduct:
        product = self.portals.region(ctx.region).product(product_id)
        if product.sharing_policy is None:
            raise NotFoundException(
                f"Sharing policy not found for portal product {product_id}", ResourceType="SharingPolicy"
            )
        return product

    def get_portal_product_sharing_policy(
        self, ctx: RequestContext, params: dict[str, Any]
    ) -> dict[str, Any]:
        product = self._policy_of(ctx, params["PortalProductId"])
        return {"PolicyDocument": product.sharing_policy, "PortalProductId": product.id}

    def delete_portal_product_sharing_policy(
        self, ctx: RequestContext, params: dict[str, Any]
    ) -> dict[str, Any]:
        self._policy_of(ctx, params["PortalProductId"]).sharing_policy = None
        return {}
