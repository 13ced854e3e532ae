"""``Auth`` of AWS::Serverless::Api and of its function events, as SAM's translator applies it.

Authorizers become API Gateway authorizers named by their keys; each method
takes its event's ``Auth.Authorizer`` or the API's ``DefaultAuthorizer``
(``NONE`` opts out, ``AWS_IAM`` asks for signed requests), and
``ApiKeyRequired`` from either. ``UsagePlan`` makes the key, plan and plan key
SAM generates (``<Api>ApiKey``, ``<Api>UsagePlan``, ``<Api>UsagePlanKey``;
``ServerlessApiKey`` ... when SHARED).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..deploy import Deployed, Deployer
from ..loader import TemplateError
from ..sam import Route
from .functions import invocation_uri

_IDENTITY_PREFIXES = {
    "Headers": "method.request.header.",
    "QueryStrings": "method.request.querystring.",
    "StageVariables": "stageVariables.",
    "Context": "context.",
}


@dataclass
class MethodAuth:
    """What put_method takes for one route."""

    authorization_type: str = "NONE"
    authorizer_id: str | None = None
    api_key_required: bool = False
    scopes: list[str] | None = None

    def put_method_params(self) -> dict[str, Any]:
        params: dict[str, Any] = {"authorizationType": self.authorization_type, "apiKeyRequired": self.api_key_required}
        if self.authorizer_id:
            params["authorizerId"] = self.authorizer_id
        if self.scopes:
            params["authorizationScopes"] = self.scopes
        return params


class RestAuth:
    """The API's authorizers, created once per deploy, and each route's method auth."""

    def __init__(self, deployer: Deployer, api_id: str, logical_id: str, auth: dict[str, Any]) -> None:
        self.deployer = deployer
        self.api_id = api_id
        self.logical_id = logical_id
        self.auth = auth
        self.ids: dict[str, str] = {}
        self.kinds: dict[str, str] = {}

    def create_authorizers(self) -> None:
        client = self.deployer.client("apigateway")
        for existing in client.get_authorizers(restApiId=self.api_id, limit=500).get("items", []):
            client.delete_authorizer(restApiId=self.api_id, authorizerId=existing["id"])
        for name, spec in (self.auth.get("Authorizers") or {}).items():
            params = self._authorizer(name, spec)
            self.ids[name] = client.create_authorizer(restApiId=self.api_id, name=name, **params)["id"]
            self.kinds[name] = params["type"]
        if self.auth.get("ResourcePolicy"):
            self.deployer.note(f"{self.logical_id}: Auth.ResourcePolicy is not enforced by the emulator")

    def _authorizer(self, name: str, spec: dict[str, Any]) -> dict[str, Any]:
        identity = spec.get("Identity") or {}
        params: dict[str, Any] = {}
        if "ReauthorizeEvery" in identity:
            params["authorizerResultTtlInSeconds"] = int(identity["ReauthorizeEvery"])
        if "UserPoolArn" in spec:
            pools = spec["UserPoolArn"] if isinstance(spec["UserPoolArn"], list) else [spec["UserPoolArn"]]
            header = identity.get("Header", "Authorization")
            params.update(type="COGNITO_USER_POOLS", providerARNs=pools, identitySource=f"method.request.header.{header}")
            self.deployer.note(f"{self.logical_id}: authorizer {name} trusts Cognito user pools, which are not emulated")
            return params
        if "FunctionArn" not in spec:
            raise TemplateError(f"{self.logical_id}: authorizer {name} needs FunctionArn (Lambda) or UserPoolArn (Cognito)")
        params["authorizerUri"] = invocation_uri(self.deployer.region, spec["FunctionArn"])
        if spec.get("FunctionInvokeRole"):
            params["authorizerCredentials"] = spec["FunctionInvokeRole"]
        if str(spec.get("FunctionPayloadType", "TOKEN")).upper() == "REQUEST":
            sources = [
                prefix + name for key, prefix in _IDENTITY_PREFIXES.items() for name in identity.get(key) or []
            ]
            params["type"] = "REQUEST"
            if sources:
                params["identitySource"] = ", ".join(sources)
        else:
            params["type"] = "TOKEN"
            params["identitySource"] = f"method.request.header.{identity.get('Header', 'Authorization')}"
            if identity.get("ValidationExpression"):
                params["identityValidationExpression"] = identity["ValidationExpression"]
        return params

    def for_route(self, route: Route) -> MethodAuth:
        event_auth = route.properties.get("Auth") or {}
        name = event_auth.get("Authorizer", self.auth.get("DefaultAuthorizer", "NONE"))
        api_key = event_auth.get("ApiKeyRequired", self.auth.get("ApiKeyRequired", False))
        return self._method_auth(str(name), bool(api_key), event_auth.get("AuthorizationScopes"), route)

    def for_preflight(self) -> MethodAuth:
        """OPTIONS methods take the default authorizer and key unless the template says otherwise (SAM's defaults)."""
        name = self.auth.get("DefaultAuthorizer", "NONE")
        if not self.auth.get("AddDefaultAuthorizerToCorsPreflight", True):
            name = "NONE"
        api_key = self.auth.get("ApiKeyRequired", False) and self.auth.get("AddApiKeyRequiredToCorsPreflight", True)
        return self._method_auth(str(name), bool(api_key), None, None)

    def _method_auth(self, name: str, api_key: bool, scopes: Any, route: Route | None) -> MethodAuth:
        if name == "NONE":
            return MethodAuth(api_key_required=api_key)
        if name == "AWS_IAM":
            return MethodAuth("AWS_IAM", api_key_required=api_key)
        if name not in self.ids:
            where = f"{route.function} event {route.method} {route.path}" if route else "DefaultAuthorizer"
            raise TemplateError(f"{self.logical_id}: {where} names authorizer {name}, which Auth.Authorizers does not define")
        kind = self.kinds[name]
        authorization = "COGNITO_USER_POOLS" if kind == "COGNITO_USER_POOLS" else "CUSTOM"
        return MethodAuth(authorization, self.ids[name], api_key, scopes if kind == "COGNITO_USER_POOLS" else None)


def deploy_usage_plan(deployer: Deployer, logical_id: str, api_id: str, stage: str, plan: dict[str, Any]) -> dict[str, Deployed]:
    """The key, usage plan and plan key SAM's ``UsagePlan`` makes; returns them by generated logical id."""
    kind = str(plan.get("CreateUsagePlan", "NONE")).upper()
    if kind == "NONE":
        return {}
    prefix = "Serverless" if kind == "SHARED" else logical_id
    client = deployer.client("apigateway")
    plan_name = plan.get("UsagePlanName") or deployer.physical_name(f"{prefix}UsagePlan")
    key_name = deployer.physical_name(f"{prefix}ApiKey")
    stage_ref = {"apiId": api_id, "stage": stage}
    usage_plan = next((p for p in _all(client, "get_usage_plans") if p["name"] == plan_name), None)
    if usage_plan is None:
        limits = {"quota": _lower_keys(plan["Quota"])} if plan.get("Quota") else {}
        if plan.get("Throttle"):
            limits["throttle"] = _lower_keys(plan["Throttle"])
        usage_plan = client.create_usage_plan(
            name=plan_name, description=str(plan.get("Description", "")), apiStages=[stage_ref], **limits
        )
    elif stage_ref not in [{"apiId": s["apiId"], "stage": s["stage"]} for s in usage_plan.get("apiStages", [])]:
        client.update_usage_plan(
            usagePlanId=usage_plan["id"], patchOperations=[{"op": "add", "path": "/apiStages", "value": f"{api_id}:{stage}"}]
        )
    key = next((k for k in _all(client, "get_api_keys", includeValues=True) if k["name"] == key_name), None)
    if key is None:
        key = client.create_api_key(name=key_name, enabled=True)
        client.create_usage_plan_key(usagePlanId=usage_plan["id"], keyId=key["id"], keyType="API_KEY")
    deployer.note(f"{logical_id}: API key {key_name} = {key['value']} (send it as x-api-key)")
    return {
        f"{prefix}ApiKey": Deployed(key["id"], {"APIKeyId": key["id"]}),
        f"{prefix}UsagePlan": Deployed(usage_plan["id"], {"Id": usage_plan["id"]}),
        f"{prefix}UsagePlanKey": Deployed(key["id"], {}),
    }


def _lower_keys(value: dict[str, Any]) -> dict[str, Any]:
    # SAM spells the plan's limits as CloudFormation does (Limit, Period, BurstLimit, RateLimit).
    return {key[0].lower() + key[1:]: value[key] for key in value}


def _all(client: Any, operation: str, **params: Any) -> list[dict[str, Any]]:
    return [item for page in client.get_paginator(operation).paginate(**params) for item in page.get("items", [])]
