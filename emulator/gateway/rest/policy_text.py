"""A REST API's resource policy as AWS stores and answers it.

GetRestApi answers the policy as compact JSON escaped once more: every quote as ``\\"`` and
every slash as ``\\/`` (``{\\"Version\\":\\"2012-10-17\\",...}``; terraform-provider-aws's
rest_api.go unescapes it, and notes the escaped slashes of CIDR blocks). A policy that is not
JSON is kept as sent.
"""

from __future__ import annotations

import json
from typing import Any


def stored_policy(policy: str | dict[str, Any]) -> str:
    if isinstance(policy, str):
        try:
            document = json.loads(policy)
        except ValueError:
            return policy
    else:
        document = policy
    compact = json.dumps(document, separators=(",", ":"), ensure_ascii=False)
    return json.dumps(compact, ensure_ascii=False)[1:-1].replace("/", "\\/")
