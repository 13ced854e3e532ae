"""The errors the gateway itself answers on the data plane (AWS's default gateway responses)."""

from __future__ import annotations

from dataclasses import dataclass

import orjson


@dataclass(slots=True, frozen=True)
class GatewayError(Exception):
    status: int
    error_type: str
    message: str | None
    #: AWS writes ``Message`` for IAM-policy denials and ``message`` elsewhere.
    message_key: str = "message"

    def body(self) -> bytes:
        return orjson.dumps({self.message_key: self.message})


MISSING_TOKEN = GatewayError(403, "MissingAuthenticationTokenException", "Missing Authentication Token")
FORBIDDEN = GatewayError(403, "ForbiddenException", "Forbidden")
UNAUTHORIZED = GatewayError(401, "UnauthorizedException", "Unauthorized")
EXPLICIT_DENY = GatewayError(
    403, "AccessDeniedException", "User is not authorized to access this resource with an explicit deny", "Message"
)
IMPLICIT_DENY = GatewayError(403, "AccessDeniedException", "User is not authorized to access this resource", "Message")
AUTHORIZER_FAILURE = GatewayError(500, "AuthorizerConfigurationException", None)
AUTHORIZER_ERROR = GatewayError(500, "AuthorizerFunctionException", None)
INTERNAL_ERROR = GatewayError(500, "InternalServerErrorException", "Internal server error")
BAD_GATEWAY = GatewayError(502, "InternalServerErrorException", "Internal server error")
TIMEOUT = GatewayError(504, "InternalServerErrorException", "Endpoint request timed out")
THROTTLED = GatewayError(429, "TooManyRequestsException", "Too Many Requests")
QUOTA_EXCEEDED = GatewayError(429, "LimitExceededException", "Limit Exceeded")
UNSUPPORTED_MEDIA = GatewayError(415, "UnsupportedMediaTypeException", "Unsupported Media Type")
