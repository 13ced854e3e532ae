"""A log group's transformer: Put/Get/DeleteTransformer, TestTransformer, and the rewrite at ingestion.

A group with a transformer stores each event it ingests (PutLogEvents, Lambda's
output, API Gateway's logs) as the transformer's JSON document, so that reads,
filter patterns and Insights see the transformed event; subscription filters get
the event as ingested unless they ``applyOnTransformedLogs`` (their API reference).
The configuration lives and persists with its group; a group without one is
transformed by the first account transformer policy that selects it
(``account_policies.py``). Only groups of the STANDARD class take one
(PutTransformer's API reference). The processors: ``transform/``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

from ...aws.context import RequestContext
from .account_policies import KIND, policy_transformer
from .base import InvalidParameterException, LogsOperations
from .state import ResourceState
from .store import LogGroup, LogStream, now_ms
from .transform.pipeline import Pipeline, TransformerConfigError, compile_transformer, run

Event = tuple[int, str, int]
TRANSFORMER_POLICIES = f"{KIND}:TRANSFORMER_POLICY"


class TransformerOperations(LogsOperations):
    resources: ResourceState
    #: Account transformer policies' compiled steps: (region, policy name, last update) -> steps.
    _policy_pipelines: dict[tuple[str, str, int], Pipeline]
    selected_policies: Callable[[str, str, str], list[dict[str, Any]]]

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

    def transform_events(self, group: LogGroup, stream: LogStream, events: list[Event]) -> list[Event]:
        """The store's hook: events about to be stored in ``group``, as its transformer makes them."""
        pipeline = self._pipeline_of(group)
        return events if pipeline is None else _transformed(pipeline, group, stream, events)

    def _pipeline_of(self, group: LogGroup) -> Pipeline | None:
        """The group's own transformer, else the first account transformer policy that selects it."""
        if group.transformer is not None:
            if group.pipeline is None:
                group.pipeline = _compiled(group.transformer["transformerConfig"])
            return group.pipeline
        if group.log_class != "STANDARD" or not self.resources.any(group.region, TRANSFORMER_POLICIES):
            return None
        for policy in self.selected_policies(group.region, "TRANSFORMER_POLICY", group.name):
            key = (group.region, policy["policyName"], policy["lastUpdatedTime"])
            if key not in self._policy_pipelines:
                self._policy_pipelines[key] = policy_transformer(orjson.loads(policy["policyDocument"]))
            return self._policy_pipelines[key]
        return None


def _transformed(pipeline: Pipeline, group: LogGroup, stream: LogStream, events: list[Event]) -> list[Event]:
    metadata = {
        "@logGroupName": group.name,
        "@logGroupStream": stream.name,
        "@accountId": group.account_id,
        "@regionName": group.region,
    }
    out = []
    for timestamp, message, ingested in events:
        result = run(pipeline, message, metadata)
        out.append((timestamp, message if result is None else result, ingested))
    return out


def _compiled(config: list[dict[str, Any]]) -> Pipeline:
    try:
        return compile_transformer(config)
    except TransformerConfigError as problem:
        raise InvalidParameterException(str(problem)) from None
