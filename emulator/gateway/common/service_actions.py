"""AWS service integrations other than Lambda, in REST and WebSocket APIs: ``type: AWS`` with an
action-style URI, ``arn:aws:apigateway:{region}:{service}:action/{Action}`` (DynamoDB's PutItem...).

API Gateway posts the rendered integration request, signed as the integration's role, to the
service's endpoint. The emulator hands it in process to its own JSON-protocol services through
the same protocol layer a client's request takes; the service's status selects the integration
response, and its JSON answer is what the response templates map.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

#: (service, action, region, request body) -> (status, response body); None for a service the emulator lacks.
ServiceCall = Callable[[str, str, str, bytes], Awaitable[tuple[int, bytes] | None]]

_ACTION = "action/"


def service_action(uri: str) -> tuple[str, str, str] | None:
    """(region, service, action) of an action-style service URI; None for any other URI."""
    parts = uri.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "apigateway" or not parts[5].startswith(_ACTION):
        return None
    return parts[3], parts[4], parts[5][len(_ACTION) :]
