"""CloudWatch Logs' operations (``boto3.client('logs')``), over the ``LogStore``.

Lambda writes each function's output here; users may write too. The store is
snapshotted to the data directory every few seconds when it changed, and at stop.
This module holds groups, streams and tags; events, subscription filters,
metric filters, queries and resource policies have their own modules.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import uuid
from typing import TYPE_CHECKING, Any

from ...aws.context import DEFAULT_ACCOUNT_ID, RequestContext
from ...aws.wording import ValidationStyle
from ...config import Settings
from .account_policies import AccountPolicyOperations
from .account_settings import AccountSettingOperations
from .account_subscriptions import AccountSubscriptionOperations
from .anomaly_detectors import AnomalyDetectorOperations
from .base import (
    InvalidParameterException,
    ResourceAlreadyExistsException,
    ValidationException,
    group_name,
    named,
    page,
)
from .configuration_templates import ConfigurationTemplateOperations
from .data_protection import DataProtectionOperations
from .data_sources import DataSourceOperations
from .deliveries import DeliveryOperations
from .destinations import DestinationOperations
from .events import EventOperations
from .export_tasks import ExportTaskOperations
from .field_indexes import FieldIndexOperations
from .group_fields import GroupFieldOperations
from .import_tasks import ImportTaskOperations
from .integrations import IntegrationOperations
from .live_tail import LiveTail, LiveTailOperations
from .lookup_tables import LookupTableOperations
from .metric_filters import MetricFilterOperations
from .queries import QueryOperations, QueryState
from .query_log_groups import QueryLogGroupOperations
from .resource_policies import PolicyState, ResourcePolicyOperations
from .resource_tags import is_other_resource, tags_of
from .s3_table_sources import S3TableSourceOperations
from .scheduled_queries import ScheduledQueryOperations
from .state import ResourceState
from .store import LogGroup, LogStore, LogStream, now_ms
from .subscriptions import SubscriptionDelivery, SubscriptionOperations
from .syslog import SyslogOperations
from .transformers import TransformerOperations
from .validation import EARLY_CHECKS

if TYPE_CHECKING:
    from ..invoker import Invoker
    from ..registry import Registry

FLUSH_INTERVAL_S = 5.0
#: An event as the store holds it: (timestamp ms, message, ingestion time ms).
Event = tuple[int, str, int]
#: PutRetentionPolicy's accepted values (the API reference's list; the model leaves it open).
#: The retention AWS gives a DELIVERY-class group, whatever was asked.
DELIVERY_RETENTION_DAYS = 2
RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)


class LogsProvider(
    EventOperations,
    SubscriptionOperations,
    MetricFilterOperations,
    QueryOperations,
    ResourcePolicyOperations,
    DataProtectionOperations,
    TransformerOperations,
    AccountPolicyOperations,
    AccountSubscriptionOperations,
    FieldIndexOperations,
    GroupFieldOperations,
    DestinationOperations,
    DeliveryOperations,
    ExportTaskOperations,
    AnomalyDetectorOperations,
    ScheduledQueryOperations,
    LookupTableOperations,
    QueryLogGroupOperations,
    LiveTailOperations,
    AccountSettingOperations,
    IntegrationOperations,
    ImportTaskOperations,
    S3TableSourceOperations,
    SyslogOperations,
    DataSourceOperations,
    ConfigurationTemplateOperations,
):
    #: CloudWatch Logs words model constraint violations as InvalidParameterException
    #: ("1 validation error detected: Value '5000' at 'limit' ...", quoted from AWS in moto#6718).
    #: A metric namespace may hold the ':' its model's pattern forbids (AWS took
    #: "A.B-c_d/1#2:metricNamespace": LocalStack's AWS-validated snapshot
    #: test_logs_metric_filters::test_put_metric_filter_with_special_namespace); a query definition's
    #: log groups may be ARNs, kept as given (terraform-provider-aws query_definition_test.go::
    #: TestAccLogsQueryDefinition_logGroupARNs).
    validation_style = ValidationStyle(
        error_code="InvalidParameterException",
        unenforced_patterns=frozenset({"MetricNamespace", "LogGroupNames"}),
    )
    early_checks = EARLY_CHECKS

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        path = None if settings.in_memory else settings.data_dir.resolve() / "logs" / "logs.json"
        self.store = LogStore(path)
        self.delivery = SubscriptionDelivery()
        self.live_tail = LiveTail()
        self.store.subscriber = self._on_stored
        self.store.transform = self.transform_events
        self.queries = QueryState(path.with_name("query_definitions.json") if path else None)
        self.policies = PolicyState(path.with_name("resource_policies.json") if path else None)
        self.resources = ResourceState(path.with_name("resources.json") if path else None)
        self._policy_pipelines = {}
        self._scratch_s3 = None
        self._flusher: asyncio.Task[None] | None = None
        #: The one stream of each log group API Gateway writes to: (region, group name) -> stream name.
        self._gateway_streams: dict[tuple[str, str], str] = {}

    def write_access_log(self, region: str, destination_arn: str, line: str) -> None:
        """An API stage's access log line, into the log group its destination ARN names; nothing when
        the group does not exist (API Gateway does not create it). One stream per group."""
        parts = destination_arn.split(":", 6)
        if len(parts) < 7 or parts[5] != "log-group":
            return
        group = self.store.group(parts[3] or region, parts[6].removesuffix(":*"))
        if group is not None:
            self._write_gateway_lines(group, [line])

    def write_execution_log(self, region: str, group_name: str, lines: list[str]) -> None:
        """A REST API request's execution log lines, into the group API Gateway creates for its stage."""
        group = self.store.group(region, group_name) or self.store.create_group(region, DEFAULT_ACCOUNT_ID, group_name)
        self._write_gateway_lines(group, lines)

    def _write_gateway_lines(self, group: LogGroup, lines: list[str]) -> None:
        stream_name = self._gateway_streams.setdefault((group.region, group.name), uuid.uuid4().hex)
        stamp = now_ms()
        self.store.add_events(group, self.store.stream(group, stream_name), [(stamp, line) for line in lines])

    def _on_stored(self, group: LogGroup, stream: LogStream, stored: list[Event], ingested: list[Event]) -> None:
        """The store's subscriber: subscription filters and policies, then open Live Tail sessions."""
        self.on_events(group, stream, stored, ingested)
        if self.live_tail.by_group:
            self.live_tail.on_events(group, stream, stored)

    def connect_functions(self, registry: Registry, invoker: Invoker) -> None:
        """Lambda's functions become subscription filters' destinations (called by Lambda's provider)."""
        self.delivery.connect(registry, invoker)

    # -- lifecycle ----------------------------------------------------------

    async def start(self) -> None:
        if self.store.path is not None:
            self._flusher = asyncio.create_task(self._flush_periodically())

    def closing(self) -> None:
        """The server is stopping: Live Tail sessions end now, not after its graceful-shutdown wait."""
        self.live_tail.end_all()

    async def stop(self) -> None:
        self.live_tail.end_all()
        if self._flusher is not None:
            self._flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._flusher
        if self.store.dirty:
            self.store.write(self.store.snapshot())

    def reset(self) -> None:
        self.live_tail.end_all()
        self.store.clear()
        self.delivery.reset()
        self.queries.clear()
        self.policies.clear()
        self.resources.clear()
        self._policy_pipelines.clear()
        self._gateway_streams.clear()

    async def _flush_periodically(self) -> None:
        while True:
            await asyncio.sleep(FLUSH_INTERVAL_S)
            if self.store.dirty:
                await asyncio.to_thread(self.store.write, self.store.snapshot())

    # -- groups and streams -------------------------------------------------

    def create_log_group(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        if params["logGroupName"][:4].lower() == "aws/":
            raise InvalidParameterException("Log groups starting with AWS/ are reserved for AWS.")
        if self.store.group(ctx.region, params["logGroupName"]) is not None:
            raise ResourceAlreadyExistsException("The specified log group already exists")
        group = self.store.create_group(ctx.region, ctx.account_id, params["logGroupName"])
        group.tags = dict(params.get("tags") or {})
        group.deletion_protection = bool(params.get("deletionProtectionEnabled"))
        group.kms_key_id = params.get("kmsKeyId")
        group.log_class = params.get("logGroupClass") or "STANDARD"
        if group.log_class == "DELIVERY":  # AWS fixes its retention (Terraform's logGroupClassDELIVERY tests)
            group.retention_days = DELIVERY_RETENTION_DAYS
        return {}

    def associate_kms_key(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        self._keyed_group(ctx, params).kms_key_id = params["kmsKeyId"]
        self.store.dirty = True
        return {}

    def disassociate_kms_key(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        self._keyed_group(ctx, params).kms_key_id = None
        self.store.dirty = True
        return {}

    def _keyed_group(self, ctx: RequestContext, params: dict[str, Any]) -> LogGroup:
        """The group a KMS key operation names, by ``logGroupName`` or a log group ARN as ``resourceIdentifier``."""
        return self._group(ctx, {"logGroupIdentifier": params.get("logGroupName") or params.get("resourceIdentifier")})

    def delete_log_group(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        _check_unprotected(self._group(ctx, params))
        self.store.delete_group(ctx.region, params["logGroupName"])
        return {}

    def put_log_group_deletion_protection(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        self._group(ctx, params).deletion_protection = params["deletionProtectionEnabled"]
        self.store.dirty = True
        return {}

    def put_retention_policy(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        days = params["retentionInDays"]
        if days not in RETENTION_DAYS:
            raise InvalidParameterException(
                f"1 validation error detected: Value '{days}' at 'retentionInDays' failed to satisfy constraint: "
                f"Member must satisfy enum value set: [{', '.join(map(str, RETENTION_DAYS))}]"
            )
        self._group(ctx, params).retention_days = days
        self.store.dirty = True
        return {}

    def delete_retention_policy(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        self._group(ctx, params).retention_days = None
        self.store.dirty = True
        return {}

    def create_log_stream(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        group = self._group(ctx, params)
        name = params["logStreamName"]
        if name in group.streams:
            raise ResourceAlreadyExistsException("The specified log stream already exists")
        group.streams[name] = LogStream(name)
        self.store.dirty = True
        return {}

    def delete_log_stream(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        group = self._group(ctx, params)
        stream = self._stream(group, params["logStreamName"])
        _check_unprotected(group)
        stream.events.clear()
        del group.streams[stream.name]
        self.store.dirty = True
        return {}

    def describe_log_groups(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        prefix = params.get("logGroupNamePrefix") or ""
        pattern = params.get("logGroupNamePattern")
        identifiers = params.get("logGroupIdentifiers")
        if prefix and pattern:
            raise InvalidParameterException("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.")
        if identifiers and (prefix or pattern):
            raise InvalidParameterException(
                "LogGroupIdentifiers is mutually exclusive with LogGroupNamePrefix and LogGroupNamePattern"
            )
        groups = sorted(self.store.groups.get(ctx.region, {}).values(), key=lambda g: g.name)
        if identifiers:  # names or ARNs; those that do not exist are left out
            wanted = {group_name(identifier) for identifier in identifiers}
            groups = [g for g in groups if g.name in wanted]
        if params.get("logGroupClass"):
            groups = [g for g in groups if g.log_class == params["logGroupClass"]]
        if pattern:  # a case-sensitive substring; AWS then leaves out sizes, retention and protection
            found = [_pattern_match(g.describe()) for g in groups if pattern in g.name]
        else:
            found = [g.describe() for g in groups if g.name.startswith(prefix)]
        listed, token = page("groups", found, params, params.get("limit") or 50, named("logGroupName"))
        return {"logGroups": listed, **({"nextToken": token} if token else {})}

    def list_log_groups(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        """The newer listing: names, ARNs and classes, filtered by a name pattern (see ``_name_pattern``)."""
        matches = _name_pattern(params.get("logGroupNamePattern"))
        groups = sorted(self.store.groups.get(ctx.region, {}).values(), key=lambda g: g.name)
        if params.get("logGroupClass"):
            groups = [g for g in groups if g.log_class == params["logGroupClass"]]
        found = [
            {"logGroupName": g.name, "logGroupArn": g.arn, "logGroupClass": g.log_class} for g in groups if matches(g.name)
        ]
        listed, token = page("listGroups", found, params, params.get("limit") or 50, named("logGroupName"))
        return {"logGroups": listed, **({"nextToken": token} if token else {})}

    def describe_log_streams(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        group = self._group(ctx, params)
        prefix = params.get("logStreamNamePrefix") or ""
        by_time = params.get("orderBy") == "LastEventTime"
        if by_time and prefix:
            raise InvalidParameterException("Cannot order by LastEventTime with a logStreamNamePrefix.")
        order = _by_last_event if by_time else _by_stream_name
        descending = bool(params.get("descending"))
        streams = sorted((s for s in group.streams.values() if s.name.startswith(prefix)), key=order, reverse=descending)
        listed, token = page("streams", streams, params, params.get("limit") or 50, order, descending)
        return {"logStreams": [s.describe(group.arn) for s in listed], **({"nextToken": token} if token else {})}

    # -- tags -----------------------------------------------------------------
    # The legacy *LogGroup operations name the group; the *Resource ones its ARN.

    def tag_log_group(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return self._tag(ctx, params["logGroupName"], params["tags"])

    def untag_log_group(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return self._untag(ctx, params["logGroupName"], params["tags"])

    def list_tags_log_group(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return {"tags": dict(self._group(ctx, params).tags)}

    def tag_resource(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        if is_other_resource(params["resourceArn"]):
            tags_of(self.resources, ctx.region, params["resourceArn"]).update(params["tags"])
            self.resources.save()
            return {}
        return self._tag(ctx, group_name(params["resourceArn"]), params["tags"])

    def untag_resource(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        if is_other_resource(params["resourceArn"]):
            tags = tags_of(self.resources, ctx.region, params["resourceArn"])
            for key in params["tagKeys"]:
                tags.pop(key, None)
            self.resources.save()
            return {}
        return self._untag(ctx, group_name(params["resourceArn"]), params["tagKeys"])

    def list_tags_for_resource(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        if is_other_resource(params["resourceArn"]):
            return {"tags": dict(tags_of(self.resources, ctx.region, params["resourceArn"]))}
        return {"tags": dict(self._group(ctx, {"logGroupName": group_name(params["resourceArn"])}).tags)}

    def _tag(self, ctx: RequestContext, name: str, tags: dict[str, str]) -> dict[str, Any]:
        self._group(ctx, {"logGroupName": name}).tags.update(tags)
        self.store.dirty = True
        return {}

    def _untag(self, ctx: RequestContext, name: str, keys: list[str]) -> dict[str, Any]:
        tags = self._group(ctx, {"logGroupName": name}).tags
        for key in keys:
            tags.pop(key, None)
        self.store.dirty = True
        return {}


def _check_unprotected(group: LogGroup) -> None:
    """Deletion protection blocks every deletion in the group until it is turned off."""
    if group.deletion_protection:
        raise ValidationException(
            f"Deletion protection is enabled for log group {group.name}. Disable it before deleting."
        )


def _by_stream_name(stream: LogStream) -> tuple[str]:
    return (stream.name,)


def _by_last_event(stream: LogStream) -> tuple[int, str]:
    return (stream.last_event or 0, stream.name)


#: What DescribeLogGroups shows of a group matched by ``logGroupNamePattern`` (LocalStack's AWS-validated
#: test_describe_log_groups_with_pattern, recorded 2026-02-03; the API reference names only the first three).
_PATTERN_MEMBERS = ("logGroupName", "creationTime", "arn", "logGroupArn", "logGroupClass", "metricFilterCount")


def _pattern_match(described: dict[str, Any]) -> dict[str, Any]:
    return {member: described[member] for member in _PATTERN_MEMBERS}


def _name_pattern(pattern: str | None) -> Any:
    """ListLogGroups' ``logGroupNamePattern``: a case-sensitive regular expression (``^`` anchors a prefix,
    ``|`` separates alternatives, ``.`` is any character), searched for in a group name."""
    if not pattern:
        return lambda name: True
    return re.compile(pattern).search
