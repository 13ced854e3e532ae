"""An event source mapping: a DynamoDB stream that triggers a function, as AWS describes it."""

from __future__ import annotations

import time
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True)
class EventSourceMapping:
    region: str
    account_id: str
    event_source_arn: str
    function_arn: str
    starting_position: str
    uuid: str = field(default_factory=lambda: str(uuid.uuid4()))
    batch_size: int = 100
    maximum_batching_window_s: int = 0
    filter_criteria: dict[str, Any] | None = None
    maximum_retry_attempts: int = -1
    maximum_record_age_s: int = -1
    bisect_batch_on_function_error: bool = False
    parallelization_factor: int = 1
    function_response_types: list[str] = field(default_factory=list)
    destination_config: dict[str, Any] = field(default_factory=lambda: {"OnFailure": {}})
    tumbling_window_s: int = 0
    enabled: bool = True
    last_modified: float = field(default_factory=time.time)
    last_processing_result: str = "No records processed"
    #: Per shard, the sequence number of the last record handed to the function (or filtered out).
    checkpoints: dict[str, str] = field(default_factory=dict)

    @property
    def arn(self) -> str:
        return f"arn:aws:lambda:{self.region}:{self.account_id}:event-source-mapping:{self.uuid}"

    @property
    def state(self) -> str:
        return "Enabled" if self.enabled else "Disabled"

    def describe(self, state: str | None = None) -> dict[str, Any]:
        document: dict[str, Any] = {
            "UUID": self.uuid,
            "StartingPosition": self.starting_position,
            "BatchSize": self.batch_size,
            "MaximumBatchingWindowInSeconds": self.maximum_batching_window_s,
            "ParallelizationFactor": self.parallelization_factor,
            "EventSourceArn": self.event_source_arn,
            "FunctionArn": self.function_arn,
            "LastModified": self.last_modified,
            "LastProcessingResult": self.last_processing_result,
            "State": state or self.state,
            "StateTransitionReason": "User action",
            "DestinationConfig": self.destination_config,
            "MaximumRecordAgeInSeconds": self.maximum_record_age_s,
            "BisectBatchOnFunctionError": self.bisect_batch_on_function_error,
            "MaximumRetryAttempts": self.maximum_retry_attempts,
            "TumblingWindowInSeconds": self.tumbling_window_s,
            "FunctionResponseTypes": self.function_response_types,
            "EventSourceMappingArn": self.arn,
        }
        if self.filter_criteria:
            document["FilterCriteria"] = self.filter_criteria
        return document

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EventSourceMapping:
        return cls(**data)
