"""What every operation knows about the request that invoked it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

DEFAULT_ACCOUNT_ID = "000000000000"


def new_request_id() -> str:
    return str(uuid.uuid4())


@dataclass(slots=True)
class RequestContext:
    """The caller's region and account and the request's id.

    ``region`` comes from the SigV4 credential scope (see ``sigv4.region_of``),
    falling back to the server's default region.
    """

    region: str
    service: str = ""
    operation: str = ""
    account_id: str = DEFAULT_ACCOUNT_ID
    request_id: str = field(default_factory=new_request_id)
    #: Lower-cased request headers, for the few operations that read them.
    headers: dict[str, str] = field(default_factory=dict)
