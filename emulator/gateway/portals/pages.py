"""A portal product's documentation: product pages (markdown a product owner writes) and product
REST endpoint pages (one REST API method in a stage, with what the portal shows of it)."""

from __future__ import annotations

import copy
from typing import Any

from ...aws.context import RequestContext
from ..http.errors import NotFoundException
from ..http.store import now, page
from ..rest.store import Store as RestStore
from .checks import one_of
from .products import forget_page, owned_product
from .rest_endpoints import display_content, is_private, resolve
from .store import PortalProduct, PortalStore, Resource, arn

_PAGE = "ProductPage"
_REST_PAGE = "ProductRestEndpointPage"


def _page_of(pages: dict[str, Resource], page_id: str, label: str) -> Resource:
    found = pages.get(page_id)
    if found is None:
        raise NotFoundException(f"Invalid {label} identifier specified {page_id}", ResourceType=label)
    return found


def _page_summary(product_page: Resource) -> Resource:
    return {**product_page, "PageTitle": product_page["DisplayContent"]["Title"]}


class PageOperations:
    portals: PortalStore
    rest_store: RestStore

    def _product(self, ctx: RequestContext, params: dict[str, Any]) -> PortalProduct:
        return owned_product(self.portals, ctx, params)

    # -- product pages -----------------------------------------------------------

    def create_product_page(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        product = self._product(ctx, params)
        page_id = self.portals.new_id(product.pages)
        product_page: Resource = {
            "DisplayContent": params["DisplayContent"],
            "LastModified": now(),
            "ProductPageArn": arn(ctx.region, f"portalproducts/{product.id}/productpages/{page_id}"),
            "ProductPageId": page_id,
        }
        product.pages[page_id] = product_page
        return product_page

    def get_product_page(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        return _page_of(self._product(ctx, params).pages, params["ProductPageId"], _PAGE)

    def list_product_pages(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        pages = [_page_summary(product_page) for product_page in self._product(ctx, params).pages.values()]
        return page(pages, params, "ProductPageId")

    def update_product_page(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        product_page = _page_of(self._product(ctx, params).pages, params["ProductPageId"], _PAGE)
        if "DisplayContent" in params:
            product_page["DisplayContent"] = params["DisplayContent"]
        product_page["LastModified"] = now()
        return product_page

    def delete_product_page(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        product = self._product(ctx, params)
        product_page = _page_of(product.pages, params["ProductPageId"], _PAGE)
        del product.pages[product_page["ProductPageId"]]
        forget_page(product, product_page["ProductPageArn"])
        return {}

    # -- product REST endpoint pages --------------------------------------------

    def _shown(self, ctx: RequestContext, stored: Resource, params: dict[str, Any] | None = None) -> Resource:
        """A stored page as the operations answer it: what it displays, and its raw body if asked."""
        shown = {**stored, "DisplayContent": display_content(self.rest_store, ctx.region, stored)}
        if params is not None and str(params.get("IncludeRawDisplayContent", "")).lower() == "true":
            shown["RawDisplayContent"] = shown["DisplayContent"].get("Body", "")
        return shown

    def create_product_rest_endpoint_page(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        product = self._product(ctx, params)
        one_of("RestEndpointIdentifier", params["RestEndpointIdentifier"])
        content = params.get("DisplayContent") or {"None": {}}
        one_of("DisplayContent", content)
        api = resolve(self.rest_store, ctx, params["RestEndpointIdentifier"]["IdentifierParts"])
        page_id = self.portals.new_id(product.rest_pages)
        stored: Resource = {
            "DisplayContent": content,
            "LastModified": now(),
            "ProductRestEndpointPageArn": arn(
                ctx.region, f"portalproducts/{product.id}/productrestendpointpages/{page_id}"
            ),
            "ProductRestEndpointPageId": page_id,
            "RestEndpointIdentifier": copy.deepcopy(params["RestEndpointIdentifier"]),
            # Built at once offline; AWS shows IN_PROGRESS while it reads the API's documentation.
            "Status": "AVAILABLE",
            # Try it cannot reach a private API from a browser, so it starts off for those.
            "TryItState": params.get("TryItState") or ("DISABLED" if is_private(api) else "ENABLED"),
        }
        product.rest_pages[page_id] = stored
        return self._shown(ctx, stored)

    def get_product_rest_endpoint_page(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        stored = _page_of(
            self._product(ctx, params).rest_pages, params["ProductRestEndpointPageId"], _REST_PAGE
        )
        return self._shown(ctx, stored, params)

    def list_product_rest_endpoint_pages(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        summaries = []
        for stored in self._product(ctx, params).rest_pages.values():
            shown = self._shown(ctx, stored)
            content = shown.pop("DisplayContent")
            summaries.append({**shown, **{k: v for k, v in content.items() if k != "Body"}})
        return page(summaries, params, "ProductRestEndpointPageId")

    def update_product_rest_endpoint_page(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        stored = _page_of(
            self._product(ctx, params).rest_pages, params["ProductRestEndpointPageId"], _REST_PAGE
        )
        if "DisplayContent" in params:
            one_of("DisplayContent", params["DisplayContent"])
            stored["DisplayContent"] = params["DisplayContent"]
        if "TryItState" in params:
            stored["TryItState"] = params["TryItState"]
        stored["LastModified"] = now()
        return self._shown(ctx, stored)

    def delete_product_rest_endpoint_page(
        self, ctx: RequestContext, params: dict[str, Any]
    ) -> dict[str, Any]:
        product = self._product(ctx, params)
        stored = _page_of(product.rest_pages, params["ProductRestEndpointPageId"], _REST_PAGE)
        del product.rest_pages[stored["ProductRestEndpointPageId"]]
        forget_page(product, stored["ProductRestEndpointPageArn"])
        return {}
