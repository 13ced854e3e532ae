"""A REST API's resource policy on the data plane (Chalice's ``api_gateway_policy_file``): as deployed,
evaluated for execute-api:Invoke on the method ARN, combined with the method's authorization as AWS's
tables say, refusals worded as AWS words them."""

from __future__ import annotations

import json
from typing import Any

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from test_rest_support import RestApiBuilder, call, create_function

from emulator.testing import EmulatorProcess

ALLOW_ALL = {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}

AUTHORIZER = """
def handler(event, context):
    effect = "Allow" if event["authorizationToken"] == "good" else "Deny"
    return {"principalId": "me", "policyDocument": {"Version": "2012-10-17",
            "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}]}}
"""


def policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def api_with(server: EmulatorProcess, document: str, **methods: dict[str, Any]) -> RestApiBuilder:
    """An API whose GET /{name} answer with MOCKs (their extra method settings in ``methods``)."""
    api = RestApiBuilder(server, "guarded", policy=document)
    for name, settings in {"open": {}, "public": {}, **methods}.items():
        api.mock_method(f"/{name}", "GET", f'{{"at": "{name}"}}', **settings)
    api.mock_method("/open", "POST", '{"at": "post"}')
    api.deploy("s")
    return api


def denied(response: Any, api_id: str, resource: str, explicit: bool, user: str = "anonymous") -> bool:
    message = (
        f"User: {user} is not authorized to perform: execute-api:Invoke on resource: "
        f"arn:aws:execute-api:us-east-1:********0000:{api_id}/s/{resource}"
    )
    return (
        response.status_code == 403
        and response.headers["x-amzn-errortype"] == "AccessDeniedException"
        and response.json() == {"Message": message + (" with an explicit deny" if explicit else "")}
    )


def test_an_explicit_deny_by_source_ip_refuses_everyone_it_names(server: EmulatorProcess) -> None:
    deny_local = {
        "Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*/*/open",
        "Condition": {"IpAddress": {"aws:SourceIp": ["127.0.0.0/8"]}},
    }  # fmt: skip
    api = api_with(server, policy(ALLOW_ALL, deny_local))
    assert denied(call(server, api.api_id, "GET", "/s/open"), api.api_id, "GET/open", explicit=True)
    assert denied(call(server, api.api_id, "POST", "/s/open"), api.api_id, "POST/open", explicit=True)
    assert call(server, api.api_id, "GET", "/s/public").json() == {"at": "public"}


def test_without_other_authorization_the_policy_must_allow(server: EmulatorProcess) -> None:
    only_public = {**ALLOW_ALL, "Resource": ["execute-api:/s/GET/public"]}
    api = api_with(server, policy(only_public))
    assert call(server, api.api_id, "GET", "/s/public").json() == {"at": "public"}
    assert denied(call(server, api.api_id, "GET", "/s/open"), api.api_id, "GET/open", explicit=False)
    elsewhere = {**ALLOW_ALL, "Condition": {"NotIpAddress": {"aws:SourceIp": "127.0.0.1/32"}}}
    api = api_with(server, policy(elsewhere))
    assert denied(call(server, api.api_id, "GET", "/s/public"), api.api_id, "GET/public", explicit=False)


def test_the_deployed_policy_is_the_one_in_force(server: EmulatorProcess) -> None:
    api = api_with(server, policy(ALLOW_ALL))
    assert call(server, api.api_id, "GET", "/s/open").status_code == 200
    deny_all = {**ALLOW_ALL, "Effect": "Deny"}
    api.client.update_rest_api(
        restApiId=api.api_id, patchOperations=[{"op": "replace", "path": "/policy", "value": policy(deny_all)}]
    )
    assert call(server, api.api_id, "GET", "/s/open").status_code == 200
    api.deploy("s")
    assert denied(call(server, api.api_id, "GET", "/s/open"), api.api_id, "GET/open", explicit=True)


def test_with_a_lambda_authorizer_only_an_explicit_deny_refuses(server: EmulatorProcess) -> None:
    authorizer_arn = create_function(server, "authorizer", AUTHORIZER)
    server.client("lambda").add_permission(
        FunctionName="authorizer", StatementId="apigw", Action="lambda:InvokeFunction", Principal="apigateway.amazonaws.com"
    )
    api = RestApiBuilder(server, "guarded", policy=policy({**ALLOW_ALL, "Resource": "execute-api:/s/GET/public"}))
    authorizer_id = api.client.create_authorizer(
        restApiId=api.api_id, name="token", type="TOKEN", identitySource="method.request.header.Authorization",
        authorizerUri=f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{authorizer_arn}/invocations",
    )["id"]  # fmt: skip
    custom = {"authorizationType": "CUSTOM", "authorizerId": authorizer_id}
    api.mock_method("/guarded", "GET", '{"at": "guarded"}', **custom)
    deny_secret = {**ALLOW_ALL, "Effect": "Deny", "Resource": "execute-api:/s/GET/secret"}
    api.client.update_rest_api(
        restApiId=api.api_id,
        patchOperations=[{"op": "replace", "path": "/policy", "value": policy({**ALLOW_ALL, "Resource": "execute-api:/s/GET/public"}, deny_secret)}],
    )
    api.mock_method("/secret", "GET", '{"at": "secret"}', **custom)
    api.deploy("s")
    # The policy says nothing of /guarded: the authorizer decides.
    assert call(server, api.api_id, "GET", "/s/guarded", headers={"Authorization": "good"}).json() == {"at": "guarded"}
    assert call(server, api.api_id, "GET", "/s/guarded", headers={"Authorization": "bad"}).status_code == 403
    # Its explicit deny refuses even a caller the authorizer would allow.
    refused = call(server, api.api_id, "GET", "/s/secret", headers={"Authorization": "good"})
    assert denied(refused, api.api_id, "GET/secret", explicit=True)


def test_account_principals_match_iam_callers_only(server: EmulatorProcess) -> None:
    account = {**ALLOW_ALL, "Principal": {"AWS": "arn:aws:iam::000000000000:root"}}
    api = api_with(server, policy(account), iam={"authorizationType": "AWS_IAM"})
    # A method without authorization sees an anonymous caller, which the account's principal is not.
    assert denied(call(server, api.api_id, "GET", "/s/open"), api.api_id, "GET/open", explicit=False)
    host = f"{api.api_id}.execute-api.localhost:{server.port}"
    request = AWSRequest(method="GET", url=f"http://{host}/s/iam")
    SigV4Auth(Credentials("AKIDPOLICY", "secret"), "execute-api", "us-east-1").add_auth(request)
    assert call(server, api.api_id, "GET", "/s/iam", headers=dict(request.headers.items())).json() == {"at": "iam"}


def test_a_private_apis_vpc_endpoint_condition_holds(server: EmulatorProcess) -> None:
    # The policy Chalice writes for api_gateway_endpoint_type PRIVATE: VPC endpoints are not emulated,
    # so requests count as arriving through the endpoint it names.
    private = {**ALLOW_ALL, "Resource": "arn:*:execute-api:*:*:*", "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-0abc"}}}
    outside = {**ALLOW_ALL, "Effect": "Deny", "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-0abc"}}}
    api = api_with(server, policy(private, outside))
    assert call(server, api.api_id, "GET", "/s/open").json() == {"at": "open"}
