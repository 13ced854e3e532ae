"""Settings infrastructure tools read on every function (Terraform, CDK): code signing, runtime
management, recursion, provisioned concurrency and function URLs, answered as for a function
that has none of them configured (runtime management and recursion are recorded)."""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from ..errors import ProvisionedConcurrencyConfigNotFoundException, resource_not_found
from .base import LambdaOperations


class FunctionSettingsOperations(LambdaOperations):
    def get_function_code_signing_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.registry.find(ctx.region, ctx.account_id, params["FunctionName"])
        return {"CodeSigningConfigArn": "", "FunctionName": function.name}

    def get_runtime_management_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.registry.find(ctx.region, ctx.account_id, params["FunctionName"], params.get("Qualifier"))
        return {"UpdateRuntimeOn": function.update_runtime_on, "FunctionArn": function.arn}

    def put_runtime_management_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.registry.find(ctx.region, ctx.account_id, params["FunctionName"], params.get("Qualifier"))
        function.update_runtime_on = params["UpdateRuntimeOn"]
        self.registry.save()
        return {"UpdateRuntimeOn": function.update_runtime_on, "FunctionArn": function.arn}

    def get_function_recursion_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.registry.find(ctx.region, ctx.account_id, params["FunctionName"])
        return {"RecursiveLoop": function.recursive_loop}

    def put_function_recursion_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.registry.find(ctx.region, ctx.account_id, params["FunctionName"])
        function.recursive_loop = params["RecursiveLoop"]
        self.registry.save()
        return {"RecursiveLoop": function.recursive_loop}

    def get_provisioned_concurrency_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        self.registry.find(ctx.region, ctx.account_id, params["FunctionName"])
        raise ProvisionedConcurrencyConfigNotFoundException("No Provisioned Concurrency Config found for this function")

    def list_provisioned_concurrency_configs(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        self.registry.find(ctx.region, ctx.account_id, params["FunctionName"])
        return {"ProvisionedConcurrencyConfigs": []}

    def get_function_url_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        self.registry.find(ctx.region, ctx.account_id, params["FunctionName"], params.get("Qualifier"))
        raise resource_not_found()

    def list_function_url_configs(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        self.registry.find(ctx.region, ctx.account_id, params["FunctionName"])
        return {"FunctionUrlConfigs": []}
