"""PublishVersion, ListVersionsByFunction and aliases."""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from ..capacity_providers import check_version_quota, publish_latest, published
from ..errors import (
    InvalidParameterValueException,
    ResourceConflictException,
    ResourceNotFoundException,
    UntypedInvalidParameterValueException,
    function_not_found,
    revision_mismatch,
)
from ..functions import LATEST, Alias, Function, listed, new_revision, version_order
from .base import MAX_FUNCTIONS_PAGE, LambdaOperations, page


class VersionOperations(LambdaOperations):
    def publish_version(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.find(ctx, params["FunctionName"])
        self.check_revision(params, function)
        expected_sha = params.get("CodeSha256")
        if expected_sha is not None and expected_sha != function.latest.code.sha256:
            raise InvalidParameterValueException(
                f"CodeSHA256 ({expected_sha}) is different from current CodeSHA256 in $LATEST "
                f"({function.latest.code.sha256}). Please try again with the CodeSHA256 in $LATEST."
            )
        functions = self.registry.functions[function.region]
        if params.get("PublishTo") is not None:
            version, replaced = publish_latest(functions, function, params.get("Description"))
            if replaced:
                self.invoker.retire(function, version.number)
        else:
            check_version_quota(functions, function.latest.config)
            version = function.publish(params.get("Description"))
        self.registry.save()
        return published(function.configuration(version, version.number))

    def list_versions_by_function(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.find(ctx, params["FunctionName"])
        configurations = [listed(function.configuration(v, v.number)) for v in function.all_versions()]
        found, marker = page("versions", configurations, params, version_order, cap=MAX_FUNCTIONS_PAGE)
        return {"Versions": found, **({"NextMarker": marker} if marker else {})}

    # -- aliases --------------------------------------------------------------

    def create_alias(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        ref, function = self.lookup(ctx, params["FunctionName"])
        if function is None:  # AWS names the version the alias would point to
            raise function_not_found(f"arn:aws:lambda:{ctx.region}:{ctx.account_id}:function:{ref.name}:{params['FunctionVersion']}")
        name = params["Name"]
        if name in function.aliases:
            raise ResourceConflictException(f"Alias already exists: {function.arn}:{name}")
        self._check_version(function, params["FunctionVersion"])
        routing = self._routing(function, params, params["FunctionVersion"])
        alias = Alias(name, params["FunctionVersion"], params.get("Description") or "", routing)
        function.aliases[name] = alias
        self.registry.save()
        return function.alias_configuration(alias)

    def get_alias(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.find(ctx, params["FunctionName"])
        return function.alias_configuration(self._alias(function, params["Name"]))

    def update_alias(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.find(ctx, params["FunctionName"])
        alias = self._alias(function, params["Name"])
        if params.get("RevisionId") is not None and params["RevisionId"] != alias.revision_id:
            raise revision_mismatch()
        target = params.get("FunctionVersion") or alias.function_version
        if params.get("FunctionVersion") is not None:
            self._check_version(function, target)
        routing = self._routing(function, params, target) if params.get("RoutingConfig") is not None else alias.routing
        if params.get("RoutingConfig") is None and routing:
            self._check_routing(routing, target)
        alias.function_version = target
        alias.routing = routing
        if params.get("Description") is not None:
            alias.description = params["Description"]
        alias.revision_id = new_revision()
        self.registry.save()
        return function.alias_configuration(alias)

    def delete_alias(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.find(ctx, params["FunctionName"])
        name = params["Name"]
        if function.aliases.pop(name, None) is not None:
            # What belongs to the alias goes with it.
            function.url_configs.pop(name, None)
            function.provisioned.pop(name, None)
            function.policies.pop(f"{function.arn}:{name}", None)
        self.registry.save()
        return {}

    def list_aliases(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.find(ctx, params["FunctionName"])
        wanted = params.get("FunctionVersion")
        aliases = [
            function.alias_configuration(a)
            for a in sorted(function.aliases.values(), key=lambda a: a.name)
            if wanted is None or a.function_version == wanted
        ]
        found, marker = page("aliases", aliases, params, lambda alias: (alias["Name"],))
        return {"Aliases": found, **({"NextMarker": marker} if marker else {})}

    @staticmethod
    def _alias(function: Function, name: str) -> Alias:
        alias = function.aliases.get(name)
        if alias is None:
            raise ResourceNotFoundException(f"Cannot find alias arn: {function.arn}:{name}")
        return alias

    @staticmethod
    def _check_version(function: Function, number: str) -> None:
        if number != LATEST and number not in function.versions:
            raise ResourceNotFoundException(f"Function not found: {function.arn}:{number}")

    def _routing(self, function: Function, params: dict[str, Any], target: str) -> dict[str, float] | None:
        """``RoutingConfig``'s weights, checked as AWS checks them; None when there are none."""
        weights = (params.get("RoutingConfig") or {}).get("AdditionalVersionWeights") or None
        if weights:
            self._check_routing(weights, target)
            for number in weights:
                self._check_version(function, number)
        return weights

    @staticmethod
    def _check_routing(weights: dict[str, float], target: str) -> None:
        if len(weights) > 1:
            raise InvalidParameterValueException("Number of items in AdditionalVersionWeights cannot be greater than 1")
        if target in weights:
            raise InvalidParameterValueException(
                f"Invalid function version {target}. Function version {target} is already included in routing configuration."
            )
        if target == LATEST:
            raise UntypedInvalidParameterValueException("$LATEST is not supported for an alias pointing to more than 1 version")

