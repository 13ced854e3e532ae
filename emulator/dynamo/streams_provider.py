"""DynamoDB Streams' operations."""

from __future__ import annotations

from .provider import DynamoDBProvider


class DynamoDBStreamsProvider:
    def __init__(self, dynamodb: DynamoDBProvider) -> None:
        self.dynamodb = dynamodb
