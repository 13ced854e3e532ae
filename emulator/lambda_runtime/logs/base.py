"""What CloudWatch Logs' operation groups share: the store, group and stream lookups, errors and paging."""

from __future__ import annotations

from typing import Any

from ...aws import markers
from ...aws.context import RequestContext
from ...aws.errors import AwsError
from ...aws.wording import violation
from .store import LogGroup, LogStore, LogStream


class ResourceNotFoundException(AwsError):
    pass


class ResourceAlreadyExistsException(AwsError):
    pass


class InvalidParameterException(AwsError):
    pass


class LimitExceededException(AwsError):
    pass


class AccessDeniedException(AwsError):
    pass


class ValidationException(AwsError):
    pass


def group_not_found() -> ResourceNotFoundException:
    return ResourceNotFoundException("The specified log group does not exist.")


class LogsOperations:
    store: LogStore

    def _group(self, ctx: RequestContext, params: dict[str, Any]) -> LogGroup:
        """The group ``logGroupName`` names, or ``logGroupIdentifier`` (a name or an ARN), never both."""
        if params.get("logGroupName") and params.get("logGroupIdentifier"):
            raise ValidationException("LogGroup name and LogGroup ARN are mutually exclusive parameters.")
        name = params.get("logGroupName") or group_name(params.get("logGroupIdentifier") or "")
        group = self.store.group(ctx.region, name)
        if group is None:
            raise group_not_found()
        return group

    @staticmethod
    def _stream(group: LogGroup, name: str) -> LogStream:
        stream = group.streams.get(name)
        if stream is None:
            raise ResourceNotFoundException("The specified log stream does not exist.")
        return stream


def group_name(identifier: str) -> str:
    """The log group a name or ARN names (``arn:aws:logs:<region>:<account>:log-group:<name>``, ``:*`` allowed)."""
    if ":log-group:" not in identifier:
        return identifier
    name = identifier.split(":log-group:", 1)[1]
    return name[:-2] if name.endswith(":*") else name


def resume_after(
    listing: str, params: dict[str, Any], invalid: type[AwsError] = InvalidParameterException
) -> list[Any] | None:
    """The sort key a ``nextToken`` of ``listing`` carries; a token this listing did not issue is refused
    (``invalid``: the operations whose model lists ValidationException alone refuse it with that)."""
    if params.get("nextToken") is None:
        return None
    after = markers.decode(listing, params["nextToken"])
    if after is None:
        raise invalid("The specified nextToken is invalid.")
    return after


#: The members that size a listing's page, across the Logs operations.
_PAGE_SIZE_MEMBERS = ("maxResults", "limit", "maxItems")


def page(
    listing: str,
    items: list[Any],
    params: dict[str, Any],
    limit: int,
    key: Any,
    descending: bool = False,
    invalid: type[AwsError] = InvalidParameterException,
) -> tuple[list[Any], str | None]:
    """A page of ``items`` (ordered by ``key``) after the ``nextToken``'s, and the token of the next page.

    A page size under 1 is refused: the newer operations' models set no minimum, the service does (guessed wording).
    """
    if limit < 1:
        member = next((name for name in _PAGE_SIZE_MEMBERS if params.get(name) == limit), _PAGE_SIZE_MEMBERS[0])
        raise invalid(f"1 validation error detected: {violation(limit, member, 'Member must have value greater than or equal to 1')}")
    found, last = markers.window(items, limit, resume_after(listing, params, invalid), key, descending)
    return found, (markers.encode(listing, last) if last is not None else None)


def named(member: str) -> Any:
    """The sort key of a listing ordered by one name member."""
    return lambda described: (described[member],)
