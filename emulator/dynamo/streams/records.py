"""Stream records as GetRecords returns them, built from the store's item changes."""

from __future__ import annotations

import hashlib
from typing import Any

from ..changes import ItemChange
from ..values import item_size

#: ``userIdentity`` of deletions made by the TTL sweeper.
TTL_IDENTITY = {"PrincipalId": "dynamodb.amazonaws.com", "Type": "Service"}
_WITH_NEW = ("NEW_IMAGE", "NEW_AND_OLD_IMAGES")
_WITH_OLD = ("OLD_IMAGE", "NEW_AND_OLD_IMAGES")


def event_name(change: ItemChange) -> str:
    if change.new is None:
        return "REMOVE"
    return "INSERT" if change.old is None else "MODIFY"


def build_record(change: ItemChange, region: str, view_type: str, sequence: str, stream_arn: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "ApproximateCreationDateTime": int(change.at),
        "Keys": change.key,
    }
    size = item_size(change.key)
    if change.new is not None and view_type in _WITH_NEW:
        body["NewImage"] = change.new
        size += item_size(change.new)
    if change.old is not None and view_type in _WITH_OLD:
        body["OldImage"] = change.old
        size += item_size(change.old)
    body["SequenceNumber"] = sequence
    body["SizeBytes"] = size
    body["StreamViewType"] = view_type
    record: dict[str, Any] = {
        # Derived from the position, so a record replayed after a restart keeps its id.
        "eventID": hashlib.md5(f"{stream_arn}/{sequence}".encode(), usedforsecurity=False).hexdigest(),
        "eventName": event_name(change),
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": region,
        "dynamodb": body,
    }
    if change.by_ttl:
        record["userIdentity"] = TTL_IDENTITY
    return record
