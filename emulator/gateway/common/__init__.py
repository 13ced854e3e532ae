"""What the API data planes (REST, HTTP and WebSocket APIs) share."""

#: API Gateway's request payload limit (REST and HTTP APIs alike).
MAX_PAYLOAD_BYTES = 10 * 1024 * 1024
