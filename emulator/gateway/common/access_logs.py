"""Where a stage may send its access logs (the API references' AccessLogSettings.destinationArn).

REST APIs take a CloudWatch Logs log group or a Kinesis Data Firehose delivery stream whose
name begins with ``amazon-apigateway-``; HTTP and WebSocket APIs take a log group only.
AWS does not document the words of its refusals: these are ours.
"""

from __future__ import annotations

import re

_LOG_GROUP_ARN = re.compile(r"arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[^:]+(:\*)?")
_FIREHOSE_ARN = re.compile(r"arn:aws[a-z-]*:firehose:[a-z0-9-]+:\d{12}:deliverystream/(?P<name>.+)")
_FIREHOSE_PREFIX = "amazon-apigateway-"
_LOG_GROUP = "a CloudWatch Logs log group"
_LOG_GROUP_OR_STREAM = f"{_LOG_GROUP} or of a Kinesis Data Firehose delivery stream"


def destination_refusal(arn: str, *, firehose: bool) -> str | None:
    """Why ``arn`` cannot receive access logs, or None when it can."""
    if _LOG_GROUP_ARN.fullmatch(arn):
        return None
    stream = _FIREHOSE_ARN.fullmatch(arn) if firehose else None
    if stream is None:
        kinds = _LOG_GROUP_OR_STREAM if firehose else _LOG_GROUP
        return f"Invalid access log destination: {arn}. It must be the ARN of {kinds}"
    if not stream["name"].startswith(_FIREHOSE_PREFIX):
        return (
            f"Invalid access log destination: {arn}. A Kinesis Data Firehose delivery stream's name must "
            f"begin with {_FIREHOSE_PREFIX}"
        )
    return None
