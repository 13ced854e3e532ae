"""The ``json`` protocol (DynamoDB, DynamoDB Streams, CloudWatch Logs).

``POST /`` with ``X-Amz-Target: <prefix>.<Operation>`` and a JSON body whose
members are the operation's input. Members are passed to providers as they came
on the wire: blobs stay base64 text, timestamps epoch numbers.
"""

from __future__ import annotations

import logging
import zlib
from typing import Any

import orjson

from .context import RequestContext
from .errors import AwsError, InternalFailure, SerializationException, UnknownOperationException, status_of
from .http import Response
from .serialize import dumps_json
from .service import Service

log = logging.getLogger("emulator.aws")


class JsonProtocol:
    def __init__(self, service: Service) -> None:
        self.service = service
        version = service.model.metadata.get("jsonVersion", "1.0")
        self.content_type = f"application/x-amz-json-{version}".encode()

    async def handle(self, operation_name: str, body: bytes, ctx: RequestContext) -> Response:
        ctx.service = self.service.name
        ctx.operation = operation_name
        try:
            operation = self.service.operations.get(operation_name)
            if operation is None:
                raise UnknownOperationException()
            params = _parse_body(body)
            result = await self.service.call(operation, ctx, params)
            if isinstance(result, Response):  # framed by its provider: an event stream (Logs' StartLiveTail)
                return result
            return self._respond(200, dumps_json(result) if result else b"{}", ctx)
        except AwsError as error:
            return self.error_response(error, ctx)
        except Exception:
            log.exception("internal error in %s.%s", self.service.name, operation_name)
            return self.error_response(InternalFailure("Internal server error"), ctx)

    def error_response(self, error: AwsError, ctx: RequestContext) -> Response:
        namespace = error.namespace or self.service.error_namespace
        code = error.error_code
        body: dict[str, Any] = {"__type": f"{namespace}#{code}" if namespace else code}
        if error.message is not None:
            body[error.message_key] = error.message
        body.update(error.fields)
        return self._respond(status_of(error), dumps_json(body), ctx)

    def _respond(self, status: int, payload: bytes, ctx: RequestContext) -> Response:
        headers = [
            (b"content-type", self.content_type),
            (b"x-amzn-requestid", ctx.request_id.encode()),
        ]
        if self.service.add_crc32:
            headers.append((b"x-amz-crc32", str(zlib.crc32(payload)).encode()))
        return Response(status, payload, headers)


def _parse_body(body: bytes) -> dict[str, Any]:
    if not body:
        return {}
    try:
        params = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise SerializationException() from None
    if not isinstance(params, dict):
        raise SerializationException("Start of list found where not expected" if isinstance(params, list) else None)
    return params
