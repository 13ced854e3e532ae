"""Auth, usage plans, CORS and gateway responses of SAM APIs, as the translator sets them up.

Shapes from SAM's resource reference (AWS::Serverless::Api Auth, ApiAuth /
LambdaTokenAuthorizer / LambdaRequestAuthorizer / ApiUsagePlan; HttpApiAuth /
LambdaAuthorizer) and its translator tests (api_with_auth_all_*,
http_api_lambda_auth): requests go through the deployed APIs.
"""

from __future__ import annotations

from pathlib import Path

from sam_project import call, deploy, write_project

from emulator.testing import EmulatorProcess

AUTHORIZERS = """
def token(event, context):
    # A TOKEN authorizer: the Authorization header's value is the token.
    effect = "Allow" if event["authorizationToken"] == "allow" else "Deny"
    if event["authorizationToken"] not in ("allow", "deny"):
        raise Exception("Unauthorized")
    return {
        "principalId": "user-1",
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}],
        },
        "context": {"plan": "gold"},
    }


def request(event, context):
    # A REQUEST authorizer reading the query string SAM named as its identity source.
    allowed = (event.get("queryStringParameters") or {}).get("ticket") == "good"
    return {
        "principalId": "ticket-holder",
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow" if allowed else "Deny",
                           "Resource": event["methodArn"]}],
        },
    }


def simple(event, context):
    # An HTTP API Lambda authorizer with EnableSimpleResponses.
    return {"isAuthorized": event["headers"].get("x-token") == "open-sesame", "context": {"who": "http-user"}}
"""

APP = """
import json


def whoami(event, context):
    authorizer = event["requestContext"].get("authorizer") or {}
    return {"statusCode": 200, "body": json.dumps({"principal": authorizer.get("principalId"),
                                                   "plan": authorizer.get("plan"),
                                                   "lambda": (authorizer.get("lambda") or {}).get("who"),
                                                   "version": event.get("version", "1.0")})}
"""

REST_TEMPLATE = """
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    CodeUri: src/
    Handler: app.whoami
Resources:
  MyApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: dev
      Cors:
        AllowOrigin: "'http://localhost:3000'"
        AllowHeaders: "'Content-Type,Authorization'"
        MaxAge: "'600'"
      GatewayResponses:
        DEFAULT_4XX:
          ResponseParameters:
            Headers:
              Access-Control-Allow-Origin: "'http://localhost:3000'"
      Auth:
        DefaultAuthorizer: TokenAuth
        AddDefaultAuthorizerToCorsPreflight: false
        Authorizers:
          TokenAuth:
            FunctionArn: !GetAtt TokenAuthFunction.Arn
            Identity:
              ReauthorizeEvery: 0
          TicketAuth:
            FunctionPayloadType: REQUEST
            FunctionArn: !GetAtt TicketAuthFunction.Arn
            Identity:
              QueryStrings: [ticket]
              ReauthorizeEvery: 0
        UsagePlan:
          CreateUsagePlan: PER_API
          Quota: {Limit: 1000, Period: DAY}
  TokenAuthFunction:
    Type: AWS::Serverless::Function
    Properties: {Handler: auth.token}
  TicketAuthFunction:
    Type: AWS::Serverless::Function
    Properties: {Handler: auth.request}
  PrivateFunction:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Private:
          Type: Api
          Properties: {RestApiId: !Ref MyApi, Path: /private, Method: get}
  TicketFunction:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Ticket:
          Type: Api
          Properties:
            RestApiId: !Ref MyApi
            Path: /ticket
            Method: get
            Auth: {Authorizer: TicketAuth}
  PublicFunction:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Public:
          Type: Api
          Properties:
            RestApiId: !Ref MyApi
            Path: /public
            Method: get
            Auth: {Authorizer: NONE}
            RequestParameters:
              - method.request.querystring.verbose
              - method.request.header.X-Trace: {Required: true, Caching: false}
        Keyed:
          Type: Api
          Properties:
            RestApiId: !Ref MyApi
            Path: /keyed
            Method: get
            Auth: {Authorizer: NONE, ApiKeyRequired: true}
Outputs:
  ApiUrl:
    Value: !Sub "https://${MyApi}.execute-api.${AWS::Region}.amazonaws.com/${MyApi.Stage}"
  ApiKeyId:
    Value: !Ref MyApiApiKey
"""


def test_rest_api_authorizers_api_keys_cors_and_gateway_responses(tmp_path: Path, server: EmulatorProcess) -> None:
    template = write_project(tmp_path / "secured", REST_TEMPLATE, {"src/auth.py": AUTHORIZERS, "src/app.py": APP})
    first = deploy(server, template)
    result = deploy(server, template)  # a redeploy replaces authorizers in use, keeps the API and its key
    url = result.outputs["ApiUrl"]
    assert url.endswith("/dev") and url == first.outputs["ApiUrl"]
    assert result.outputs["ApiKeyId"] == first.outputs["ApiKeyId"]

    missing = call(server, url + "/private")
    assert missing.status_code == 401 and missing.json() == {"message": "Unauthorized"}
    assert missing.headers["Access-Control-Allow-Origin"] == "http://localhost:3000"  # DEFAULT_4XX
    denied = call(server, url + "/private", headers={"Authorization": "deny"})
    assert denied.status_code == 403
    allowed = call(server, url + "/private", headers={"Authorization": "allow"})
    assert allowed.json() == {"principal": "user-1", "plan": "gold", "lambda": None, "version": "1.0"}

    assert call(server, url + "/ticket", params={"ticket": "bad"}).status_code == 403
    # With caching off (ReauthorizeEvery: 0) a missing identity source still reaches the authorizer.
    assert call(server, url + "/ticket").status_code == 403
    assert call(server, url + "/ticket", params={"ticket": "good"}).json()["principal"] == "ticket-holder"
    assert call(server, url + "/public").json()["principal"] is None

    apigateway = server.client("apigateway")
    key = apigateway.get_api_key(apiKey=result.outputs["ApiKeyId"], includeValue=True)
    assert any(key["value"] in note for note in result.notes)
    forbidden = call(server, url + "/keyed")
    assert forbidden.status_code == 403 and forbidden.json() == {"message": "Forbidden"}
    assert call(server, url + "/keyed", headers={"x-api-key": key["value"]}).status_code == 200
    plans = apigateway.get_usage_plans(keyId=key["id"])["items"]
    assert [(plan["quota"]["limit"], plan["quota"]["period"]) for plan in plans] == [(1000, "DAY")]

    # The preflight skips the default authorizer (AddDefaultAuthorizerToCorsPreflight: false).
    preflight = call(server, url + "/private", "OPTIONS", headers={"Origin": "http://localhost:3000"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Methods"] == "GET,OPTIONS"
    assert preflight.headers["Access-Control-Allow-Headers"] == "Content-Type,Authorization"
    assert preflight.headers["Access-Control-Max-Age"] == "600"

    api_id = url.split("://", 1)[1].split(".", 1)[0]
    resources = {item["path"]: item["id"] for item in apigateway.get_resources(restApiId=api_id)["items"]}
    public = apigateway.get_method(restApiId=api_id, resourceId=resources["/public"], httpMethod="GET")
    assert public["requestParameters"] == {
        "method.request.querystring.verbose": False,
        "method.request.header.X-Trace": True,
    }
    authorizers = {item["name"]: item for item in apigateway.get_authorizers(restApiId=api_id)["items"]}
    assert authorizers["TokenAuth"]["identitySource"] == "method.request.header.Authorization"
    assert authorizers["TicketAuth"]["identitySource"] == "method.request.querystring.ticket"


HTTP_TEMPLATE = """
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    CodeUri: src/
    Handler: app.whoami
  HttpApi:
    CorsConfiguration:
      AllowOrigins: ["http://localhost:5173"]
      AllowMethods: [GET, POST]
Resources:
  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      StageName: v1
      Auth:
        DefaultAuthorizer: Simple
        Authorizers:
          Simple:
            FunctionArn: !GetAtt SimpleAuthFunction.Arn
            AuthorizerPayloadFormatVersion: "2.0"
            EnableSimpleResponses: true
            Identity:
              Headers: [x-token]
  SimpleAuthFunction:
    Type: AWS::Serverless::Function
    Properties: {Handler: auth.simple}
  GuardedFunction:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Guarded:
          Type: HttpApi
          Properties: {ApiId: !Ref Http, Path: /guarded, Method: GET}
        Legacy:
          Type: HttpApi
          Properties:
            ApiId: !Ref Http
            Path: /legacy
            Method: GET
            PayloadFormatVersion: "1.0"
            Auth: {Authorizer: NONE}
Outputs:
  Url:
    Value: !Sub "https://${Http}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${Http.Stage}"
"""


def test_http_api_lambda_authorizer_payload_versions_and_cors(tmp_path: Path, server: EmulatorProcess) -> None:
    template = write_project(tmp_path / "http-secured", HTTP_TEMPLATE, {"src/auth.py": AUTHORIZERS, "src/app.py": APP})
    url = deploy(server, template).outputs["Url"]
    assert url.endswith("/v1")

    assert call(server, url + "/guarded").status_code == 401  # no identity source
    assert call(server, url + "/guarded", headers={"x-token": "wrong"}).status_code == 403
    guarded = call(server, url + "/guarded", headers={"x-token": "open-sesame"})
    assert guarded.json() == {"principal": None, "plan": None, "lambda": "http-user", "version": "2.0"}
    assert call(server, url + "/legacy").json()["version"] == "1.0"

    preflight = call(
        server, url + "/guarded", "OPTIONS",
        headers={"Origin": "http://localhost:5173", "Access-Control-Request-Method": "GET"},
    )  # fmt: skip
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "http://localhost:5173"
