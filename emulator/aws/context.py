"""What every operation knows about the request that invoked it."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field

DEFAULT_ACCOUNT_ID = "000000000000"

# Request ids are UUID-shaped, as AWS's are: a random prefix per process and a
# counter, so that minting one on every request costs next to nothing.
_PREFIX = str(uuid.uuid4())[:24]
_COUNTER = itertools.count(1)


def new_request_id() -> str:
    return f"{_PREFIX}{next(_COUNTER):012x}"


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
