"""CreateFunction, GetFunction, ListFunctions, UpdateFunctionCode/Configuration, DeleteFunction."""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from ..capacity_providers import attach, check_publishable_to_latest, check_version_quota, publish_latest
from ..configuration import apply_update, check_function_name, initial_config
from ..errors import InvalidParameterValueException, ResourceConflictException, function_not_found
from ..functions import LATEST, Function, Version, in_transition, listed, pending, updating, version_order
from ..names import parse_function_name
from .access import check_tag_count
from .base import (
    IMAGES_UNSUPPORTED,
    MAX_FUNCTIONS_PAGE,
    LambdaOperations,
    check_account,
    check_region,
    check_request_size,
    page,
)


class FunctionOperations(LambdaOperations):
    async def create_function(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        check_request_size(ctx, "CreateFunction")
        ref = parse_function_name(params["FunctionName"])
        check_function_name(ref.name)
        check_region(ctx, ref)
        check_account(ctx, params["FunctionName"])
        region = ctx.region
        if ref.name in self.registry.functions.get(region, {}):
            raise ResourceConflictException(f"Function already exist: {ref.name}")
        if params.get("PackageType") == "Image":
            raise InvalidParameterValueException(IMAGES_UNSUPPORTED)
        config = initial_config(ref.name, params)
        attach(config, params, self.registry.capacity_providers.get(region, {}), creating=True)
        check_tag_count(params.get("Tags") or {})
        layers, layer_dirs = self.resolve_layers(region, params.get("Layers") or [])
        if layers:
            config["Layers"] = layers
        code = await self.code_from(params["Code"], "CreateFunction")
        functions = self.registry.functions.setdefault(region, {})
        if ref.name in functions:  # created meanwhile, while the zip was unpacked
            raise ResourceConflictException(f"Function already exist: {ref.name}")
        if params.get("Publish") or params.get("PublishTo") is not None:
            check_version_quota(functions, config)
        function = Function(ref.name, region, ctx.account_id, Version(LATEST, config, code, layer_dirs))
        function.tags = dict(params.get("Tags") or {})
        function.code_signing_config_arn = params.get("CodeSigningConfigArn")
        functions[ref.name] = function
        answer = function.configuration(function.latest)
        if params.get("PublishTo") is not None:
            answer = function.configuration(publish_latest(functions, function)[0])
        elif params.get("Publish"):  # AWS shows version 1 under the unqualified ARN here
            answer = function.configuration(function.publish())
        self.registry.save()
        return in_transition(pending(answer))

    def get_function(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, qualifier = self.find(ctx, params["FunctionName"], params.get("Qualifier"))
        version = self.registry.version(function, qualifier)
        answer: dict[str, Any] = {
            "Configuration": function.configuration(version, qualifier),
            "Code": {"RepositoryType": "S3", "Location": self.code_location(version.code)},
        }
        if function.tags and qualifier is None:
            answer["Tags"] = function.tags
        # A qualified GetFunction leaves reserved concurrency out as it leaves tags out (terraform-provider-aws
        # #43753, function_data_source_test.go: read back through GetFunctionConcurrency instead).
        if function.reserved_concurrency is not None and qualifier is None:
            answer["Concurrency"] = {"ReservedConcurrentExecutions": function.reserved_concurrency}
        return answer

    def get_function_configuration(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, qualifier = self.find(ctx, params["FunctionName"], params.get("Qualifier"))
        return function.configuration(self.registry.version(function, qualifier), qualifier)

    def list_functions(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        functions = sorted(self.registry.functions.get(ctx.region, {}).values(), key=lambda f: f.name)
        if params.get("FunctionVersion") == "ALL":  # every version's ARN qualified, $LATEST's too
            configurations = [f.configuration(v, v.number) for f in functions for v in f.all_versions()]
        else:
            configurations = [f.configuration(f.latest) for f in functions]
        found, marker = page("functions", [listed(c) for c in configurations], params, _by_name_and_version, cap=MAX_FUNCTIONS_PAGE)
        return {"Functions": found, **({"NextMarker": marker} if marker else {})}

    async def update_function_code(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        check_request_size(ctx, "UpdateFunctionCode")
        function, _ = self.find(ctx, params["FunctionName"])
        self.check_revision(params, function)
        if params.get("ImageUri") and function.latest.config.get("PackageType", "Zip") == "Zip":
            raise InvalidParameterValueException("Please don't provide ImageUri when updating a function with packageType Zip.")
        if params.get("PublishTo") is not None:
            check_publishable_to_latest(function.latest.config)
        code = await self.code_from(params, "UpdateFunctionCode")
        latest = function.latest
        config = dict(latest.config)
        if params.get("Architectures"):
            config["Architectures"] = params["Architectures"]
        if params.get("DryRun"):
            return updating(function.configuration(Version(LATEST, config, code, latest.layer_dirs)))
        function.latest = Version(LATEST, config, code, latest.layer_dirs)
        self.invoker.retire(function, LATEST)
        if params.get("PublishTo") is not None:
            version, _ = publish_latest(self.registry.functions[function.region], function)
            self.invoker.retire(function, version.number)
            answer = pending(function.configuration(version, version.number))
        elif params.get("Publish"):  # AWS answers with the new version, still being created
            version = function.publish()
            answer = pending(function.configuration(version, version.number))
        else:
            answer = updating(function.configuration(function.latest))
        self.registry.save()
        return answer

    def update_function_configuration(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.find(ctx, params["FunctionName"])
        self.check_revision(params, function)
        latest = function.latest
        config = dict(latest.config)
        apply_update(config, params)
        attach(config, params, self.registry.capacity_providers.get(function.region, {}), creating=False)
        layer_dirs = latest.layer_dirs
        if params.get("Layers") is not None:
            layers, layer_dirs = self.resolve_layers(function.region, params["Layers"])
            config.pop("Layers", None)
            if layers:
                config["Layers"] = layers
        function.latest = Version(LATEST, config, latest.code, layer_dirs)
        self.invoker.retire(function, LATEST)
        self.registry.save()
        return updating(function.configuration(function.latest))

    async def delete_function(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        ref = parse_function_name(params["FunctionName"], params.get("Qualifier"))
        check_region(ctx, ref)
        qualifier = ref.qualifier
        if qualifier == LATEST:  # AWS says so before it looks the function up
            raise InvalidParameterValueException("$LATEST version cannot be deleted without deleting the function.")
        function = self.registry.functions.get(ctx.region, {}).get(ref.name)
        if function is None:  # named unqualified, even when a version was asked for
            raise function_not_found(f"arn:aws:lambda:{ctx.region}:{ctx.account_id}:function:{ref.name}")
        if qualifier is None:
            # Its event source mappings outlive it, as on AWS: their pollers wait for a function of that name.
            del self.registry.functions[function.region][function.name]
            self.invoker.limits.set_reserved(function.region, function.name, None)
            self.invoker.retire(function)
        else:  # a version that is not there is already deleted: AWS answers 204 again
            self._delete_version(function, qualifier)
        self.registry.save()
        return {"StatusCode": 204}  # as AWS answers (botocore models the status as an output member)

    def _delete_version(self, function: Function, number: str) -> None:
        if number in function.aliases:
            raise InvalidParameterValueException("Deletion of aliases is not supported by DeleteFunction; use DeleteAlias.")
        users = [a.name for a in function.aliases.values() if a.function_version == number or number in (a.routing or {})]
        if users:
            raise ResourceConflictException(
                f"Unable to delete version because the following aliases reference it: [{', '.join(users)}]"
            )
        if function.versions.pop(number, None) is not None:
            function.provisioned.pop(number, None)
            function.scaling_configs.pop(number, None)
            function.policies.pop(f"{function.arn}:{number}", None)
            self.invoker.retire(function, number)


def _by_name_and_version(configuration: dict[str, Any]) -> tuple[str, int]:
    """ListFunctions' order: by name, then (with ``FunctionVersion=ALL``) ``$LATEST`` and the versions."""
    return (configuration["FunctionName"], *version_order(configuration))
