"""Account subscription filter policies at work: the store's subscriber hands each batch of events to
the group's own subscription filters and to the account SUBSCRIPTION_FILTER_POLICY that selects the
group (additive, as PutAccountPolicy's API reference says), which delivers like a filter named after
the policy. Only Lambda destinations are reached, as for the group's own filters; unlike
PutSubscriptionFilter, PutAccountPolicy does not check the function's resource policy here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

from .account_policies import KIND
from .state import ResourceState
from .store import LogGroup, LogStream
from .subscriptions import SubscriptionDelivery

SUBSCRIPTION_POLICIES = f"{KIND}:SUBSCRIPTION_FILTER_POLICY"
Event = tuple[int, str, int]


class AccountSubscriptionOperations:
    resources: ResourceState
    delivery: SubscriptionDelivery
    selected_policies: Callable[[str, str, str], list[dict[str, Any]]]

    def on_events(self, group: LogGroup, stream: LogStream, stored: list[Event], ingested: list[Event]) -> None:
        """The store's subscriber, told of every batch stored (cheap when nothing subscribes)."""
        subscriptions = list(group.subscription_filters.values())
        if self.resources.any(group.region, SUBSCRIPTION_POLICIES):
            policies = self.selected_policies(group.region, "SUBSCRIPTION_FILTER_POLICY", group.name)
            subscriptions.extend(filter(None, map(_as_subscription, policies)))
        if subscriptions:
            self.delivery.on_events(group, stream, stored, ingested, subscriptions)


def _as_subscription(policy: dict[str, Any]) -> dict[str, Any] | None:
    document = orjson.loads(policy["policyDocument"])
    destination = document.get("DestinationArn") if isinstance(document, dict) else None
    if not isinstance(destination, str) or ":lambda:" not in destination:
        return None
    return {
        "filterName": policy["policyName"],
        "filterPattern": document.get("FilterPattern") or "",
        "destinationArn": destination,
    }
