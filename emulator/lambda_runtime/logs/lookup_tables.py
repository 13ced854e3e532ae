"""Lookup tables (CSV tables Logs Insights queries join with ``lookup``): Create/Get/Describe/Update/
DeleteLookupTable.

A table is its CSV body, kept as given; DescribeLookupTables derives its fields (the header row),
its record count (the other non-empty rows) and its size in bytes. ARN
``arn:aws:logs:<region>:<account>:lookup-table:<name>`` (guessed form). The emulator's Insights
does not run the ``lookup`` command. Tags live in the table (TagResource on its ARN).
"""

from __future__ import annotations

import csv
from typing import Any

from ...aws.context import RequestContext
from .base import (
    InvalidParameterException,
    ResourceAlreadyExistsException,
    ResourceNotFoundException,
    named,
    page,
)
from .state import ResourceState
from .store import now_ms

KIND = "lookupTables"
DEFAULT_LIMIT = 50
_HIDDEN = ("tags", "tableBody", "createdAt")


class LookupTableOperations:
    resources: ResourceState

    def create_lookup_table(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        tables = self.resources.of(ctx.region, KIND)
        name = params["lookupTableName"]
        if name in tables:
            raise ResourceAlreadyExistsException(f"Lookup table {name} already exists.")  # Guessed wording.
        if not params.get("tableBody"):
            raise InvalidParameterException("tableBody is required.")  # Guessed: the emulator runs no query to fill it.
        now = now_ms()
        table = {
            "lookupTableArn": f"arn:aws:logs:{ctx.region}:{ctx.account_id}:lookup-table:{name}",
            "lookupTableName": name,
            **({"description": params["description"]} if params.get("description") else {}),
            **({"kmsKeyId": params["kmsKeyId"]} if params.get("kmsKeyId") else {}),
            "createdAt": now,
            **({"tags": dict(params["tags"])} if params.get("tags") else {}),
        }
        _set_body(table, params["tableBody"], now)
        tables[name] = table
        self.resources.save()
        return {"lookupTableArn": table["lookupTableArn"], "createdAt": now}

    def get_lookup_table(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        table = self._table(ctx, params["lookupTableArn"])
        shown = {k: v for k, v in table.items() if k not in ("tags", "createdAt", "tableFields", "recordsCount")}
        return shown

    def describe_lookup_tables(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        prefix = params.get("lookupTableNamePrefix") or ""
        found = sorted(
            (t for t in self.resources.of(ctx.region, KIND).values() if t["lookupTableName"].startswith(prefix)),
            key=lambda t: t["lookupTableName"],
        )
        listed, token = page(KIND, found, params, params.get("maxResults") or DEFAULT_LIMIT, named("lookupTableName"))
        described = [{k: v for k, v in t.items() if k not in _HIDDEN} for t in listed]
        return {"lookupTables": described, **({"nextToken": token} if token else {})}

    def update_lookup_table(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        table = self._table(ctx, params["lookupTableArn"])
        for member in ("description", "kmsKeyId"):
            if params.get(member) is not None:
                table[member] = params[member]
        now = now_ms()
        if params.get("tableBody"):
            _set_body(table, params["tableBody"], now)
        table["lastUpdatedTime"] = now
        self.resources.save()
        return {"lookupTableArn": table["lookupTableArn"], "lastUpdatedTime": now}

    def delete_lookup_table(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        table = self._table(ctx, params["lookupTableArn"])
        del self.resources.of(ctx.region, KIND)[table["lookupTableName"]]
        self.resources.save()
        return {}

    def _table(self, ctx: RequestContext, arn: str) -> dict[str, Any]:
        name = arn.rsplit(":lookup-table:", 1)[-1]
        table = self.resources.of(ctx.region, KIND).get(name)
        if table is None or table["lookupTableArn"] != arn:
            raise ResourceNotFoundException("The specified lookup table does not exist.")  # Guessed wording.
        return table


def _set_body(table: dict[str, Any], body: str, now: int) -> None:
    rows = [row for row in csv.reader(body.splitlines()) if row]
    if not rows:
        raise InvalidParameterException("The table body must start with a header row.")  # Guessed wording.
    table.update(
        tableBody=body, tableFields=rows[0], recordsCount=len(rows) - 1, sizeBytes=len(body.encode()), lastUpdatedTime=now
    )
