"""Portals: CreatePortal ... DeletePortal, ListPortals, and publishing (PublishPortal, DisablePortal,
PreviewPortal).

A portal is created DISABLED (not on the web). AWS takes minutes to publish, disable or build
a preview, showing ``PUBLISH_IN_PROGRESS`` / ``DISABLE_IN_PROGRESS`` / ``PREVIEW_IN_PROGRESS``
meanwhile; offline there is nothing to build, so the next read shows the settled state, the one
waiters poll for: PUBLISHED, DISABLED, PREVIEW_READY, or the FAILED state with its
``StatusException`` when an included product no longer exists (as when its owner deletes or
stops sharing it).
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from ...aws.context import RequestContext
from ..http.errors import BadRequestException, ConflictException
from ..http.store import now, page
from .checks import check_certificate, check_products, one_of
from .store import PortalStore, RegionPortals, Resource, arn

#: CloudFront's hosted zone: portals are served by CloudFront distributions.
CLOUDFRONT_ZONE = "Z2FDTNDATAQYW2"
#: The members UpdatePortal replaces as given.
_REPLACED = ("Authorization", "IncludedPortalProductArns", "RumAppMonitorName")


def default_domain(portal_id: str, region: str) -> str:
    return f"p-{portal_id}.apigw-portal.{region}.on.aws"


def endpoint_configuration(portal_id: str, region: str, requested: dict[str, Any]) -> Resource:
    """The response form of an EndpointConfigurationRequest: the default domain, and the caller's own."""
    one_of("EndpointConfiguration", requested)
    configuration: Resource = {
        "PortalDefaultDomainName": default_domain(portal_id, region),
        "PortalDomainHostedZoneId": CLOUDFRONT_ZONE,
    }
    managed = requested.get("AcmManaged")
    if managed is not None:
        check_certificate(managed["CertificateArn"])
        configuration["CertificateArn"] = managed["CertificateArn"]
        configuration["DomainName"] = managed["DomainName"]
    return configuration


def _instant(value: Any) -> dt.datetime:
    """An input timestamp (epoch seconds or ISO 8601, as the protocol takes either) as a time."""
    try:
        if isinstance(value, dt.datetime):
            return value
        if isinstance(value, int | float):
            return dt.datetime.fromtimestamp(value, dt.UTC)
        parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise BadRequestException(f"Invalid timestamp specified for logoLastUploaded: {value}") from None


def _with_logo(content: dict[str, Any], logo_uri: str | None) -> dict[str, Any]:
    """The output shows a logo only as the time it was uploaded (``Theme.LogoLastUploaded``)."""
    content = copy.deepcopy(content)
    theme = content["Theme"]
    if logo_uri:
        theme["LogoLastUploaded"] = now()
    elif theme.get("LogoLastUploaded") is not None:
        theme["LogoLastUploaded"] = _instant(theme["LogoLastUploaded"])
    return content


def _missing_products(state: RegionPortals, portal: Resource) -> list[str]:
    return [
        product for product in portal["IncludedPortalProductArns"] if state.product_by_arn(product) is None
    ]


def _failure(missing: list[str]) -> Resource:
    return {
        "Exception": "BadRequestException",
        "Message": f"The portal includes portal products that do not exist or are not shared with you: "
        f"{', '.join(missing)}",
    }


class PortalLifecycleOperations:
    portals: PortalStore

    def _portals(self, ctx: RequestContext) -> RegionPortals:
        return self.portals.region(ctx.region)

    def create_portal(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        state = self._portals(ctx)
        one_of("Authorization", params["Authorization"])
        products = params.get("IncludedPortalProductArns") or []
        check_products(state, products)
        portal_id = self.portals.new_id(state.portals)
        portal: Resource = {
            "Authorization": params["Authorization"],
            "EndpointConfiguration": endpoint_configuration(
                portal_id, ctx.region, params["EndpointConfiguration"]
            ),
            "IncludedPortalProductArns": products,
            "LastModified": now(),
            "PortalArn": arn(ctx.region, f"portals/{portal_id}"),
            "PortalContent": _with_logo(params["PortalContent"], params.get("LogoUri")),
            "PortalId": portal_id,
            "PublishStatus": "DISABLED",
            "Tags": params.get("Tags") or {},
        }
        if "RumAppMonitorName" in params:
            portal["RumAppMonitorName"] = params["RumAppMonitorName"]
        state.portals[portal_id] = portal
        return portal

    def get_portal(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        return self._portals(ctx).portal(params["PortalId"])

    def list_portals(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return page(list(self._portals(ctx).portals.values()), params, "PortalId")

    def update_portal(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        state = self._portals(ctx)
        portal = state.portal(params["PortalId"])
        # Every check before any change: a refused update leaves the portal as it was.
        changes = {name: copy.deepcopy(params[name]) for name in _REPLACED if name in params}
        if "Authorization" in changes:
            one_of("Authorization", changes["Authorization"])
        if "IncludedPortalProductArns" in changes:
            check_products(state, changes["IncludedPortalProductArns"])
        if "EndpointConfiguration" in params:
            changes["EndpointConfiguration"] = endpoint_configuration(
                portal["PortalId"], ctx.region, params["EndpointConfiguration"]
            )
        if "PortalContent" in params or params.get("LogoUri"):
            content = _with_logo(
                params.get("PortalContent") or portal["PortalContent"], params.get("LogoUri")
            )
            uploaded = portal["PortalContent"]["Theme"].get("LogoLastUploaded")
            if uploaded is not None:  # new colours and names keep the logo already uploaded
                content["Theme"].setdefault("LogoLastUploaded", uploaded)
            changes["PortalContent"] = content
        portal.update(changes, LastModified=now())
        return portal

    def delete_portal(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        state = self._portals(ctx)
        portal = state.portal(params["PortalId"])
        if portal["PublishStatus"] != "DISABLED":
            raise BadRequestException(
                f"Portal {portal['PortalId']} is published. Disable the portal before you delete it."
            )
        del state.portals[portal["PortalId"]]
        return {}

    def publish_portal(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        state = self._portals(ctx)
        portal = state.portal(params["PortalId"])
        missing = _missing_products(state, portal)
        portal.pop("StatusException", None)
        if missing:
            portal["PublishStatus"] = "PUBLISH_FAILED"
            portal["StatusException"] = _failure(missing)
            return {}
        portal["PublishStatus"] = "PUBLISHED"
        portal["LastPublished"] = now()
        portal["LastPublishedDescription"] = params.get("Description", "")
        return {}

    def disable_portal(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        portal = self._portals(ctx).portal(params["PortalId"])
        if portal["PublishStatus"] == "DISABLED":
            raise ConflictException(f"Portal {portal['PortalId']} is not published")
        portal["PublishStatus"] = "DISABLED"
        portal.pop("StatusException", None)
        return {}

    def preview_portal(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        state = self._portals(ctx)
        portal = state.portal(params["PortalId"])
        missing = _missing_products(state, portal)
        if missing:
            portal["Preview"] = {"PreviewStatus": "PREVIEW_FAILED", "StatusException": _failure(missing)}
        else:
            # A short-lived address on the portal's own domain, as AWS gives the preview.
            domain = portal["EndpointConfiguration"]["PortalDefaultDomainName"]
            portal["Preview"] = {"PreviewStatus": "PREVIEW_READY", "PreviewUrl": f"https://preview-{domain}"}
        return {}
