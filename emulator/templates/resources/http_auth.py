"""``Auth`` of AWS::Serverless::HttpApi and its HttpApi events, as SAM's translator applies it.

JWT authorizers (``JwtConfiguration``) and Lambda authorizers (``FunctionArn``
with ``AuthorizerPayloadFormatVersion``) become the API's authorizers, named
by their keys; a route takes its event's ``Auth.Authorizer`` or the API's
``DefaultAuthorizer`` (``NONE`` opts out; ``AWS_IAM`` needs
``EnableIamAuthorizer``), and ``AuthorizationScopes`` from the event or the
authorizer.
"""

from __future__ import annotations

from typing import Any

from ..deploy import Deployer
from ..loader import TemplateError
from ..sam import Route
from .functions import invocation_uri

_IDENTITY_PREFIXES = {
    "Headers": "$request.header.",
    "QueryStrings": "$request.querystring.",
    "StageVariables": "$stageVariables.",
    "Context": "$context.",
}


class HttpAuth:
    def __init__(self, deployer: Deployer, api_id: str, logical_id: str, auth: dict[str, Any]) -> None:
        self.deployer = deployer
        self.api_id = api_id
        self.logical_id = logical_id
        self.auth = auth
        self.authorizers: dict[str, dict[str, Any]] = {}

    def create_authorizers(self) -> None:
        """Replace the API's authorizers with the template's (routes are deleted first)."""
        client = self.deployer.client("apigatewayv2")
        for existing in client.get_authorizers(ApiId=self.api_id).get("Items", []):
            client.delete_authorizer(ApiId=self.api_id, AuthorizerId=existing["AuthorizerId"])
        for name, spec in (self.auth.get("Authorizers") or {}).items():
            created = client.create_authorizer(ApiId=self.api_id, Name=name, **self._authorizer(name, spec))
            self.authorizers[name] = {**created, "Scopes": spec.get("AuthorizationScopes")}

    def _authorizer(self, name: str, spec: dict[str, Any]) -> dict[str, Any]:
        if "JwtConfiguration" in spec:
            jwt = spec["JwtConfiguration"]
            return {
                "AuthorizerType": "JWT",
                "IdentitySource": [spec.get("IdentitySource", "$request.header.Authorization")],
                "JwtConfiguration": {
                    "Audience": jwt.get("audience", jwt.get("Audience", [])),
                    "Issuer": jwt.get("issuer", jwt.get("Issuer", "")),
                },
            }
        if "FunctionArn" not in spec:
            raise TemplateError(f"{self.logical_id}: authorizer {name} needs JwtConfiguration or FunctionArn")
        identity = spec.get("Identity") or {}
        params: dict[str, Any] = {
            "AuthorizerType": "REQUEST",
            "AuthorizerUri": invocation_uri(self.deployer.region, spec["FunctionArn"]),
            "AuthorizerPayloadFormatVersion": str(spec.get("AuthorizerPayloadFormatVersion", "2.0")),
        }
        sources = [prefix + item for key, prefix in _IDENTITY_PREFIXES.items() for item in identity.get(key) or []]
        if sources:
            params["IdentitySource"] = sources
        if "ReauthorizeEvery" in identity:
            params["AuthorizerResultTtlInSeconds"] = int(identity["ReauthorizeEvery"])
        if spec.get("EnableSimpleResponses"):
            params["EnableSimpleResponses"] = True
        if spec.get("FunctionInvokeRole"):
            params["AuthorizerCredentialsArn"] = spec["FunctionInvokeRole"]
        return params

    def for_route(self, route: Route) -> dict[str, Any]:
        """CreateRoute's authorization members for one event's route."""
        event_auth = route.properties.get("Auth") or {}
        name = str(event_auth.get("Authorizer", self.auth.get("DefaultAuthorizer", "NONE")))
        if name == "NONE":
            return {"AuthorizationType": "NONE"}
        if name == "AWS_IAM":
            if not self.auth.get("EnableIamAuthorizer"):
                raise TemplateError(f"{self.logical_id}: AWS_IAM authorization needs Auth.EnableIamAuthorizer: true")
            return {"AuthorizationType": "AWS_IAM"}
        authorizer = self.authorizers.get(name)
        if authorizer is None:
            raise TemplateError(
                f"{self.logical_id}: route {route.method} {route.path} names authorizer {name}, "
                "which Auth.Authorizers does not define"
            )
        params: dict[str, Any] = {"AuthorizerId": authorizer["AuthorizerId"]}
        if authorizer["AuthorizerType"] == "JWT":
            params["AuthorizationType"] = "JWT"
            scopes = event_auth.get("AuthorizationScopes", authorizer["Scopes"])
            if scopes:
                params["AuthorizationScopes"] = scopes
        else:
            params["AuthorizationType"] = "CUSTOM"
        return params
