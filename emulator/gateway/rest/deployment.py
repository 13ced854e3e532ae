"""A deployment's frozen copy of an API, compiled for serving.

``DeployedApi.snapshot`` deep-copies the resources and authorizers once, then
precomputes everything a request needs: the route table, each method's Lambda
ARN, parsed mapping templates and compiled selection patterns.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .gateway_responses import CustomResponse, compile_gateway_responses
from .routing import RouteTable
from .validation import RequestValidator, compile_validator
from .vtl import BrokenTemplate, Template, TemplateError

if TYPE_CHECKING:
    from .store import RestApi

#: Invoke's path in an integration URI, and InvokeWithResponseStream's (response streaming).
_LAMBDA_MARKERS = (":lambda:path/2015-03-31/functions/", ":lambda:path/2021-11-15/functions/")
_LAMBDA_SUFFIXES = ("/invocations", "/response-streaming-invocations")


def lambda_arn_of(uri: str | None) -> str | None:
    """The function ARN inside an integration URI (``arn:aws:apigateway:...:lambda:path/.../invocations``)."""
    if not uri:
        return None
    for marker in _LAMBDA_MARKERS:
        if marker in uri:
            arn = uri.split(marker, 1)[1]
            for suffix in _LAMBDA_SUFFIXES:
                if arn.endswith(suffix):
                    return arn[: -len(suffix)]
            return arn
    return None


def compile_templates(templates: dict[str, str] | None) -> dict[str, Template | None]:
    """Templates by content type; None for a null one (AWS keeps "" as null), which passes the body through."""
    compiled: dict[str, Template | None] = {}
    for content_type, source in (templates or {}).items():
        if not source:
            compiled[content_type.lower()] = None
            continue
        try:
            compiled[content_type.lower()] = Template(source)
        except TemplateError as error:
            # AWS accepts any text at deploy time; a broken template fails the request instead.
            compiled[content_type.lower()] = BrokenTemplate(error)
    return compiled


@dataclass(slots=True)
class IntegrationResponseRule:
    status_code: str
    pattern: re.Pattern[str] | None
    parameters: dict[str, str]
    templates: dict[str, Template | None]
    content_handling: str | None


@dataclass(slots=True)
class DeployedMethod:
    resource_id: str
    resource_path: str
    http_method: str
    authorization_type: str
    authorizer_id: str | None
    api_key_required: bool
    request_parameters: dict[str, Any]
    integration: dict[str, Any]
    integration_type: str
    function_arn: str | None
    request_templates: dict[str, Template | None]
    responses: list[IntegrationResponseRule]
    default_response: IntegrationResponseRule | None
    authorization_scopes: tuple[str, ...] = ()
    validator: RequestValidator | None = None
    #: ``responseTransferMode: STREAM``: a proxy integration's body goes to the client as it comes.
    streams: bool = False
    #: The status codes of the method's responses (an integration response must name one).
    method_statuses: frozenset[str] = frozenset()


@dataclass(slots=True)
class DeployedApi:
    api_id: str
    region: str
    deployment_id: str
    routes: RouteTable[DeployedMethod]
    binary_media_types: tuple[str, ...]
    api_key_source: str
    authorizers: dict[str, dict[str, Any]]
    gateway_responses: dict[str, CustomResponse]
    #: ``(resource id, http method)`` -> method, for TestInvokeMethod.
    methods: dict[tuple[str, str], DeployedMethod]
    #: The frozen resources and API settings as GetResource shows them, for GetExport.
    resources: list[dict[str, Any]]
    api_data: dict[str, Any]

    @classmethod
    def snapshot(cls, api: RestApi, deployment_id: str) -> DeployedApi:
        routes: RouteTable[DeployedMethod] = RouteTable()
        methods: dict[tuple[str, str], DeployedMethod] = {}
        resources = copy.deepcopy(list(api.resources.values()))
        for resource in resources:
            for http_method, method in resource.get("resourceMethods", {}).items():
                if "methodIntegration" not in method:
                    continue  # only TestInvokeMethod snapshots such an API; CreateDeployment refuses it
                deployed = _deploy_method(resource, http_method, method)
                deployed.validator = compile_validator(
                    api.request_validators.get(method.get("requestValidatorId") or ""), method, api.models
                )
                routes.add(resource["path"], http_method, deployed)
                methods[(resource["id"], http_method)] = deployed
        return cls(
            api_id=api.id,
            region=api.region,
            deployment_id=deployment_id,
            routes=routes,
            binary_media_types=tuple(t.lower() for t in api.data.get("binaryMediaTypes", ())),
            api_key_source=api.data.get("apiKeySource", "HEADER"),
            authorizers=copy.deepcopy(api.authorizers),
            gateway_responses=compile_gateway_responses(api),
            methods=methods,
            resources=resources,
            api_data=copy.deepcopy(api.data),
        )


#: What an integration response's selection pattern that is no valid regex selects: nothing.
_MATCHES_NOTHING = re.compile(r"(?!)")


def _selection_pattern(pattern: str) -> re.Pattern[str]:
    """The compiled pattern; one that does not compile never matches, so the default response
    answers (the pattern is not checked when put, and the deployment must not fail on it)."""
    try:
        return re.compile(pattern, re.DOTALL)
    except (re.error, RecursionError, OverflowError):
        return _MATCHES_NOTHING


def _deploy_method(resource: dict[str, Any], http_method: str, method: dict[str, Any]) -> DeployedMethod:
    integration = method["methodIntegration"]
    rules: list[IntegrationResponseRule] = []
    default: IntegrationResponseRule | None = None
    for status, response in integration.get("integrationResponses", {}).items():
        pattern = response.get("selectionPattern")
        rule = IntegrationResponseRule(
            status,
            _selection_pattern(pattern) if pattern else None,
            response.get("responseParameters") or {},
            compile_templates(response.get("responseTemplates")),
            response.get("contentHandling"),
        )
        if pattern:
            rules.append(rule)
        else:
            default = rule
    return DeployedMethod(
        resource_id=resource["id"],
        resource_path=resource["path"],
        http_method=http_method,
        authorization_type=method.get("authorizationType", "NONE"),
        authorizer_id=method.get("authorizerId"),
        api_key_required=bool(method.get("apiKeyRequired")),
        request_parameters=method.get("requestParameters") or {},
        integration=integration,
        integration_type=integration["type"],
        function_arn=lambda_arn_of(integration.get("uri")),
        request_templates=compile_templates(integration.get("requestTemplates")),
        responses=rules,
        default_response=default,
        authorization_scopes=tuple(method.get("authorizationScopes") or ()),
        streams=integration.get("responseTransferMode") == "STREAM",
        method_statuses=frozenset(method.get("methodResponses") or ()),
    )
