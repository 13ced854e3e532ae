"""Settings infrastructure tools read on every function (Terraform, CDK): runtime management and
recursion, recorded."""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from ..functions import Function
from .base import LambdaOperations


class FunctionSettingsOperations(LambdaOperations):
    def get_runtime_management_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.find(ctx, params["FunctionName"], params.get("Qualifier"))
        return _runtime_management(function)

    def put_runtime_management_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.find(ctx, params["FunctionName"], params.get("Qualifier"))
        function.update_runtime_on = params["UpdateRuntimeOn"]
        # Only Manual pins a version (Terraform's TestAccLambdaRuntimeManagementConfig_runtimeVersionARN reads it back).
        function.runtime_version_arn = params.get("RuntimeVersionArn") if function.update_runtime_on == "Manual" else None
        self.registry.save()
        return _runtime_management(function)

    def get_function_recursion_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.find(ctx, params["FunctionName"])
        return {"RecursiveLoop": function.recursive_loop}

    def put_function_recursion_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.find(ctx, params["FunctionName"])
        function.recursive_loop = params["RecursiveLoop"]
        self.registry.save()
        return {"RecursiveLoop": function.recursive_loop}


def _runtime_management(function: Function) -> dict[str, Any]:
    document = {"UpdateRuntimeOn": function.update_runtime_on, "FunctionArn": function.arn}
    if function.runtime_version_arn:
        document["RuntimeVersionArn"] = function.runtime_version_arn
    return document
