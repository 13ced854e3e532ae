"""Vended-log deliveries: delivery sources, delivery destinations (and their policies), deliveries.

As AWS answers them (LocalStack's AWS-validated snapshot test_logs_delivery, recorded
2026-02): ARNs ``arn:aws:logs:<region>:<account>:delivery-source:<name>`` (and
``delivery-destination:``, ``delivery:<id>``); a destination's type comes from its
resource ARN (S3, CWL, FH), ``outputFormat`` is shown only when given; the missing
ones answer ResourceNotFoundException "Requested Delivery Source|Destination| does not
exist in this account."; errors of these operations are ValidationException, not
InvalidParameterException. No log is delivered: the emulator runs none of the AWS
services that vend them. Tags live in each resource's ``tags``.
"""

from __future__ import annotations

import secrets
import string
from typing import Any

import orjson

from ...aws.context import RequestContext
from ...aws.errors import AwsError
from .base import ResourceNotFoundException, ValidationException, named, page
from .state import ResourceState
from .transform.vended import CLOUDFRONT_FIELDS

SOURCES, DESTINATIONS, DELIVERIES = "deliverySources", "deliveryDestinations", "deliveries"
DEFAULT_LIMIT = 50
#: Services whose resources receive vended logs and do not emit them (guessed list: AWS refuses an S3
#: bucket as a source with "Cannot access provided service.").
_NOT_SOURCES = frozenset({"s3", "logs", "firehose"})
#: A destination resource ARN's service -> the destination type.
_DESTINATION_TYPES = {"s3": "S3", "logs": "CWL", "firehose": "FH"}
_ID_ALPHABET = string.ascii_letters + string.digits
#: (service, log type) -> the delivery defaults AWS's configuration template gives (LocalStack's AWS-validated
#: snapshot test_logs_delivery::test_get_delivery: CloudFront access logs).
_DEFAULTS: dict[tuple[str, str], dict[str, Any]] = {
    ("cloudfront", "ACCESS_LOGS"): {"recordFields": CLOUDFRONT_FIELDS, "suffixPath": "AWSLogs/{account-id}/CloudFront/"},
}


class ConflictException(AwsError):
    pass


class DeliveryOperations:
    resources: ResourceState

    # -- sources --------------------------------------------------------------

    def put_delivery_source(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        parts = params["resourceArn"].split(":")
        if len(parts) < 6 or parts[0] != "arn" or parts[2] in _NOT_SOURCES:
            raise ResourceNotFoundException("Cannot access provided service.")
        sources = self.resources.of(ctx.region, SOURCES)
        name = params["name"]
        existing = sources.get(name)
        if existing and existing["logType"] != params["logType"]:
            raise ConflictException("A delivery source's log type cannot be changed.")  # Guessed wording.
        source = {
            "name": name,
            "arn": _arn(ctx, "delivery-source", name),
            "resourceArns": [params["resourceArn"]],
            "service": parts[2],
            "logType": params["logType"],
            **({"deliverySourceConfiguration": params["deliverySourceConfiguration"]} if params.get("deliverySourceConfiguration") else {}),
            **_tags(existing, params),
        }
        sources[name] = source
        self.resources.save()
        return {"deliverySource": dict(source)}

    def get_delivery_source(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return {"deliverySource": _shown(self._delivery_source(ctx, params["name"]))}

    def describe_delivery_sources(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        found = sorted(self.resources.of(ctx.region, SOURCES).values(), key=lambda s: s["name"])
        if params.get("resourceArns"):
            found = [s for s in found if set(s["resourceArns"]) & set(params["resourceArns"])]
        listed, token = page(SOURCES, found, params, params.get("limit") or DEFAULT_LIMIT, named("name"), invalid=ValidationException)
        return {"deliverySources": [_shown(s) for s in listed], **({"nextToken": token} if token else {})}

    def delete_delivery_source(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        source = self._delivery_source(ctx, params["name"])
        if any(d["deliverySourceName"] == source["name"] for d in self.resources.of(ctx.region, DELIVERIES).values()):
            raise ConflictException("The delivery source is used by a delivery; delete the delivery first.")  # Guessed.
        del self.resources.of(ctx.region, SOURCES)[source["name"]]
        self.resources.save()
        return {}

    # -- destinations -----------------------------------------------------------

    def put_delivery_destination(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        configuration = params.get("deliveryDestinationConfiguration")
        kind = params.get("deliveryDestinationType")
        if configuration:
            service = configuration["destinationResourceArn"].split(":")[2:3]
            kind = _DESTINATION_TYPES.get(service[0] if service else "")
            if kind is None:
                raise ValidationException("The destination resource ARN must be an S3 bucket, a log group or a Firehose stream.")  # Guessed.
        elif kind != "XRAY":
            raise ValidationException("deliveryDestinationConfiguration is required for this destination type.")  # Guessed.
        destinations = self.resources.of(ctx.region, DESTINATIONS)
        name = params["name"]
        existing = destinations.get(name)
        destination = {
            "name": name,
            "arn": _arn(ctx, "delivery-destination", name),
            "deliveryDestinationType": kind,
            **({"outputFormat": params["outputFormat"]} if params.get("outputFormat") else {}),
            **({"deliveryDestinationConfiguration": dict(configuration)} if configuration else {}),
            **_tags(existing, params),
        }
        policy = existing.get("policy") if existing else None
        destinations[name] = {**destination, **({"policy": policy} if policy else {})}
        self.resources.save()
        return {"deliveryDestination": destination}

    def get_delivery_destination(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return {"deliveryDestination": _shown(self._delivery_destination(ctx, params["name"]))}

    def describe_delivery_destinations(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        found = sorted(self.resources.of(ctx.region, DESTINATIONS).values(), key=lambda d: d["name"])
        if params.get("names"):
            found = [d for d in found if d["name"] in params["names"]]
        listed, token = page(DESTINATIONS, found, params, params.get("limit") or DEFAULT_LIMIT, named("name"), invalid=ValidationException)
        return {"deliveryDestinations": [_shown(d) for d in listed], **({"nextToken": token} if token else {})}

    def delete_delivery_destination(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        destination = self._delivery_destination(ctx, params["name"])
        deliveries = self.resources.of(ctx.region, DELIVERIES).values()
        if any(d["deliveryDestinationArn"] == destination["arn"] for d in deliveries):
            raise ConflictException("The delivery destination is used by a delivery; delete the delivery first.")  # Guessed.
        del self.resources.of(ctx.region, DESTINATIONS)[destination["name"]]
        self.resources.save()
        return {}

    def put_delivery_destination_policy(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        destination = self._delivery_destination(ctx, params["deliveryDestinationName"])
        try:
            orjson.loads(params["deliveryDestinationPolicy"])
        except orjson.JSONDecodeError:
            raise ValidationException("The delivery destination policy is not valid JSON.") from None  # Guessed.
        destination["policy"] = params["deliveryDestinationPolicy"]
        self.resources.save()
        return {"policy": {"deliveryDestinationPolicy": destination["policy"]}}

    def get_delivery_destination_policy(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        """A destination without a policy answers an empty ``policy``."""
        policy = self._delivery_destination(ctx, params["deliveryDestinationName"]).get("policy")
        return {"policy": {"deliveryDestinationPolicy": policy} if policy else {}}

    def delete_delivery_destination_policy(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        self._delivery_destination(ctx, params["deliveryDestinationName"]).pop("policy", None)
        self.resources.save()
        return {}

    # -- deliveries ---------------------------------------------------------------

    def create_delivery(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        source = self._delivery_source(ctx, params["deliverySourceName"])
        destination = next(
            (d for d in self.resources.of(ctx.region, DESTINATIONS).values() if d["arn"] == params["deliveryDestinationArn"]),
            None,
        )
        if destination is None:
            raise ResourceNotFoundException("Requested Delivery Destination does not exist in this account.")
        deliveries = self.resources.of(ctx.region, DELIVERIES)
        if any(
            d["deliverySourceName"] == source["name"] and d["deliveryDestinationArn"] == destination["arn"]
            for d in deliveries.values()
        ):
            raise ConflictException("A delivery already exists for this source and destination.")  # Guessed wording.
        delivery_id = "".join(secrets.choice(_ID_ALPHABET) for _ in range(16))
        delivery = {
            "id": delivery_id,
            "arn": _arn(ctx, "delivery", delivery_id),
            "deliverySourceName": source["name"],
            "deliveryDestinationArn": destination["arn"],
            "deliveryDestinationType": destination["deliveryDestinationType"],
            **_configuration(params, source, s3=destination["deliveryDestinationType"] == "S3"),
            **_tags(None, params),
        }
        deliveries[delivery_id] = delivery
        self.resources.save()
        return {"delivery": dict(delivery)}

    def get_delivery(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return {"delivery": _shown(self._delivery(ctx, params["id"]))}

    def describe_deliveries(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        found = sorted(self.resources.of(ctx.region, DELIVERIES).values(), key=lambda d: d["id"])
        if params.get("deliverySourceNames"):
            found = [d for d in found if d["deliverySourceName"] in params["deliverySourceNames"]]
        listed, token = page(DELIVERIES, found, params, params.get("limit") or DEFAULT_LIMIT, named("id"), invalid=ValidationException)
        return {"deliveries": [_shown(d) for d in listed], **({"nextToken": token} if token else {})}

    def update_delivery_configuration(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        delivery = self._delivery(ctx, params["id"])
        if not any(params.get(m) is not None for m in ("recordFields", "fieldDelimiter", "s3DeliveryConfiguration")):
            raise ValidationException("At least one of recordFields, fieldDelimiter or s3DeliveryConfiguration is required.")  # Guessed.
        if params.get("s3DeliveryConfiguration") is not None and delivery["deliveryDestinationType"] != "S3":
            raise ValidationException("s3DeliveryConfiguration applies to S3 delivery destinations only.")  # Guessed.
        for member in ("recordFields", "fieldDelimiter"):
            if params.get(member) is not None:
                delivery[member] = params[member]
        if params.get("s3DeliveryConfiguration") is not None:
            delivery["s3DeliveryConfiguration"] = {**delivery.get("s3DeliveryConfiguration", {}), **params["s3DeliveryConfiguration"]}
        self.resources.save()
        return {}

    def delete_delivery(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        del self.resources.of(ctx.region, DELIVERIES)[self._delivery(ctx, params["id"])["id"]]
        self.resources.save()
        return {}

    # -- lookups ---------------------------------------------------------------

    def _delivery_source(self, ctx: RequestContext, name: str) -> dict[str, Any]:
        return _found(self.resources.of(ctx.region, SOURCES).get(name), "Delivery Source")

    def _delivery_destination(self, ctx: RequestContext, name: str) -> dict[str, Any]:
        return _found(self.resources.of(ctx.region, DESTINATIONS).get(name), "Delivery Destination")

    def _delivery(self, ctx: RequestContext, delivery_id: str) -> dict[str, Any]:
        return _found(self.resources.of(ctx.region, DELIVERIES).get(delivery_id), "Delivery")


def _found(resource: dict[str, Any] | None, what: str) -> dict[str, Any]:
    if resource is None:
        raise ResourceNotFoundException(f"Requested {what} does not exist in this account.")
    return resource


def _arn(ctx: RequestContext, kind: str, name: str) -> str:
    return f"arn:aws:logs:{ctx.region}:{ctx.account_id}:{kind}:{name}"


def _tags(existing: dict[str, Any] | None, params: dict[str, Any]) -> dict[str, Any]:
    tags = {**((existing or {}).get("tags") or {}), **(params.get("tags") or {})}
    return {"tags": tags} if tags else {}


def _shown(resource: dict[str, Any]) -> dict[str, Any]:
    """A resource as Get/Describe answer it: without its tags (only Put/Create answer them; Terraform's
    delivery resources read tags apart for that reason) or a destination's policy (it has operations of its own)."""
    return {k: v for k, v in resource.items() if k not in ("policy", "tags")}


def _configuration(params: dict[str, Any], source: dict[str, Any], s3: bool) -> dict[str, Any]:
    """CreateDelivery's record fields, delimiter and S3 options: as given, else the log type's defaults
    where the emulator knows them; S3 deliveries always show ``s3DeliveryConfiguration``, with
    ``enableHiveCompatiblePath`` false unless set."""
    defaults = _DEFAULTS.get((source["service"], source["logType"]), {})
    shown: dict[str, Any] = {m: params[m] for m in ("recordFields", "fieldDelimiter") if params.get(m) is not None}
    if "recordFields" not in shown and "recordFields" in defaults:
        shown["recordFields"] = list(defaults["recordFields"])
    if s3:
        suffix = {"suffixPath": defaults["suffixPath"]} if "suffixPath" in defaults else {}
        shown["s3DeliveryConfiguration"] = {**suffix, "enableHiveCompatiblePath": False, **(params.get("s3DeliveryConfiguration") or {})}
    return shown
