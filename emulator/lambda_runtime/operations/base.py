"""What every group of Lambda operations shares: the registry, the invoker, common checks."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from ...aws import markers
from ...aws.context import RequestContext
from ...config import Settings
from ..code import HOT_RELOAD_BUCKET, Code, decode_zip, hot_reload_code
from ..errors import (
    AccessDeniedException,
    InvalidParameterValueException,
    RequestEntityTooLargeException,
    ResourceNotFoundException,
    revision_mismatch,
)
from ..functions import Function, Version
from ..invoker import Invoker
from ..names import FunctionRef, parse_function_name
from ..registry import Registry
from ..stream_poller import StreamPoller

Item = TypeVar("Item")

MAX_LAYERS = 5
#: A directly uploaded zip may be 50 MB, a CreateFunction or UpdateFunctionCode request (the zip in
#: base64) 70167211 bytes: LocalStack's AWS-validated TestLambdaSizeLimits recorded both wordings.
MAX_ZIPPED_BYTES = 52_428_800
MAX_REQUEST_BYTES = 70_167_211
#: The operations AWS answers a zip over 50 MB in its own words; others by the request's size.
_ZIPPED_SIZE_WORDED = frozenset({"CreateFunction", "UpdateFunctionCode"})
DEFAULT_PAGE = 50
#: The most a page holds whatever MaxItems asks, as the operations' MaxItems documentation says:
#: ListFunctions and ListVersionsByFunction 50, ListEventSourceMappings 100.
MAX_FUNCTIONS_PAGE = 50
MAX_MAPPINGS_PAGE = 100

#: The emulator runs zip packages only: no container runtime to run images with.
IMAGES_UNSUPPORTED = "Container image functions are not supported by the emulator."


def page(
    listing: str,
    items: list[Item],
    params: dict[str, Any],
    key: Callable[[Item], markers.Key] | None = None,
    identity: Callable[[Item], Any] | None = None,
    cap: int | None = None,
) -> tuple[list[Item], str | None]:
    """One page of a listing and its ``NextMarker``: ``MaxItems`` items (50 by default) after ``Marker``.

    A listing sorted by ``key`` resumes after the last item's key; one kept in creation
    order resumes at the next page's first item, found by ``identity``. ``cap``: the
    most a page holds whatever ``MaxItems`` asks, and its size when ``MaxItems`` is not given.
    """
    marker = params.get("Marker")
    after = None
    if marker is not None:
        after = markers.decode(listing, marker) if key else markers.decode_position(listing, marker)
        if after is None:  # as AWS answers ListLayers a marker it did not issue (measured by floci)
            raise InvalidParameterValueException("Invalid pagination key.")
    size = params.get("MaxItems") or cap or DEFAULT_PAGE
    size = min(size, cap) if cap else size
    if key:
        found, last = markers.window(items, size, after, key)
    else:
        found, last = markers.following(items, size, after, identity)
    return found, (markers.encode(listing, last) if last is not None else None)


def check_region(ctx: RequestContext, ref: FunctionRef) -> None:
    if ref.region is not None and ref.region != ctx.region:
        raise ResourceNotFoundException(f"Functions from '{ref.region}' are not reachable in this region ('{ctx.region}')")


def request_too_large(operation: str) -> RequestEntityTooLargeException:
    return RequestEntityTooLargeException(f"Request must be smaller than {MAX_REQUEST_BYTES} bytes for the {operation} operation")


def check_request_size(ctx: RequestContext, operation: str) -> None:
    """A request over AWS's limit is refused before anything in it is looked at (its environment's size included)."""
    length = ctx.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_REQUEST_BYTES:
        raise request_too_large(operation)


def check_account(ctx: RequestContext, name: str) -> None:
    """A function ARN (full or partial) naming another account: AWS denies access, with a null message."""
    parts = name.split(":")
    if parts[0] == "arn" and len(parts) > 4:
        account: str | None = parts[4]
    elif len(parts) >= 3 and parts[1] == "function":
        account = parts[0]
    else:
        account = None
    if account is not None and account != ctx.account_id:
        raise AccessDeniedException()


class LambdaOperations:
    settings: Settings
    registry: Registry
    invoker: Invoker
    #: The DynamoDB Streams provider (event source mappings read streams only through it).
    streams: Any
    pollers: dict[str, StreamPoller]

    def find(self, ctx: RequestContext, name: str, qualifier: str | None = None) -> tuple[Function, str | None]:
        """The function a caller names, and its qualifier; an ARN of another region is refused, as AWS does."""
        check_region(ctx, parse_function_name(name, qualifier))
        return self.registry.find(ctx.region, ctx.account_id, name, qualifier)

    def lookup(self, ctx: RequestContext, name: str, qualifier: str | None = None) -> tuple[FunctionRef, Function | None]:
        """The caller's reference and the function it names, if any: for operations that word a missing function their own way."""
        ref = parse_function_name(name, qualifier)
        check_region(ctx, ref)  # so the function is in ctx.region
        return ref, self.registry.functions.get(ctx.region, {}).get(ref.name)

    def code_location(self, code: Code) -> str:
        """Where ``GetFunction``'s ``Code.Location`` says the zip can be downloaded."""
        return f"{self.settings.endpoint_url}/_emulator/lambda/code/{code.digest or 'hot-reload'}.zip"

    async def code_from(self, source: dict[str, Any], operation: str) -> Code:
        """``Code`` (CreateFunction), UpdateFunctionCode's code members, or a layer's ``Content``."""
        if source.get("ZipFile"):
            data = decode_zip(source["ZipFile"]) if isinstance(source["ZipFile"], str) else source["ZipFile"]
            if len(data) > MAX_ZIPPED_BYTES:
                if operation in _ZIPPED_SIZE_WORDED:
                    raise RequestEntityTooLargeException(f"Zipped size must be smaller than {MAX_ZIPPED_BYTES} bytes")
                raise request_too_large(operation)
            return await asyncio.to_thread(self.registry.code.store_zip, data)
        if source.get("S3Bucket") == HOT_RELOAD_BUCKET:
            return hot_reload_code(source.get("S3Key") or "")
        if source.get("S3Bucket"):
            raise InvalidParameterValueException(
                "Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist"
            )
        if source.get("ImageUri"):
            raise InvalidParameterValueException(IMAGES_UNSUPPORTED)
        raise InvalidParameterValueException("Please provide a source for function code.")

    def resolve_layers(self, region: str, arns: list[str]) -> tuple[list[dict[str, Any]], list[str]]:
        """``Layers`` as the configuration shows them, and their folders in order."""
        if len(arns) > MAX_LAYERS:
            raise InvalidParameterValueException(f"Cannot reference more than {MAX_LAYERS} layers.")
        shown: list[dict[str, Any]] = []
        folders: list[str] = []
        seen: dict[str, str] = {}  # layer ARN -> the version ARN that named it first
        for arn in arns:
            parts = arn.split(":")
            if len(parts) == 8 and parts[3] != region:
                raise InvalidParameterValueException(
                    f"Layers are not in the same region as the function. Layers are expected to be in region {region}."
                )
            layer_arn = arn.rsplit(":", 1)[0]
            if layer_arn in seen:
                raise InvalidParameterValueException(
                    "Two different versions of the same layer are not allowed to be referenced in the same function. "
                    f"{seen[layer_arn]} and {arn} are versions of the same layer."
                )
            seen[layer_arn] = arn
            layer = self.registry.layer(parts[3], parts[6]) if len(parts) == 8 and parts[5] == "layer" else None
            found = layer.versions.get(int(parts[7])) if layer and parts[7].isdigit() else None
            if found is None:
                raise InvalidParameterValueException(f"Layer version {arn} does not exist.")
            shown.append({"Arn": arn, "CodeSize": found.code.size})
            folders.append(found.code.directory)
        return shown, folders

    @staticmethod
    def check_revision(params: dict[str, Any], version: Version | Function) -> None:
        expected = params.get("RevisionId")
        actual = (version if isinstance(version, Version) else version.latest).shown_revision_id
        if expected is not None and expected != actual:
            raise revision_mismatch()
