"""Lambda Managed Instances: capacity providers, the function versions on them, their scaling configs."""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from ..capacity_providers import (
    MAX_CAPACITY_PROVIDERS,
    CapacityProvider,
    CapacityProviderLimitExceededException,
    attached_arn,
    in_use,
    initial_settings,
    lookup,
    name_of,
    provider_arn,
    update_settings,
)
from ..errors import InvalidParameterValueException, ResourceConflictException, function_not_found
from ..functions import Function, Version, timestamp, version_order, version_state
from .access import check_tag_count
from .base import LambdaOperations, page

#: ListCapacityProviders and ListFunctionVersionsByCapacityProvider answer at most 50 a page.
MAX_PAGE = 50
#: The execution environments AWS keeps for a version whose scaling was never set: three, one per
#: Availability Zone, with no upper bound.
DEFAULT_MIN_ENVIRONMENTS = 3


class CapacityProviderOperations(LambdaOperations):
    def create_capacity_provider(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        name = name_of(params["CapacityProviderName"])
        providers = self.registry.capacity_providers.setdefault(ctx.region, {})
        if name in providers:
            raise ResourceConflictException(f"Capacity provider already exists: {provider_arn(ctx.region, ctx.account_id, name)}")
        if len(providers) >= MAX_CAPACITY_PROVIDERS:
            raise CapacityProviderLimitExceededException(
                f"You have reached the maximum number of capacity providers ({MAX_CAPACITY_PROVIDERS}) for your account."
            )
        check_tag_count(params.get("Tags") or {})
        provider = CapacityProvider(name, ctx.region, ctx.account_id, initial_settings(params), dict(params.get("Tags") or {}))
        providers[name] = provider
        self.registry.save()
        # AWS launches nothing until a function version is published; Get finds it Active at once.
        return {"CapacityProvider": provider.render("Pending")}

    def get_capacity_provider(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return {"CapacityProvider": self._provider(ctx, params["CapacityProviderName"]).render()}

    def update_capacity_provider(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        provider = self._provider(ctx, params["CapacityProviderName"])
        update_settings(provider.settings, params)
        provider.last_modified = timestamp()
        self.registry.save()
        return {"CapacityProvider": provider.render("Pending")}

    def delete_capacity_provider(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        provider = self._provider(ctx, params["CapacityProviderName"])
        users = {function.name for function, _ in self._versions_on(provider)}
        if users:
            raise in_use(len(users), provider.arn)
        del self.registry.capacity_providers[ctx.region][provider.name]
        self.registry.save()
        return {"CapacityProvider": provider.render("Deleting")}

    def list_capacity_providers(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        providers = sorted(self.registry.capacity_providers.get(ctx.region, {}).values(), key=lambda p: p.name)
        shown = [p.render() for p in providers]
        if params.get("State") is not None:
            shown = [p for p in shown if p["State"] == params["State"]]
        found, marker = page("capacity-providers", shown, params, lambda p: (p["CapacityProviderArn"],), cap=MAX_PAGE)
        return {"CapacityProviders": found, **({"NextMarker": marker} if marker else {})}

    def list_function_versions_by_capacity_provider(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        provider = self._provider(ctx, params["CapacityProviderName"])
        versions = [
            {"FunctionArn": f"{function.arn}:{version.number}", "State": version_state(version), "Version": version.number}
            for function, version in self._versions_on(provider)
        ]
        found, marker = page("capacity-provider-versions", versions, params, _by_function_and_version, cap=MAX_PAGE)
        for item in found:
            del item["Version"]
        return {"CapacityProviderArn": provider.arn, "FunctionVersions": found, **({"NextMarker": marker} if marker else {})}

    # -- a published version's execution environments ---------------------------------

    def put_function_scaling_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, version = self._managed_version(ctx, params)
        requested = dict(params.get("FunctionScalingConfig") or {})
        low, high = requested.get("MinExecutionEnvironments"), requested.get("MaxExecutionEnvironments")
        if low is not None and high is not None and low > high:
            raise InvalidParameterValueException(
                "MinExecutionEnvironments must be less than or equal to MaxExecutionEnvironments."
            )
        function.scaling_configs[version.number] = requested
        self.registry.save()
        return {"FunctionState": version_state(version)}

    def get_function_scaling_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, version = self._managed_version(ctx, params)
        answer: dict[str, Any] = {"FunctionArn": f"{function.arn}:{version.number}"}
        requested = function.scaling_configs.get(version.number)
        # The emulator applies a request at once: what is applied is what was asked, over the default.
        answer["AppliedFunctionScalingConfig"] = {"MinExecutionEnvironments": DEFAULT_MIN_ENVIRONMENTS, **(requested or {})}
        if requested is not None:
            answer["RequestedFunctionScalingConfig"] = requested
        return answer

    # -- lookups ------------------------------------------------------------------

    def _provider(self, ctx: RequestContext, name: str) -> CapacityProvider:
        return lookup(self.registry.capacity_providers, ctx.region, ctx.account_id, name)

    def _versions_on(self, provider: CapacityProvider) -> list[tuple[Function, Version]]:
        """Every function version attached to ``provider``, ``$LATEST`` included."""
        functions = self.registry.functions.get(provider.region, {}).values()
        return [(f, v) for f in functions for v in f.all_versions() if attached_arn(v.config) == provider.arn]

    def _managed_version(self, ctx: RequestContext, params: dict[str, Any]) -> tuple[Function, Version]:
        """The published version a scaling config belongs to; only managed-instance functions have one."""
        function, _ = self.find(ctx, params["FunctionName"])
        qualifier = params["Qualifier"]
        version = function.versions.get(qualifier)
        if version is None:
            raise function_not_found(f"{function.arn}:{qualifier}")
        if attached_arn(version.config) is None:
            raise InvalidParameterValueException(
                "Function scaling configuration is only supported for functions using a capacity provider."
            )
        return function, version


def _by_function_and_version(item: dict[str, Any]) -> tuple[str, int]:
    return (item["FunctionArn"].rsplit(":", 1)[0], *version_order(item))
