"""A log group's transformer: Put/Get/DeleteTransformer, TestTransformer, and the rewrite at ingestion.

A group with a transformer stores each event it ingests (PutLogEvents, Lambda's
output, API Gateway's logs) as the transformer's JSON document, so that reads,
filters, subscriptions and Insights see the transformed event, as on AWS. The
configuration lives and persists with its group. Only groups of the STANDARD
class take one (PutTransformer's API reference). The processors: ``transform/``.
"""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from .base import InvalidParameterException, LogsOperations
from .store import LogGroup, LogStream, now_ms
from .transform.pipeline import Pipeline, TransformerConfigError, compile_transformer, run

Event = tuple[int, str, int]


class TransformerOperations(LogsOperations):
    def put_transformer(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        group = self._group(ctx, {"logGroupIdentifier": params["logGroupIdentifier"]})
        if group.log_class != "STANDARD":
            # Guessed wording: AWS documents the rule, not its message.
            raise InvalidParameterException("Transformers can only be created for log groups in the STANDARD log class.")
        pipeline = _compiled(params["transformerConfig"])
        now = now_ms()
        created = group.transformer["creationTime"] if group.transformer else now
        group.transformer = {"transformerConfig": params["transformerConfig"], "creationTime": created, "lastModifiedTime": now}
        group.pipeline = pipeline
        self.store.dirty = True
        return {}

    def get_transformer(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        """A group without a transformer answers with its identifier alone (no configuration)."""
        group = self._group(ctx, {"logGroupIdentifier": params["logGroupIdentifier"]})
        return {"logGroupIdentifier": params["logGroupIdentifier"], **(group.transformer or {})}

    def delete_transformer(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        group = self._group(ctx, {"logGroupIdentifier": params["logGroupIdentifier"]})
        group.transformer = group.pipeline = None
        self.store.dirty = True
        return {}

    def test_transformer(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        """Each message with what the transformer makes of it; a message it fails on comes back unchanged."""
        pipeline = _compiled(params["transformerConfig"])
        transformed = []
        for number, message in enumerate(params["logEventMessages"], start=1):
            result = run(pipeline, message)
            transformed.append(
                {"eventNumber": number, "eventMessage": message, "transformedEventMessage": message if result is None else result}
            )
        return {"transformedLogs": transformed}


def transform_events(group: LogGroup, stream: LogStream, events: list[Event]) -> list[Event]:
    """The store's hook: events about to be stored in ``group``, as its transformer makes them."""
    if group.pipeline is None:
        group.pipeline = _compiled(group.transformer["transformerConfig"])  # type: ignore[index]
    metadata = {
        "@logGroupName": group.name,
        "@logGroupStream": stream.name,
        "@accountId": group.account_id,
        "@regionName": group.region,
    }
    out = []
    for timestamp, message, ingested in events:
        result = run(group.pipeline, message, metadata)
        out.append((timestamp, message if result is None else result, ingested))
    return out


def _compiled(config: list[dict[str, Any]]) -> Pipeline:
    try:
        return compile_transformer(config)
    except TransformerConfigError as problem:
        raise InvalidParameterException(str(problem)) from None
