"""Logs Insights: StartQuery, GetQueryResults, StopQuery, DescribeQueries, GetLogRecord and query definitions.

A query runs when it is started, so the first GetQueryResults finds it
Complete. Queries (their results with them) live in memory, per region;
definitions are also saved to the data directory unless the emulator runs in
memory. A reset drops both. Only Logs Insights QL (``CWLI``) runs;
OpenSearch SQL and PPL are refused.
"""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...aws.context import RequestContext
from ...aws.errors import AwsError
from ..json_files import read_json, write_json
from .base import InvalidParameterException, LogsOperations, ResourceNotFoundException, group_name, page
from .insights.fields import discover
from .insights.lex import QueryError
from .insights.parse import parse_query
from .insights.run import Outcome, compile_query, read_pointer, run_query
from .insights.values import text
from .store import LogGroup, now_ms

#: StartQuery's ``limit`` when none is given, and the most rows one GetQueryResults returns.
DEFAULT_LIMIT = 10_000
#: Queries remembered per region (DescribeQueries lists recent ones); the oldest go first.
MAX_QUERIES = 1_000
DEFAULT_DESCRIBE_QUERIES = 1_000  # Guessed: the model allows 1-1000 and AWS does not say its default.
DEFAULT_DESCRIBE_DEFINITIONS = 1_000  # Guessed, likewise.


class MalformedQueryException(AwsError):
    pass


@dataclass(slots=True)
class QueryRun:
    query_id: str
    query_string: str
    group_names: list[str]
    created: int
    outcome: Outcome
    number: int  # in the order queries started: DescribeQueries' order
    status: str = "Complete"

    def describe(self) -> dict[str, Any]:
        """As DescribeQueries lists it: no duration or bytes scanned (LocalStack's AWS-validated
        snapshot test_logs_queries::test_describe_queries, recorded 2026-02-06)."""
        return {
            "queryLanguage": "CWLI",
            "queryId": self.query_id,
            "queryString": self.query_string,
            "status": self.status,
            "createTime": self.created,
            "logGroupName": self.group_names[0],
        }


class QueryState:
    """Per region: queries by id (oldest first) and query definitions by id.

    Definitions are saved things: with a ``path`` they are written there on every change and read
    back at start. Queries and their results are not kept across restarts.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.runs: dict[str, OrderedDict[str, QueryRun]] = {}
        self.numbers = itertools.count()
        self.definitions: dict[str, dict[str, dict[str, Any]]] = read_json(path) or {}

    def clear(self) -> None:
        self.runs.clear()
        self.definitions.clear()
        self.save()

    def save(self) -> None:
        if self.path is not None:
            write_json(self.path, self.definitions)


class QueryOperations(LogsOperations):
    queries: QueryState

    async def start_query(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        language = params.get("queryLanguage") or "CWLI"
        if language != "CWLI":
            # Not AWS's behaviour: AWS runs OpenSearch SQL and PPL too; the emulator does not.
            raise InvalidParameterException(
                f"Query language {language} is not supported by the emulator; use CWLI."
            )
        groups = self._query_groups(ctx, params)
        start, end = params["startTime"], params["endTime"]
        if end < start:  # (guessed wording)
            raise InvalidParameterException("endTime must be greater than or equal to startTime.")
        source = params["queryString"]
        try:
            pipeline = compile_query(parse_query(source), source)
        except QueryError as error:
            location = {"startCharOffset": error.start, "endCharOffset": error.end}
            raise MalformedQueryException(
                error.message, queryCompileError={"location": location, "message": error.message}
            ) from None
        low, high = start * 1000, end * 1000 + 999  # seconds, both ends inclusive
        events = [  # taken on the event loop; the query then runs in a thread, leaving the loop free
            (group.name, f"{group.account_id}:{group.name}", stream.name, event)
            for group in groups
            for stream in group.streams.values()
            if stream.events and stream.first_event <= high and stream.last_event >= low  # type: ignore[operator]
            for event in stream.events
            if low <= event[0] <= high
        ]
        outcome = await asyncio.to_thread(run_query, pipeline, events, params.get("limit") or DEFAULT_LIMIT)
        outcome.groups_scanned = len(groups)
        run = QueryRun(
            str(uuid.uuid4()),
            _as_described(groups, low, high, source),
            [g.name for g in groups],
            now_ms(),
            outcome,
            next(self.queries.numbers),
        )
        runs = self.queries.runs.setdefault(ctx.region, OrderedDict())
        runs[run.query_id] = run
        while len(runs) > MAX_QUERIES:
            runs.popitem(last=False)
        return {"queryId": run.query_id}

    def get_query_results(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        run = self._run(ctx, params["queryId"])
        rows = run.outcome.rows
        size = params.get("maxItems") or DEFAULT_LIMIT
        offset = _offset(params.get("nextToken"), len(rows))
        answer: dict[str, Any] = {
            "queryLanguage": "CWLI",
            "results": rows[offset : offset + size],
            "statistics": {
                "recordsMatched": float(run.outcome.matched),
                "recordsScanned": float(run.outcome.scanned),
                "estimatedRecordsSkipped": 0.0,
                "bytesScanned": float(run.outcome.bytes_scanned),
                "estimatedBytesSkipped": 0.0,
                "logGroupsScanned": float(run.outcome.groups_scanned),
            },
            "status": run.status,
        }
        if offset + size < len(rows):
            answer["nextToken"] = str(offset + size)
        return answer

    def stop_query(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        run = self._run(ctx, params["queryId"])
        # Every query here has ended by the time it could be stopped; the API reference says
        # stopping one that has ended is an error (the wording is guessed).
        raise InvalidParameterException(f"Query {run.query_id} is not running.")

    def describe_queries(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        wanted_group, status = params.get("logGroupName"), params.get("status")
        language = params.get("queryLanguage")
        found = [  # newest first (guessed order)
            run
            for run in reversed(self.queries.runs.get(ctx.region, {}).values())
            if (wanted_group is None or wanted_group in run.group_names)
            and (status is None or run.status == status)
            and language in (None, "CWLI")
        ]
        size = params.get("maxResults") or DEFAULT_DESCRIBE_QUERIES
        listed, token = page("queries", found, params, size, _by_start, descending=True)
        return {"queries": [run.describe() for run in listed], **({"nextToken": token} if token else {})}

    def get_log_record(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        located = read_pointer(params["logRecordPointer"])
        if located is None:
            # Guessed wording.
            raise InvalidParameterException("The specified log record pointer is not valid.")
        name, stream_name, timestamp, head = located
        group = self.store.group(ctx.region, str(name))
        stream = group.streams.get(str(stream_name)) if group else None
        event = next(
            (e for e in (stream.events if stream else ()) if e[0] == timestamp and e[1][:64] == head),
            None,
        )
        if group is None or stream is None or event is None:
            raise ResourceNotFoundException("The specified log record does not exist.")  # Guessed wording.
        record = discover(f"{group.account_id}:{group.name}", stream.name, event)
        # GetLogRecord spells times as epoch milliseconds.
        record["@timestamp"], record["@ingestionTime"] = str(event[0]), str(event[2])
        return {"logRecord": {key: text(value) for key, value in record.items()}}

    # -- query definitions ----------------------------------------------------

    def put_query_definition(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        definitions = self.queries.definitions.setdefault(ctx.region, {})
        definition_id = params.get("queryDefinitionId")
        if definition_id is not None and definition_id not in definitions:
            raise ResourceNotFoundException("Query definition does not exist.")  # Guessed wording.
        definition_id = definition_id or str(uuid.uuid4())
        # An update replaces every member: those not given are gone (as the API reference says).
        definition: dict[str, Any] = {
            "queryLanguage": params.get("queryLanguage") or "CWLI",
            "queryDefinitionId": definition_id,
            "name": params["name"],
            "queryString": params["queryString"],
            "lastModified": now_ms(),
            "logGroupNames": list(params.get("logGroupNames") or []),
        }
        if params.get("parameters"):
            definition["parameters"] = [dict(p) for p in params["parameters"]]
        definitions[definition_id] = definition
        self.queries.save()
        return {"queryDefinitionId": definition_id}

    def describe_query_definitions(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        prefix = params.get("queryDefinitionNamePrefix") or ""
        language = params.get("queryLanguage")
        found = sorted(
            (
                dict(d)
                for d in self.queries.definitions.get(ctx.region, {}).values()
                if d["name"].startswith(prefix) and language in (None, d["queryLanguage"])
            ),
            key=_by_name,
        )
        listed, token = page(
            "queryDefinitions",
            found,
            params,
            params.get("maxResults") or DEFAULT_DESCRIBE_DEFINITIONS,
            _by_name,
        )
        return {"queryDefinitions": listed, **({"nextToken": token} if token else {})}

    def delete_query_definition(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        definitions = self.queries.definitions.get(ctx.region, {})
        if definitions.pop(params["queryDefinitionId"], None) is None:
            raise ResourceNotFoundException("Query definition does not exist.")  # Guessed wording.
        self.queries.save()
        return {"success": True}

    # -- helpers ----------------------------------------------------------------

    def _query_groups(self, ctx: RequestContext, params: dict[str, Any]) -> list[LogGroup]:
        """The groups of exactly one of logGroupName, logGroupNames and logGroupIdentifiers (names or ARNs)."""
        given = [
            member
            for member in ("logGroupName", "logGroupNames", "logGroupIdentifiers")
            if params.get(member)
        ]
        if len(given) != 1:
            # Guessed wording; the API reference asks for exactly one of the three.
            raise InvalidParameterException(
                "Exactly one of logGroupName, logGroupNames or logGroupIdentifiers must be specified."
            )
        chosen = params[given[0]]
        names = [chosen] if isinstance(chosen, str) else [group_name(identifier) for identifier in chosen]
        groups = []
        for name in dict.fromkeys(names):
            group = self.store.group(ctx.region, name)
            if group is None:
                # AWS passes on an inner service's error whole, its own request id with it.
                raise ResourceNotFoundException(
                    f"Log group '{name}' does not exist for account ID '{ctx.account_id}' (Service: AWSLogs; "
                    f"Status Code: 400; Error Code: ResourceNotFoundException; Request ID: {uuid.uuid4()}; Proxy: null)"
                )
            groups.append(group)
        return groups

    def _run(self, ctx: RequestContext, query_id: str) -> QueryRun:
        run = self.queries.runs.get(ctx.region, {}).get(query_id)
        if run is None:
            raise ResourceNotFoundException("Query does not exist.")  # Guessed wording.
        return run


def _as_described(groups: list[LogGroup], low: int, high: int, source: str) -> str:
    """The query as DescribeQueries shows it: its groups and time range (in ms) written before it
    (``SOURCE "<group>" START=<ms> END=<ms> | <query>``, as AWS recorded it for one group; the
    spelling of several groups is guessed)."""
    names = " ".join(f'"{g.name}"' for g in groups)
    return f"SOURCE {names} START={low} END={high} | {source}"


def _offset(token: str | None, size: int) -> int:
    if token is None:
        return 0
    if not token.isdigit() or int(token) > size:
        raise InvalidParameterException("The specified nextToken is invalid.")
    return int(token)


def _by_start(run: QueryRun) -> tuple[int]:
    return (run.number,)


def _by_name(definition: dict[str, Any]) -> tuple[str, str]:
    return (definition["name"], definition["queryDefinitionId"])
