"""DynamoDB's operations (the provider); each delegates to its module in ``operations/``.

The store (``store.py``) holds the tables; ``provider.store`` is what
persistence, streams and TTL subscribe to.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..aws.context import RequestContext
from ..aws.errors import ValidationException
from ..config import Settings
from . import backups
from .consistency import Replication
from .operations import (
    account,
    batch,
    bulk,
    insights,
    items,
    kinesis_destinations,
    legacy_global_tables,
    policies,
    query,
    replicas,
    scan,
    search_vectors,
    tables,
    tags_ttl,
    transactions,
)
from .operations.common import check_name
from .store import Store
from .values import Layered, ValueProblem, in_current_layer

Params = dict[str, Any]


LAYERED_OPERATIONS = frozenset({"PutItem", "GetItem", "UpdateItem", "DeleteItem", "Query", "BatchGetItem"})


def _current_layer(operation: Any, ctx: RequestContext, params: Params, provider: Any, enveloped: bool) -> Params:
    """Run ``operation``, answering a bad number or duplicate set member in AWS's newer wording."""
    if ctx.operation not in LAYERED_OPERATIONS:  # PartiQL's statements keep the older wording
        return operation(provider, ctx, params)  # type: ignore[no-any-return]
    with _table_name_first(provider, ctx, params):
        try:
            return operation(provider, ctx, params)  # type: ignore[no-any-return]
        except Layered as error:
            if not enveloped and not isinstance(error, ValueProblem):
                raise
            raise in_current_layer(error, enveloped) from None


@contextmanager
def _table_name_first(provider: Any, ctx: RequestContext, params: Params) -> Iterator[None]:
    """AWS refuses a malformed TableName before anything else in the request (moto's aws_verified
    test_update_item_with_invalid_table_name); the operations look the table up only after their
    static checks, so a refused request is checked here. A table that exists has a valid name."""
    try:
        yield
    except ValidationException:
        name = params.get("TableName")
        if name is not None and provider.store.find(ctx.region, name) is None:
            check_name(name)
        raise


class DynamoDBProvider:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = Store(Replication(settings))
        #: ClientRequestToken -> (time, request fingerprint, response to a replay) for TransactWriteItems.
        self.transaction_tokens: dict[str, tuple[float, bytes, Params]] = {}

    def reset(self) -> None:
        self.store.clear()
        self.transaction_tokens.clear()

    # -- tables ---------------------------------------------------------------

    def create_table(self, ctx: RequestContext, params: Params) -> Params:
        return tables.create_table(self, ctx, params)

    def describe_table(self, ctx: RequestContext, params: Params) -> Params:
        return tables.describe_table(self, ctx, params)

    def list_tables(self, ctx: RequestContext, params: Params) -> Params:
        return tables.list_tables(self, ctx, params)

    def update_table(self, ctx: RequestContext, params: Params) -> Params:
        return tables.update_table(self, ctx, params)

    def delete_table(self, ctx: RequestContext, params: Params) -> Params:
        return tables.delete_table(self, ctx, params)

    def describe_table_replica_auto_scaling(self, ctx: RequestContext, params: Params) -> Params:
        return replicas.describe_table_replica_auto_scaling(self, ctx, params)

    def update_table_replica_auto_scaling(self, ctx: RequestContext, params: Params) -> Params:
        return replicas.update_table_replica_auto_scaling(self, ctx, params)

    # -- global tables version 2017.11.29 (2019.11.21 is UpdateTable's) ------

    def create_global_table(self, ctx: RequestContext, params: Params) -> Params:
        return legacy_global_tables.create_global_table(self, ctx, params)

    def describe_global_table(self, ctx: RequestContext, params: Params) -> Params:
        return legacy_global_tables.describe_global_table(self, ctx, params)

    def list_global_tables(self, ctx: RequestContext, params: Params) -> Params:
        return legacy_global_tables.list_global_tables(self, ctx, params)

    def update_global_table(self, ctx: RequestContext, params: Params) -> Params:
        return legacy_global_tables.update_global_table(self, ctx, params)

    def describe_global_table_settings(self, ctx: RequestContext, params: Params) -> Params:
        return legacy_global_tables.describe_global_table_settings(self, ctx, params)

    def update_global_table_settings(self, ctx: RequestContext, params: Params) -> Params:
        return legacy_global_tables.update_global_table_settings(self, ctx, params)

    # -- Contributor Insights -------------------------------------------------

    def update_contributor_insights(self, ctx: RequestContext, params: Params) -> Params:
        return insights.update_contributor_insights(self, ctx, params)

    def describe_contributor_insights(self, ctx: RequestContext, params: Params) -> Params:
        return insights.describe_contributor_insights(self, ctx, params)

    def list_contributor_insights(self, ctx: RequestContext, params: Params) -> Params:
        return insights.list_contributor_insights(self, ctx, params)

    def describe_time_to_live(self, ctx: RequestContext, params: Params) -> Params:
        return tags_ttl.describe_time_to_live(self, ctx, params)

    def update_time_to_live(self, ctx: RequestContext, params: Params) -> Params:
        return tags_ttl.update_time_to_live(self, ctx, params)

    def tag_resource(self, ctx: RequestContext, params: Params) -> Params:
        return tags_ttl.tag_resource(self, ctx, params)

    def untag_resource(self, ctx: RequestContext, params: Params) -> Params:
        return tags_ttl.untag_resource(self, ctx, params)

    def list_tags_of_resource(self, ctx: RequestContext, params: Params) -> Params:
        return tags_ttl.list_tags_of_resource(self, ctx, params)

    def put_resource_policy(self, ctx: RequestContext, params: Params) -> Params:
        return policies.put_resource_policy(self, ctx, params)

    def get_resource_policy(self, ctx: RequestContext, params: Params) -> Params:
        return policies.get_resource_policy(self, ctx, params)

    def delete_resource_policy(self, ctx: RequestContext, params: Params) -> Params:
        return policies.delete_resource_policy(self, ctx, params)

    def describe_limits(self, ctx: RequestContext, params: Params) -> Params:
        return account.describe_limits(self, ctx, params)

    def describe_endpoints(self, ctx: RequestContext, params: Params) -> Params:
        return account.describe_endpoints(self, ctx, params)

    # -- items ----------------------------------------------------------------

    def put_item(self, ctx: RequestContext, params: Params) -> Params:
        return _current_layer(items.put_item, ctx, params, self, enveloped=True)

    def get_item(self, ctx: RequestContext, params: Params) -> Params:
        return _current_layer(items.get_item, ctx, params, self, enveloped=False)

    def update_item(self, ctx: RequestContext, params: Params) -> Params:
        return _current_layer(items.update_item, ctx, params, self, enveloped=True)

    def delete_item(self, ctx: RequestContext, params: Params) -> Params:
        return _current_layer(items.delete_item, ctx, params, self, enveloped=True)

    def query(self, ctx: RequestContext, params: Params) -> Params:
        return _current_layer(query.query, ctx, params, self, enveloped=False)

    def scan(self, ctx: RequestContext, params: Params) -> Params:
        with _table_name_first(self, ctx, params):
            return scan.scan(self, ctx, params)

    def search_vectors(self, ctx: RequestContext, params: Params) -> Params:
        with _table_name_first(self, ctx, params):
            return search_vectors.search_vectors(self, ctx, params)

    def batch_get_item(self, ctx: RequestContext, params: Params) -> Params:
        return _current_layer(batch.batch_get_item, ctx, params, self, enveloped=False)

    def batch_write_item(self, ctx: RequestContext, params: Params) -> Params:
        return batch.batch_write_item(self, ctx, params)

    def transact_write_items(self, ctx: RequestContext, params: Params) -> Params:
        return transactions.transact_write_items(self, ctx, params)

    def transact_get_items(self, ctx: RequestContext, params: Params) -> Params:
        return transactions.transact_get_items(self, ctx, params)

    # -- PartiQL --------------------------------------------------------------

    # PartiQL's parser and planner load on the first statement: most sessions never send one,
    # and every test suite's emulator would pay for them at start-up.
    def execute_statement(self, ctx: RequestContext, params: Params) -> Params:
        from . import partiql

        return partiql.execute_statement(self, ctx, params)

    def batch_execute_statement(self, ctx: RequestContext, params: Params) -> Params:
        from . import partiql

        return partiql.batch_execute_statement(self, ctx, params)

    def execute_transaction(self, ctx: RequestContext, params: Params) -> Params:
        from . import partiql

        return partiql.execute_transaction(self, ctx, params)

    # -- backups, point-in-time recovery, export and import -------------------

    def create_backup(self, ctx: RequestContext, params: Params) -> Params:
        return backups.create_backup(self, ctx, params)

    def describe_backup(self, ctx: RequestContext, params: Params) -> Params:
        return backups.describe_backup(self, ctx, params)

    def list_backups(self, ctx: RequestContext, params: Params) -> Params:
        return backups.list_backups(self, ctx, params)

    def delete_backup(self, ctx: RequestContext, params: Params) -> Params:
        return backups.delete_backup(self, ctx, params)

    def restore_table_from_backup(self, ctx: RequestContext, params: Params) -> Params:
        return backups.restore_table_from_backup(self, ctx, params)

    def update_continuous_backups(self, ctx: RequestContext, params: Params) -> Params:
        return backups.update_continuous_backups(self, ctx, params)

    def describe_continuous_backups(self, ctx: RequestContext, params: Params) -> Params:
        return backups.describe_continuous_backups(self, ctx, params)

    def restore_table_to_point_in_time(self, ctx: RequestContext, params: Params) -> Params:
        return backups.restore_table_to_point_in_time(self, ctx, params)

    def export_table_to_point_in_time(self, ctx: RequestContext, params: Params) -> Params:
        return backups.export_table_to_point_in_time(self, ctx, params)

    def describe_export(self, ctx: RequestContext, params: Params) -> Params:
        return backups.describe_export(self, ctx, params)

    def list_exports(self, ctx: RequestContext, params: Params) -> Params:
        return backups.list_exports(self, ctx, params)

    def import_table(self, ctx: RequestContext, params: Params) -> Params:
        return backups.import_table(self, ctx, params)

    def describe_import(self, ctx: RequestContext, params: Params) -> Params:
        return backups.describe_import(self, ctx, params)

    def list_imports(self, ctx: RequestContext, params: Params) -> Params:
        return backups.list_imports(self, ctx, params)

    # -- bulk operations ------------------------------------------------------

    def start_bulk_put_items(self, ctx: RequestContext, params: Params) -> Params:
        return bulk.start_bulk_put_items(self, ctx, params)

    def describe_bulk_operation(self, ctx: RequestContext, params: Params) -> Params:
        return bulk.describe_bulk_operation(self, ctx, params)

    def list_bulk_operations(self, ctx: RequestContext, params: Params) -> Params:
        return bulk.list_bulk_operations(self, ctx, params)

    def cancel_bulk_operation(self, ctx: RequestContext, params: Params) -> Params:
        return bulk.cancel_bulk_operation(self, ctx, params)

    # -- Kinesis Data Streams destinations (there is no Kinesis here) ---------

    def describe_kinesis_streaming_destination(self, ctx: RequestContext, params: Params) -> Params:
        return kinesis_destinations.describe_kinesis_streaming_destination(self, ctx, params)

    def enable_kinesis_streaming_destination(self, ctx: RequestContext, params: Params) -> Params:
        return kinesis_destinations.enable_kinesis_streaming_destination(self, ctx, params)

    def disable_kinesis_streaming_destination(self, ctx: RequestContext, params: Params) -> Params:
        return kinesis_destinations.disable_kinesis_streaming_destination(self, ctx, params)

    def update_kinesis_streaming_destination(self, ctx: RequestContext, params: Params) -> Params:
        return kinesis_destinations.update_kinesis_streaming_destination(self, ctx, params)
