"""ARN construction."""

from __future__ import annotations


def build_arn(service: str, region: str, account_id: str, resource: str) -> str:
    return f"arn:aws:{service}:{region}:{account_id}:{resource}"
