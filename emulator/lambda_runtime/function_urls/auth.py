"""Who may call a function URL: a SigV4 signature for ``AWS_IAM``, a public policy statement for ``NONE``.

The emulator accepts any credentials, as it does on its AWS endpoints: a
signed request is one that carries a SigV4 ``Authorization`` header or a
presigned ``X-Amz-Signature``. A ``NONE`` URL needs what AWS needs, a policy
statement letting everyone (``*``) call ``lambda:InvokeFunctionUrl``.
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import parse_qs

from ...aws.context import DEFAULT_ACCOUNT_ID
from ..functions import Function
from .request import UrlRequest

FORBIDDEN = (
    b'{"Message":"Forbidden. For troubleshooting Function URL authorization issues, '
    b'see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html"}'
)
_URL_ACTIONS = frozenset({"lambda:InvokeFunctionUrl", "lambda:*", "*"})
_PUBLIC = ("*", {"AWS": "*"})


def signed_caller(request: UrlRequest) -> dict[str, Any] | None:
    """``requestContext.authorizer.iam`` for a SigV4-signed request; None when it is not signed."""
    access_key = _access_key(request)
    if access_key is None:
        return None
    # A stable IAM-style user id per access key ("AIDA" and 17 more characters).
    user_id = "AIDA" + hashlib.sha256(access_key.encode()).hexdigest()[:17].upper()
    return {
        "accessKey": access_key,
        "accountId": DEFAULT_ACCOUNT_ID,
        "callerId": user_id,
        "cognitoIdentity": None,
        "principalOrgId": None,
        "userArn": f"arn:aws:iam::{DEFAULT_ACCOUNT_ID}:root",
        "userId": user_id,
    }


def _access_key(request: UrlRequest) -> str | None:
    authorization = request.headers.get("authorization", "")
    if authorization.startswith("AWS4-HMAC-SHA256 ") and "Signature=" in authorization:
        credential = authorization.partition("Credential=")[2]
        return credential.split("/", 1)[0] or None
    if "X-Amz-Signature=" in request.raw_query:
        query = parse_qs(request.raw_query)
        credential = (query.get("X-Amz-Credential") or [""])[0]
        return credential.split("/", 1)[0] or None
    return None


def allows_public(function: Function, qualifier: str | None) -> bool:
    """Whether the policy of the URL's function (or alias) lets anyone invoke the URL."""
    resource = f"{function.arn}:{qualifier}" if qualifier else function.arn
    return any(
        statement["Resource"] == resource
        and statement.get("Effect") == "Allow"
        and statement.get("Principal") in _PUBLIC
        and statement.get("Action") in _URL_ACTIONS
        and _condition_met(statement.get("Condition"))
        for statement in function.statements
    )


def _condition_met(condition: dict[str, dict[str, str]] | None) -> bool:
    """Only the auth type condition can hold for an anonymous caller."""
    if not condition:
        return True
    return condition == {"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}}
