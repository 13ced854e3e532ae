"""API Gateway REST APIs (boto3 ``apigateway``): the control plane and the data plane.

Operations live in ``rest/`` by area (apis, resources, methods, integrations,
stages and deployments, keys and usage plans, authorizers, imports, domain
names, VPC links, client certificates, documentation); this class
only binds them to one store and serves deployed stages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..aws.context import RequestContext
from ..aws.http import Receive, Scope, Send
from ..config import Settings
from .common.access_log_lines import AccessLogWriter
from .common.service_actions import ServiceCall
from .rest.access_associations import AccessAssociationsOperations
from .rest.account import AccountOperations
from .rest.apis import ApisOperations, check_create_compression
from .rest.authorizer_console import AuthorizerConsoleOperations
from .rest.authorizers import AuthorizersOperations
from .rest.certificates import CertificatesOperations
from .rest.console import ConsoleOperations
from .rest.documentation import DocumentationOperations
from .rest.domains import DomainsOperations
from .rest.execution_log import ExecutionLogWriter
from .rest.export import ExportOperations
from .rest.gateway_responses import GatewayResponsesOperations
from .rest.imports import ImportOperations
from .rest.integrations import IntegrationsOperations
from .rest.keys import KeysOperations
from .rest.methods import MethodsOperations
from .rest.models import ModelsOperations
from .rest.resources import ResourcesOperations
from .rest.sdk_types import SdkTypesOperations
from .rest.serve import RestDataPlane
from .rest.stages import StagesOperations
from .rest.store import Store
from .rest.tags import TagsOperations
from .rest.usage import UsageOperations
from .rest.vpc_links import VpcLinksOperations


class ApiGatewayProvider(
    ApisOperations,
    ResourcesOperations,
    MethodsOperations,
    IntegrationsOperations,
    StagesOperations,
    KeysOperations,
    AuthorizersOperations,
    ImportOperations,
    TagsOperations,
    ModelsOperations,
    GatewayResponsesOperations,
    ConsoleOperations,
    UsageOperations,
    AccountOperations,
    ExportOperations,
    DomainsOperations,
    AccessAssociationsOperations,
    VpcLinksOperations,
    CertificatesOperations,
    DocumentationOperations,
    AuthorizerConsoleOperations,
    SdkTypesOperations,
):
    #: Checks run before the model's constraints (``aws/service.py``), gathered from the areas.
    early_checks = {**ImportOperations.early_checks, "CreateRestApi": check_create_compression}

    def __init__(self, settings: Settings, *, lambda_: Any, **services: Any) -> None:
        self.settings = settings
        self.lambda_ = lambda_
        self.store = Store()
        self.data_plane = RestDataPlane(self.store, lambda_, settings.integration_timeout_ms)
        #: Usage plans may also cover WebSocket APIs' stages (set by the app: apigatewayv2 holds them).
        self.has_websocket_stage: Callable[[str, str], bool] = lambda api_id, stage: False

    # -- data plane (called by gateway/data_plane.py) -------------------------

    def has_api(self, api_id: str) -> bool:
        return api_id in self.store.by_id

    async def serve_http(self, api_id: str, path: str, scope: Scope, receive: Receive, send: Send) -> None:
        await self.data_plane.serve(api_id, path, scope, receive, send)

    def connect_services(
        self, call: ServiceCall, access_logs: AccessLogWriter, execution_logs: ExecutionLogWriter
    ) -> None:
        """Service-action integrations (DynamoDB's PutItem...) reach the emulator's services through
        ``call``; stages' access log lines go to ``access_logs``, their execution logs to ``execution_logs``."""
        self.data_plane.backends.services = call
        self.data_plane.access_logs = access_logs
        self.data_plane.execution_logs = execution_logs

    def stage_changed(self, api_id: str, stage_name: str) -> None:
        self.data_plane.forget_stage(api_id, stage_name)

    def delete_rest_api(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        result = super().delete_rest_api(ctx, params)
        self.data_plane.forget_api(params["restApiId"])
        return result

    # -- lifecycle -----------------------------------------------------------

    def reset(self) -> None:
        self.store.clear()
        self.data_plane.reset()

    async def stop(self) -> None:
        await self.data_plane.backends.close()
