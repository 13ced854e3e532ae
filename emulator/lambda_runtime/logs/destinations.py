"""Cross-account subscription destinations: PutDestination, PutDestinationPolicy, DescribeDestinations,
DeleteDestination.

As AWS answers them (LocalStack's AWS-validated snapshot test_logs_destinations,
recorded 2026-02): PutDestination creates or updates (keeping the creation time and
access policy) and answers the destination; DescribeDestinations lists them by name,
with ``accessPolicy`` once one was put. Tags live with the destination (TagResource
on its ARN). The emulator delivers nothing to a destination's Kinesis or Firehose
target: they are kept so that tools that manage them work.
"""

from __future__ import annotations

from typing import Any

import orjson

from ...aws.context import RequestContext
from .base import InvalidParameterException, ResourceNotFoundException, named, page
from .state import ResourceState
from .store import now_ms

KIND = "destinations"
DEFAULT_LIMIT = 50


class DestinationOperations:
    resources: ResourceState

    def put_destination(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        destinations = self.resources.of(ctx.region, KIND)
        name = params["destinationName"]
        existing = destinations.get(name)
        destination = {
            "destinationName": name,
            "targetArn": params["targetArn"],
            "roleArn": params["roleArn"],
            **({"accessPolicy": existing["accessPolicy"]} if existing and "accessPolicy" in existing else {}),
            "arn": f"arn:aws:logs:{ctx.region}:{ctx.account_id}:destination:{name}",
            "creationTime": existing["creationTime"] if existing else now_ms(),
        }
        destinations[name] = destination
        tags = self.resources.of(ctx.region, "tags").setdefault(destination["arn"], {})
        tags.update(params.get("tags") or {})
        self.resources.save()
        return {"destination": dict(destination)}

    def put_destination_policy(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        destination = self._destination(ctx, params["destinationName"])
        try:
            orjson.loads(params["accessPolicy"])
        except orjson.JSONDecodeError:
            raise InvalidParameterException("Access policy is not valid JSON.") from None  # Guessed wording.
        destination["accessPolicy"] = params["accessPolicy"]
        self.resources.save()
        return {}

    def describe_destinations(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        prefix = params.get("DestinationNamePrefix") or ""
        found = sorted(
            (d for d in self.resources.of(ctx.region, KIND).values() if d["destinationName"].startswith(prefix)),
            key=lambda d: d["destinationName"],
        )
        listed, token = page("destinations", found, params, params.get("limit") or DEFAULT_LIMIT, named("destinationName"))
        return {"destinations": [dict(d) for d in listed], **({"nextToken": token} if token else {})}

    def delete_destination(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        destination = self._destination(ctx, params["destinationName"])
        del self.resources.of(ctx.region, KIND)[destination["destinationName"]]
        self.resources.of(ctx.region, "tags").pop(destination["arn"], None)
        self.resources.save()
        return {}

    def _destination(self, ctx: RequestContext, name: str) -> dict[str, Any]:
        destination = self.resources.of(ctx.region, KIND).get(name)
        if destination is None:
            raise ResourceNotFoundException("The specified destination does not exist.")  # Guessed wording.
        return destination
