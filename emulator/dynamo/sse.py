"""Server-side encryption as AWS describes it: a KMS key ARN, AWS's managed key unless the table names its own."""

from __future__ import annotations

import uuid
from typing import Any

from ..aws.arns import build_arn

#: Seeds the managed key's id, so each account and region has one stable key, as on AWS.
_MANAGED_KEY_NAMESPACE = uuid.UUID("6f1c2d0e-5b7a-4f3e-9a1d-2c8e4b6a0d15")


def key_arn(key: str, region: str, account_id: str) -> str:
    """A KMS key as AWS reads it back: a key id resolved to its ARN in ``region``."""
    return key if key.startswith("arn:") else build_arn("kms", region, account_id, f"key/{key}")


def managed_key_arn(region: str, account_id: str) -> str:
    """The AWS managed key (alias/aws/dynamodb): a ``key/<uuid>`` ARN, as AWS's answers show it."""
    key_id = uuid.uuid5(_MANAGED_KEY_NAMESPACE, f"{account_id}:{region}")
    return build_arn("kms", region, account_id, f"key/{key_id}")


def described(sse: dict[str, Any] | None, region: str, account_id: str) -> dict[str, Any] | None:
    """SSEDescription of a table encrypted with a KMS key; None with the AWS owned key (AWS lists none)."""
    if not sse or not sse.get("Enabled"):
        return None
    key = sse.get("KMSMasterKeyId")
    arn = key_arn(key, region, account_id) if key else managed_key_arn(region, account_id)
    return {"Status": "ENABLED", "SSEType": sse.get("SSEType", "KMS"), "KMSMasterKeyArn": arn}


def while_updating(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, Any] | None:
    """UpdateTable's SSEDescription for an encryption change: the KMS key involved, UPDATING (AWS's answer
    to disabling KMS encryption names the key being left)."""
    shown = after or before
    return {**shown, "Status": "UPDATING"} if shown else None
