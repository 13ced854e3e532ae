"""Integrations with OpenSearch Service: Put/Get/List/DeleteIntegration.

OpenSearch Service is not emulated. An integration is kept as AWS accepts it (one per account and
region; PutIntegration answers PROVISIONING), but the collection, workspace, policies and data
source it would make cannot be created, so it is found FAILED afterwards, as AWS reports an
integration whose OpenSearch resources could not be provisioned, with no resource details. Errors
that AWS does not document are guessed wordings.
"""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from .base import LimitExceededException, LogsOperations, ResourceNotFoundException, ValidationException
from .state import ResourceState
from .store import now_ms

KIND = "integrations"


class IntegrationOperations(LogsOperations):
    resources: ResourceState

    def put_integration(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        integrations = self.resources.of(ctx.region, KIND)
        name = params["integrationName"]
        if name in integrations:
            raise ValidationException(
                f"Integration {name} already exists and cannot be modified."
            )  # Guessed wording.
        if integrations:
            raise LimitExceededException("Only one integration is allowed per account.")  # Guessed wording.
        if not params["resourceConfig"].get("openSearchResourceConfig"):
            raise ValidationException(
                "resourceConfig must contain openSearchResourceConfig."
            )  # Guessed wording.
        integrations[name] = {
            "integrationName": name,
            "integrationType": params["integrationType"],
            "integrationStatus": "FAILED",
            "resourceConfig": params["resourceConfig"],
            "createdAt": now_ms(),
        }
        self.resources.save()
        return {"integrationName": name, "integrationStatus": "PROVISIONING"}

    def get_integration(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        integration = self._integration(ctx, params["integrationName"])
        return {**_summary(integration), "integrationDetails": {"openSearchIntegrationDetails": {}}}

    def list_integrations(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        prefix = params.get("integrationNamePrefix") or ""
        found = [
            _summary(i)
            for name, i in sorted(self.resources.of(ctx.region, KIND).items())
            if name.startswith(prefix)
            and params.get("integrationType") in (None, i["integrationType"])
            and params.get("integrationStatus") in (None, i["integrationStatus"])
        ]
        return {"integrationSummaries": found}

    def delete_integration(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        """No dashboards can exist, so ``force`` changes nothing."""
        integration = self._integration(ctx, params["integrationName"])
        del self.resources.of(ctx.region, KIND)[integration["integrationName"]]
        self.resources.save()
        return {}

    def _integration(self, ctx: RequestContext, name: str) -> dict[str, Any]:
        integration = self.resources.of(ctx.region, KIND).get(name)
        if integration is None:
            raise ResourceNotFoundException(f"Integration {name} does not exist.")  # Guessed wording.
        return integration


def _summary(integration: dict[str, Any]) -> dict[str, Any]:
    return {m: integration[m] for m in ("integrationName", "integrationType", "integrationStatus")}
