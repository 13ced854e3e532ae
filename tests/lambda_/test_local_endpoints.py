"""Which URLs a handler's botocore sends to the emulator in plain HTTP (see workers/local_endpoints.py)."""

from __future__ import annotations

import pytest

from emulator.lambda_runtime.workers.local_endpoints import emulator_url

EMULATOR = "http://127.0.0.1:4566"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://abc123.execute-api.localhost:4566/prod", "http://127.0.0.1:4566/prod"),
        ("https://localhost:4566/prod/@connections/x%3D", "http://127.0.0.1:4566/prod/@connections/x%3D"),
        ("https://127.0.0.1:4566/", "http://127.0.0.1:4566/"),
        ("https://abc123.execute-api.localhost:4567/prod", None),  # another port: another server
        ("https://abc123.execute-api.us-east-1.amazonaws.com/prod", None),  # someone's API on AWS
        # AWS's URLs the emulator answers: the management API on an API's AWS host (Chalice's
        # WebSocket handlers call it there), the services' endpoints (an old botocore calls them).
        (
            "https://abc123.execute-api.us-east-1.amazonaws.com/api/@connections/x%3D",
            "http://127.0.0.1:4566/api/@connections/x%3D",
        ),
        ("https://abc123.execute-api.us-east-1.amazonaws.com:443/api/@connections/x", "http://127.0.0.1:4566/api/@connections/x"),
        ("https://abc123.execute-api.us-east-1.amazonaws.com:8443/api/@connections/x", None),
        ("https://dynamodb.eu-west-1.amazonaws.com/", "http://127.0.0.1:4566/"),
        ("https://lambda.us-east-1.amazonaws.com/2015-03-31/functions", "http://127.0.0.1:4566/2015-03-31/functions"),
        ("https://sqs.us-east-1.amazonaws.com/", None),  # a service the emulator does not serve
        ("https://dynamodb.us-east-1.amazonaws.com.example.com/", None),
        ("https://example.com:4566/", None),
        ("https://localhost:notaport/", None),
    ],
)
def test_only_the_emulators_own_address_is_rewritten(url: str, expected: str | None) -> None:
    assert emulator_url(url, EMULATOR) == expected


def test_nothing_is_rewritten_without_an_http_endpoint() -> None:
    assert emulator_url("https://localhost:4566/", "") is None
    assert emulator_url("https://localhost:4566/", "https://localhost:4566") is None
