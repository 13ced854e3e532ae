"""CORS on the AWS service endpoints themselves, for the SDK running in a browser.

AWS's service front ends (DynamoDB and its streams, Lambda, CloudWatch Logs, the API Gateway
control planes and ``@connections``) let any origin call them: the caller's signature, not its
origin, decides. To a request with an ``Origin`` they add ``Access-Control-Allow-Origin: *``
and the response headers a script may read; a preflight (``OPTIONS`` with an ``Origin``, on any
path) is answered ``200`` with an empty body, echoing the requested method and headers, cached
for two days. As dynalite's connection tests and ScyllaDB Alternator's CORS tests recorded them
against DynamoDB, and Lambda's preflight answers show them. ``x-amz-crc32`` is not exposed: in a
browser the SDK cannot read it and skips its check, as on AWS.

The API data planes and function URLs answer CORS from the API's or URL's own configuration
(``aws/cors.py``); none of this applies to them. A request without an ``Origin`` is not touched.
"""

from __future__ import annotations

import re

from .context import new_request_id
from .http import Response, Scope

Headers = list[tuple[bytes, bytes]]

#: The response headers Coral's front end lets a script read (DynamoDB, Streams, Logs, API Gateway).
EXPOSED = b"x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date"
#: Lambda's adds the headers Invoke answers a function's log tail and error in.
LAMBDA_EXPOSED = EXPOSED + b",x-amz-log-result,x-amz-function-error"
#: How long a browser may cache a preflight's answer: two days.
PREFLIGHT_MAX_AGE = b"172800"

#: Lambda's API, alone of the services served here, versions its paths by a date (``/2015-03-31/functions``).
_LAMBDA_PATH = re.compile(r"/\d{4}-\d{2}-\d{2}(?:/|$)")

_REQUESTED_TO_ALLOWED = {
    b"access-control-request-method": b"access-control-allow-methods",
    b"access-control-request-headers": b"access-control-allow-headers",
}


def exposed_headers(path: str) -> bytes:
    """The ``Access-Control-Expose-Headers`` of the service a path addresses."""
    return LAMBDA_EXPOSED if _LAMBDA_PATH.match(path) else EXPOSED


def add_cross_origin_headers(response: Response, path: str) -> None:
    """Let the calling origin read ``response`` (a request with an ``Origin``)."""
    # A new list: a response's headers are never shared, but this costs nothing to be sure of.
    response.headers = [
        *response.headers,
        (b"access-control-allow-origin", b"*"),
        (b"access-control-expose-headers", exposed_headers(path)),
    ]


def preflight(scope: Scope) -> Response:
    """The answer to a browser's preflight: whatever it asks to send is allowed."""
    headers: Headers = [(b"x-amzn-requestid", new_request_id().encode())]
    requested: dict[bytes, list[bytes]] = {}
    for name, value in scope["headers"]:
        if name in _REQUESTED_TO_ALLOWED and value:
            requested.setdefault(_REQUESTED_TO_ALLOWED[name], []).append(value)
    headers.append((b"access-control-allow-origin", b"*"))
    headers.extend((allowed, b", ".join(values)) for allowed, values in requested.items())
    headers.append((b"access-control-expose-headers", exposed_headers(scope["path"])))
    headers.append((b"access-control-max-age", PREFLIGHT_MAX_AGE))
    return Response(200, b"", headers)
