"""PartiQL: ExecuteStatement, BatchExecuteStatement, ExecuteTransaction.

Statements are parsed (``parser``), planned onto DynamoDB operations
(``planner``) and run through the provider's own operations (``executor``),
so PartiQL sees exactly the semantics and errors of the item API.
"""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from ...aws.errors import AwsError, ValidationException
from ..capacity import write_units
from ..errors import TransactionCanceledException
from ..operations.batch import add_capacity
from . import executor, planner
from .index_reads import check_index_read
from .nodes import Exists, Select, Statement
from .parser import parse

#: BatchStatementError codes for the exceptions a statement may raise.
_BATCH_ERROR_CODES = {
    "ValidationException": "ValidationError",
    "ConditionalCheckFailedException": "ConditionalCheckFailed",
    "ResourceNotFoundException": "ResourceNotFound",
    "DuplicateItemException": "DuplicateItem",
    "TransactionConflictException": "TransactionConflict",
    "ItemCollectionSizeLimitExceededException": "ItemCollectionSizeLimitExceeded",
}

#: Members whose write was attempted and refused by its condition (or an INSERT's existing key).
_ATTEMPTED_WRITES = frozenset({"ConditionalCheckFailedException", "DuplicateItemException"})


def execute_statement(provider: Any, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    statement = parse(params["Statement"], params.get("Parameters"))
    if isinstance(statement, Select):
        keys = planner.key_names(provider, ctx, statement.table, statement.index)
        if statement.index is not None:
            check_index_read(provider, ctx, statement, bool(params.get("ConsistentRead")))
        return executor.read_page(provider, ctx, planner.plan_reads(statement, keys), params)
    return executor.statement_output(
        executor.write(provider, ctx, planner.plan_write(provider, ctx, statement), params)
    )


def batch_execute_statement(provider: Any, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    parsed: list[Statement | AwsError] = []
    for request in params["Statements"]:
        try:
            parsed.append(parse(request["Statement"], request.get("Parameters")))
        except AwsError as error:
            parsed.append(error)
    statements = [statement for statement in parsed if not isinstance(statement, AwsError)]
    reads = sum(isinstance(statement, Select) for statement in statements)
    if 0 < reads < len(statements):
        raise ValidationException("Read and write requests together in the same batch is not supported.")
    # Statements that cannot be planned fail alone, without a TableName; the rest run.
    plans = [
        statement if isinstance(statement, AwsError) else _planned(provider, ctx, statement)
        for statement in parsed
    ]
    # Reads of one item twice are refused as writes are (dynoxide's AWS capture V2, eu-west-2 2026-08-13).
    _check_distinct_items(plans)

    capacity: dict[str, dict[str, Any]] = {}
    attempted: list[dict[str, Any] | None] = []
    responses = []
    for request, plan in zip(params["Statements"], plans, strict=True):
        if isinstance(plan, AwsError):
            responses.append(_batch_error(plan, None))
            continue
        try:
            result = _run_in_batch(provider, ctx, plan, request, params.get("ReturnConsumedCapacity"))
        except AwsError as error:
            responses.append(_batch_error(error, plan.table))
            if error.error_code in _ATTEMPTED_WRITES and params.get("ReturnConsumedCapacity") in ("TOTAL", "INDEXES"):
                attempted.append(_attempted_write(provider, ctx, plan))
            continue
        add_capacity(capacity, result.get("ConsumedCapacity"))
        response: dict[str, Any] = {"TableName": plan.table}
        item = result.get("Item") or result.get("Attributes")
        if item:
            response["Item"] = item
        responses.append(response)
    out: dict[str, Any] = {"Responses": responses}
    if capacity:
        # Failed members are billed only beside a success: a batch where nothing succeeded
        # reports no capacity at all (dynoxide's AWS captures M1 and M4).
        for summary in attempted:
            add_capacity(capacity, summary)
        out["ConsumedCapacity"] = list(capacity.values())
    return out


def _planned(provider: Any, ctx: RequestContext, statement: Statement) -> planner.Plan | AwsError:
    try:
        if isinstance(statement, Select):
            if statement.index is not None:  # an index read never names one item by the table's key
                planner.check_batch_index_read(provider, ctx, statement)
                raise ValidationException(planner.single_item_select(in_transaction=False))
            keys = planner.key_names(provider, ctx, statement.table)
            return planner.plan_get(statement, keys, in_transaction=False)
        return planner.plan_write(provider, ctx, statement)
    except AwsError as error:
        return error


def _check_distinct_items(plans: list[planner.Plan | AwsError]) -> None:
    seen: set[tuple[str, str]] = set()
    for plan in plans:
        if isinstance(plan, planner.Plan):
            identity = (plan.table, repr(sorted((plan.key or {}).items())))
            if identity in seen:
                raise ValidationException("Provided list of item keys contains duplicates")
            seen.add(identity)


def _run_in_batch(
    provider: Any, ctx: RequestContext, plan: planner.Plan, request: dict[str, Any], capacity_mode: str | None
) -> dict[str, Any]:
    if plan.operation == "get_item":
        options = {"ConsistentRead": request.get("ConsistentRead"), "ReturnConsumedCapacity": capacity_mode}
        return provider.get_item(ctx, {**plan.params, **{k: v for k, v in options.items() if v is not None}})  # type: ignore[no-any-return]
    # A member's failed condition never carries the item back, whatever its
    # ReturnValuesOnConditionCheckFailure says (dynoxide's AWS capture B7-B11, eu-west-2 2026-08).
    member = {name: value for name, value in request.items() if name != "ReturnValuesOnConditionCheckFailure"}
    return executor.write(provider, ctx, plan, {**member, "ReturnConsumedCapacity": capacity_mode})


def _attempted_write(provider: Any, ctx: RequestContext, plan: planner.Plan) -> dict[str, Any] | None:
    """The write a member whose condition failed is charged, on the table's total and on no arm
    (dynoxide's AWS capture B10): sized on the item it found, as a failed conditional write is."""
    table = provider.store.find(ctx.region, plan.table)
    if table is None or plan.key is None:
        return None
    stored = table.get(*table.keys.request_key(plan.key))
    return {"TableName": plan.table, "CapacityUnits": write_units(stored)}


def _batch_error(error: AwsError, table: str | None) -> dict[str, Any]:
    detail: dict[str, Any] = {
        "Code": _BATCH_ERROR_CODES.get(error.error_code, "InternalServerError"),
        "Message": error.message or "",
    }
    response: dict[str, Any] = {"Error": detail}
    if table:
        response["TableName"] = table
    return response


def execute_transaction(provider: Any, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    requests = params["TransactStatements"]
    statements = [parse(request["Statement"], request.get("Parameters")) for request in requests]
    for position, statement in enumerate(statements):
        problem = _transaction_problem(statement)
        if problem:
            raise ValidationException(f"Validation failed in TransactStatements[{position}]: {problem}")
    reads = sum(isinstance(statement, Select) for statement in statements)
    if 0 < reads < len(statements):
        raise ValidationException(
            "ExecuteTransaction API does not support both read and write operations in the same request."
        )
    common = {
        name: params[name]
        for name in ("ReturnConsumedCapacity", "ClientRequestToken")
        if params.get(name) is not None
    }
    if reads:
        gets = []
        for statement in statements:
            assert isinstance(statement, Select)
            keys = planner.key_names(provider, ctx, statement.table, statement.index)
            gets.append(executor.transact_item(planner.plan_get(statement, keys, in_transaction=True), {}))
        common.pop("ClientRequestToken", None)
        result = provider.transact_get_items(ctx, {"TransactItems": gets, **common})
        out: dict[str, Any] = {"Responses": result.get("Responses", [])}
    else:
        plans = [_plan_transact_write(provider, ctx, statement) for statement in statements]
        actions = [
            executor.transact_item(plan, request) for plan, request in zip(plans, requests, strict=True)
        ]
        try:
            result = provider.transact_write_items(ctx, {"TransactItems": actions, **common})
        except TransactionCanceledException as error:
            raise _with_duplicates(error, plans) from None
        # AWS answers writes with an empty Responses list (LocalStack's AWS-validated snapshot
        # test_dynamodb_execute_transaction).
        out = {"Responses": []}
    if result.get("ConsumedCapacity"):
        out["ConsumedCapacity"] = result["ConsumedCapacity"]
    return out


def _transaction_problem(statement: Statement) -> str | None:
    """What makes a statement unfit for ExecuteTransaction, in AWS's words."""
    if isinstance(statement, Select) and statement.index is not None:
        return "Reads on indices are not supported within transactions."
    if getattr(statement, "returning", None) is not None:
        return "RETURNING clause is not supported in ExecuteTransaction."
    return None


def _plan_transact_write(provider: Any, ctx: RequestContext, statement: Statement) -> planner.Plan:
    if isinstance(statement, Exists):
        return planner.plan_check(statement, planner.key_names(provider, ctx, statement.table))
    return planner.plan_write(provider, ctx, statement)


def _with_duplicates(
    error: TransactionCanceledException, plans: list[planner.Plan]
) -> TransactionCanceledException:
    """An INSERT's failed condition is reported as DuplicateItem, as AWS does."""
    reasons = [dict(reason) for reason in error.fields.get("CancellationReasons", [])]
    changed = False
    for plan, reason in zip(plans, reasons, strict=False):
        if plan.is_insert and reason.get("Code") == "ConditionalCheckFailed":
            reason.clear()
            reason.update(Code="DuplicateItem", Message=executor.DUPLICATE)
            changed = True
    if not changed:
        return error
    codes = ", ".join(reason.get("Code", "None") for reason in reasons)
    message = f"Transaction cancelled, please refer cancellation reasons for specific reasons [{codes}]"
    return TransactionCanceledException(message, **{**error.fields, "CancellationReasons": reasons})
