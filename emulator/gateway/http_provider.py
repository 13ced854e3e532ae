"""API Gateway v2: HTTP APIs (control and data plane), WebSocket APIs (control plane) and portals.

The operations live in ``http/`` by area (portals in ``portals/``); this class puts them together and
holds the state. The WebSocket data plane reads that state through
``get_api_model(api_id)``.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from ..aws.http import Receive, Scope, Send
from ..config import Settings
from .common.access_log_lines import AccessLogWriter
from .http.apis import ApiOperations
from .http.authorizers import AuthorizerOperations
from .http.domains import DomainOperations
from .http.integrations import IntegrationOperations
from .http.model_templates import ModelTemplateOperations
from .http.models import ModelOperations
from .http.openapi import ImportOperations
from .http.openapi_export import ExportOperations
from .http.route_responses import RouteResponseOperations
from .http.routes import RouteOperations
from .http.routing_rules import RoutingRuleOperations
from .http.server import HttpApiServer
from .http.stages import StageOperations
from .http.store import ApiModel, ApiStore
from .http.tags import TagOperations
from .http.vpc_links import VpcLinkOperations
from .portals import PortalOperations, PortalStore
from .rest.store import Store as RestStore


class ApiGatewayV2Provider(
    ApiOperations,
    RouteOperations,
    RouteResponseOperations,
    IntegrationOperations,
    StageOperations,
    AuthorizerOperations,
    ImportOperations,
    ExportOperations,
    PortalOperations,  # before TagOperations: tags on portal ARNs
    TagOperations,
    DomainOperations,
    RoutingRuleOperations,
    ModelOperations,
    ModelTemplateOperations,
    VpcLinkOperations,
):
    def __init__(self, settings: Settings, *, lambda_: Any = None, rest: Any = None, **services: Any) -> None:
        """``rest``: the REST API provider, whose custom domain names (one resource on AWS) these share."""
        self.settings = settings
        self.lambda_ = lambda_
        self.services = services
        self.store = ApiStore()
        self.rest_store: RestStore = rest.store if rest is not None else RestStore()
        self.vpc_links: dict[tuple[str, str], Any] = {}
        self.portals = PortalStore()
        self.server = HttpApiServer(settings, self.store, lambda_)

    def connect_access_logs(self, access_logs: AccessLogWriter) -> None:
        """HTTP API stages' access log lines go to ``access_logs`` (set by the app)."""
        self.server.access_logs = access_logs

    def get_api_model(self, api_id: str) -> ApiModel | None:
        """An API with its routes, integrations, stages ... for the data planes (read only)."""
        return self.store.apis.get(api_id)

    def has_websocket_stage(self, api_id: str, stage: str) -> bool:
        model = self.store.apis.get(api_id)
        return model is not None and model.is_websocket and stage in model.stages

    def has_api(self, api_id: str) -> bool:
        return api_id in self.store.apis

    def serve_http(self, api_id: str, path: str, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        return self.server.serve(self.store.apis[api_id], path, scope, receive, send)  # awaited by the caller

    async def stop(self) -> None:
        await self.server.close()

    def reset(self) -> None:
        self.store.clear()
        for state in self.rest_store.regions.values():
            state.domains.clear()
        self.vpc_links.clear()
        self.portals.clear()
        self.server.reset()
