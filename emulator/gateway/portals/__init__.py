"""API Gateway portals (boto3 ``apigatewayv2``): developer portals, portal products, their pages.

``store`` holds them per region (``PortalStore``); ``portals`` the portal lifecycle and
publishing, ``products`` products and sharing policies, ``pages`` product pages and product
REST endpoint pages (``rest_endpoints`` reads the REST APIs they name), ``tagging`` tags on
their ARNs, ``checks`` the rules the model does not state. ``PortalOperations`` is the mixin
the apigatewayv2 provider takes.
"""

from __future__ import annotations

from .pages import PageOperations
from .portals import PortalLifecycleOperations
from .products import ProductOperations
from .store import PortalStore
from .tagging import PortalTagOperations


class PortalOperations(PortalTagOperations, PortalLifecycleOperations, ProductOperations, PageOperations):
    """Every portal operation; the provider sets ``portals`` (a ``PortalStore``) and ``rest_store``."""


__all__ = ["PortalOperations", "PortalStore"]
