"""API keys on a WebSocket route (``ApiKeyRequired``): the key must be enabled and in a usage
plan that covers the API's stage; otherwise the handshake answers 403.

Keys and usage plans are API Gateway's REST resources, shared through the
apigatewayv2 provider's ``rest_store``. The key comes from the API's
ApiKeySelectionExpression: the ``x-api-key`` header, or the authorizer's
``usageIdentifierKey``.
"""

from __future__ import annotations

from typing import Any

from ..rest.gateway_errors import GatewayError
from ..rest.limits import find_api_key
from .handshake import Rejected


def require_api_key(
    rest_store: Any, region: str, api: dict[str, Any], stage: str, headers: dict[str, list[str]], usage_key: str | None
) -> str:
    """The key the handshake is admitted with; Rejected (403) when it is not an admitted key."""
    if api.get("ApiKeySelectionExpression") == "$context.authorizer.usageIdentifierKey":
        value = usage_key
    else:
        value = next((values[-1] for name, values in headers.items() if name.lower() == "x-api-key"), None)
    if rest_store is None:
        raise Rejected(403, "Forbidden")
    try:
        find_api_key(rest_store.region(region), value, api["ApiId"], stage)
    except GatewayError:
        raise Rejected(403, "Forbidden") from None
    return value or ""
