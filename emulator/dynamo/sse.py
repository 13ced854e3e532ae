"""Server-side encryption as AWS describes it: a KMS key ARN, AWS's managed key unless the table names its own."""

from __future__ import annotations

import uuid
from typing import Any

from ..aws.arns import build_arn

#: Seeds the ids aliases stand for, so an alias names one stable key per account and region.
_ALIAS_NAMESPACE = uuid.UUID("6f1c2d0e-5b7a-4f3e-9a1d-2c8e4b6a0d15")
MANAGED_KEY_ALIAS = "alias/aws/dynamodb"


def key_arn(key: str, region: str, account_id: str) -> str:
    """A KMS key as AWS reads it back: the ARN of the key a key id or alias names in ``region``
    (there is no KMS here, so an alias stands for a key id derived from its name)."""
    if key.startswith("arn:"):
        return key
    if key.startswith("alias/"):
        key = str(uuid.uuid5(_ALIAS_NAMESPACE, f"{account_id}:{region}:{key}"))
    return build_arn("kms", region, account_id, f"key/{key}")


def managed_key_arn(region: str, account_id: str) -> str:
    """The AWS managed key (alias/aws/dynamodb): a ``key/<uuid>`` ARN, as AWS's answers show it."""
    return key_arn(MANAGED_KEY_ALIAS, region, account_id)


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
