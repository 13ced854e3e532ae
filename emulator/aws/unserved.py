"""The answer to a call for an AWS service the emulator does not serve.

With ``AWS_ENDPOINT_URL`` set, an SDK sends every service's calls here: a tool that deploys more than
the emulated services (Chalice's ``@app.schedule`` calls EventBridge, its default IAM role calls IAM)
fails on them, and should fail saying why, in a form the SDK parses. So a json-protocol call (an
``X-Amz-Target`` no service here owns) gets the ``UnknownOperationException`` a json service answers
an unknown target, a query-protocol call (IAM, STS, SNS: a form with an ``Action``) the XML
``InvalidAction`` 400 a query service answers an unknown action, and a rest-xml one (S3, CloudFront,
Route 53, told by its SigV4 scope) the XML ``NotImplemented`` 501 S3 answers functionality it lacks;
each with a message naming what is not emulated. Anything else keeps the app's JSON 404 (rest-json
SDKs read its ``__type`` and ``message``).
"""

from __future__ import annotations

from urllib.parse import parse_qs
from xml.sax.saxutils import escape

from .context import RequestContext
from .http import Response

SERVED = "API Gateway, Lambda, DynamoDB, DynamoDB Streams and CloudWatch Logs"

_FORM = "application/x-www-form-urlencoded"
#: The SigV4 signing names of the rest-xml services.
_REST_XML = frozenset({"s3", "cloudfront", "route53"})


def message(call: str) -> str:
    """Why ``call`` (a service's operation, as the request names it) gets no answer here."""
    return f"{call} is not emulated: this emulator serves {SERVED}"


def query_action(headers: dict[str, str], body: bytes) -> str | None:
    """The ``Action`` of a query-protocol request, else None."""
    if not headers.get("content-type", "").startswith(_FORM):
        return None
    actions = parse_qs(body.decode("latin-1")).get("Action")
    return actions[0] if actions else None


def query_error(service: str | None, action: str, ctx: RequestContext) -> Response:
    """A query service's ``InvalidAction`` for ``action`` of ``service`` (the SigV4 scope's, if signed)."""
    call = f"{service} {action}" if service else action
    body = (
        "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code>"
        f"<Message>{escape(message(call))}</Message></Error>"
        f"<RequestId>{ctx.request_id}</RequestId></ErrorResponse>"
    )
    return _xml(400, body, b"text/xml", ctx)


def rest_xml_error(service: str | None, method: str, path: str, ctx: RequestContext) -> Response | None:
    """S3's ``NotImplemented`` for a call of a rest-xml ``service``; None for other services."""
    if service not in _REST_XML:
        return None
    body = (
        f"<Error><Code>NotImplemented</Code><Message>{escape(message(f'{service} {method} {path}'))}</Message>"
        f"<RequestId>{ctx.request_id}</RequestId></Error>"
    )
    return _xml(501, body, b"application/xml", ctx)


def _xml(status: int, body: str, content_type: bytes, ctx: RequestContext) -> Response:
    return Response(status, body.encode(), [(b"content-type", content_type), (b"x-amzn-requestid", ctx.request_id.encode())])
