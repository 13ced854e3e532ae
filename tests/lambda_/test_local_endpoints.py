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
        ("https://abc123.execute-api.us-east-1.amazonaws.com/prod", None),
        ("https://example.com:4566/", None),
        ("https://localhost:notaport/", None),
    ],
)
def test_only_the_emulators_own_address_is_rewritten(url: str, expected: str | None) -> None:
    assert emulator_url(url, EMULATOR) == expected


def test_nothing_is_rewritten_without_an_http_endpoint() -> None:
    assert emulator_url("https://localhost:4566/", "") is None
    assert emulator_url("https://localhost:4566/", "https://localhost:4566") is None
