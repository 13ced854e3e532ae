"""Kinesis Data Streams destinations: Enable/Disable/Update/DescribeKinesisStreamingDestination.

The emulator has no Kinesis, so no stream exists for a table to stream to. DynamoDB checks the
stream before anything else about the destination, and answers a stream it cannot use (one that
does not exist, or one the caller may not write to: it does not tell them apart) with a
``ValidationException`` "User does not have a permission to use kinesis stream" (LocalStack
answers the same, after AWS). Enable, Update and Disable therefore answer that, once the table is
found; Describe answers what AWS answers for a table that has never had a destination: an empty
list. A destination is never recorded, so there is nothing to persist.
"""

from __future__ import annotations

from typing import Any

from ...aws.errors import ValidationException
from .common import described_table

Params = dict[str, Any]
UNUSABLE_STREAM = "User does not have a permission to use kinesis stream"


def describe_kinesis_streaming_destination(provider: Any, ctx: Any, params: Params) -> Params:
    table = described_table(provider.store, ctx, params["TableName"])
    return {"TableName": table.name, "KinesisDataStreamDestinations": []}


def enable_kinesis_streaming_destination(provider: Any, ctx: Any, params: Params) -> Params:
    return _refused(provider, ctx, params)


def disable_kinesis_streaming_destination(provider: Any, ctx: Any, params: Params) -> Params:
    return _refused(provider, ctx, params)


def update_kinesis_streaming_destination(provider: Any, ctx: Any, params: Params) -> Params:
    return _refused(provider, ctx, params)


def _refused(provider: Any, ctx: Any, params: Params) -> Params:
    described_table(provider.store, ctx, params["TableName"])
    raise ValidationException(UNUSABLE_STREAM)
