"""Scan, including parallel scan: segments are ranges of partition tokens."""

from __future__ import annotations

from typing import Any

from ...aws.errors import ValidationException
from ..partitions import segment_of
from ..stale import entries_as_of, read_point
from .common import check_scalar_keys, table_for, translated
from .expr import Expressions
from .reads import Page, check_select, check_start_values, start_key, target

Params = dict[str, Any]


def _check_segments(params: Params) -> tuple[int, int]:
    segment, total = params.get("Segment"), params.get("TotalSegments")
    if segment is None and total is None:
        return 0, 1
    if total is None:
        raise ValidationException(
            "The TotalSegments parameter is required but was not present in the request when Segment parameter is present"
        )
    if segment is None:
        raise ValidationException(
            "The Segment parameter is required but was not present in the request when parameter TotalSegments is present"
        )
    if segment >= total:
        raise ValidationException(
            "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
            f"Segment: {segment} is not less than TotalSegments: {total}"
        )
    return segment, total


def scan(provider: Any, ctx: Any, params: Params) -> Params:
    check_select(params, "")
    segment, total = _check_segments(params)
    check_start_values(params)
    params = translated("Scan", params)
    expressions = Expressions(params)
    filter_ = expressions.condition("FilterExpression")
    projection = expressions.projection()
    expressions.check_all_used(filter_, projection)
    table = table_for(provider.store, ctx, params)
    index = target(table, params)
    start = start_key(params, table, index)
    position = None
    if start is not None:
        position = index.position(start) if index is not None else table.keys.item_key(start)
        if total > 1 and position is not None and segment_of(position[0], total) != segment:
            raise ValidationException(
                "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey "
                f"with correct Segment. TotalSegments: {total} Segment: {segment}"
            )
    if ctx.operation == "Scan":  # PartiQL's SELECT and WHERE may read keys as they like
        check_scalar_keys(table, filter_)
        check_scalar_keys(table, projection)
    entries = entries_as_of(table, index, read_point(provider.store, table, params))
    page = Page(params, table, index, filter_, projection, embed=ctx.operation == "Scan")
    page.read(entries.scan(position, segment, total))
    return page.response()
