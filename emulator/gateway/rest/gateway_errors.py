"""The errors the gateway itself answers on the data plane (AWS's default gateway responses)."""

from __future__ import annotations

from dataclasses import dataclass

import orjson


@dataclass(slots=True, frozen=True)
class GatewayError(Exception):
    status: int
    error_type: str
    message: str | None
    #: The gateway response type that customizes this error (PutGatewayResponse).
    response_type: str = "DEFAULT_4XX"
    #: AWS writes ``Message`` for IAM-policy denials and ``message`` elsewhere.
    message_key: str = "message"

    def body(self) -> bytes:
        return orjson.dumps({self.message_key: self.message})


MISSING_TOKEN = GatewayError(
    403, "MissingAuthenticationTokenException", "Missing Authentication Token", "MISSING_AUTHENTICATION_TOKEN"
)
FORBIDDEN = GatewayError(403, "ForbiddenException", "Forbidden", "INVALID_API_KEY")
UNAUTHORIZED = GatewayError(401, "UnauthorizedException", "Unauthorized", "UNAUTHORIZED")
EXPLICIT_DENY = GatewayError(
    403,
    "AccessDeniedException",
    "User is not authorized to access this resource with an explicit deny",
    "ACCESS_DENIED",
    "Message",
)
IMPLICIT_DENY = GatewayError(
    403, "AccessDeniedException", "User is not authorized to access this resource", "ACCESS_DENIED", "Message"
)
AUTHORIZER_FAILURE = GatewayError(
    500, "AuthorizerConfigurationException", None, "AUTHORIZER_CONFIGURATION_ERROR"
)
INTERNAL_ERROR = GatewayError(500, "InternalServerErrorException", "Internal server error", "DEFAULT_5XX")
#: A Lambda proxy integration that cannot invoke its function (one not called with POST).
INTEGRATION_FAILURE = GatewayError(500, "InternalServerErrorException", "Internal server error", "INTEGRATION_FAILURE")
BAD_GATEWAY = GatewayError(502, "InternalServerErrorException", "Internal server error", "DEFAULT_5XX")
TIMEOUT = GatewayError(
    504, "InternalServerErrorException", "Endpoint request timed out", "INTEGRATION_TIMEOUT"
)
THROTTLED = GatewayError(429, "TooManyRequestsException", "Too Many Requests", "THROTTLED")
QUOTA_EXCEEDED = GatewayError(429, "LimitExceededException", "Limit Exceeded", "QUOTA_EXCEEDED")
#: A body over the 10 MB payload limit; the wording is the REQUEST_TOO_LARGE response's
#: as reported for REST APIs (no AWS-validated recording of it is known).
REQUEST_TOO_LARGE = GatewayError(413, "RequestTooLargeException", "Request Too Long", "REQUEST_TOO_LARGE")
UNSUPPORTED_MEDIA = GatewayError(
    415, "UnsupportedMediaTypeException", "Unsupported Media Type", "UNSUPPORTED_MEDIA_TYPE"
)
