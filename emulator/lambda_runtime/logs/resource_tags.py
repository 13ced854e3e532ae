"""The tags of the resources TagResource / UntagResource / ListTagsForResource name by ARN, other than log
groups: destinations (``...:destination:<name>``, tags kept beside them); delivery sources, delivery
destinations, deliveries, anomaly detectors and lookup tables (tags kept in their ``tags`` member).
"""

from __future__ import annotations

from typing import Any

from .anomaly_detectors import KIND as DETECTORS
from .base import ResourceNotFoundException
from .deliveries import DELIVERIES, DESTINATIONS, SOURCES
from .destinations import KIND as DESTINATION_KIND
from .lookup_tables import KIND as LOOKUP_TABLES
from .state import ResourceState

#: ARN resource type -> where such resources are kept.
_KINDS = {
    "destination": DESTINATION_KIND, "delivery-source": SOURCES, "delivery-destination": DESTINATIONS,
    "delivery": DELIVERIES, "anomaly-detector": DETECTORS, "lookup-table": LOOKUP_TABLES,
}  # fmt: skip


def is_other_resource(arn: str) -> bool:
    parts = arn.split(":")
    return len(parts) >= 7 and parts[5] in _KINDS


def tags_of(resources: ResourceState, region: str, arn: str) -> dict[str, str]:
    """The live tags of the resource ``arn`` names (change them, then ``resources.save()``)."""
    parts = arn.split(":", 6)
    kind, name = _KINDS[parts[5]], parts[6]
    resource_region = parts[3] or region
    resource: dict[str, Any] | None = resources.of(resource_region, kind).get(name)
    if resource is None or arn not in (resource.get("arn"), resource.get("anomalyDetectorArn"), resource.get("lookupTableArn")):
        raise ResourceNotFoundException("The specified resource does not exist.")  # Guessed wording.
    if kind == DESTINATION_KIND:
        return resources.of(resource_region, "tags").setdefault(arn, {})
    return resource.setdefault("tags", {})
