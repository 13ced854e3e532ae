"""Settings infrastructure tools read on every function (Terraform, CDK): runtime management and
recursion, recorded."""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from .base import LambdaOperations


class FunctionSettingsOperations(LambdaOperations):
    def get_runtime_management_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.find(ctx, params["FunctionName"], params.get("Qualifier"))
        return {"UpdateRuntimeOn": function.update_runtime_on, "FunctionArn": function.arn}

    def put_runtime_management_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.find(ctx, params["FunctionName"], params.get("Qualifier"))
        function.update_runtime_on = params["UpdateRuntimeOn"]
        self.registry.save()
        return {"UpdateRuntimeOn": function.update_runtime_on, "FunctionArn": function.arn}

    def get_function_recursion_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.find(ctx, params["FunctionName"])
        return {"RecursiveLoop": function.recursive_loop}

    def put_function_recursion_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.find(ctx, params["FunctionName"])
        function.recursive_loop = params["RecursiveLoop"]
        self.registry.save()
        return {"RecursiveLoop": function.recursive_loop}
