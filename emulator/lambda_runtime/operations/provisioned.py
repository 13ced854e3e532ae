"""Provisioned concurrency configs: recorded per version or alias, READY as soon as they are read back.

Invocations of a provisioned version or alias run in environments of their own
(``AWS_LAMBDA_INITIALIZATION_TYPE=provisioned-concurrency``, no Init Duration in
their REPORT) up to the requested count, on demand beyond it (invoker.py). The
emulator starts those environments on first use rather than keeping them warm.
"""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from ..configuration import refuse_if_tenant_isolated
from ..errors import (
    InvalidParameterValueException,
    ProvisionedConcurrencyConfigNotFoundException,
    ResourceConflictException,
    ResourceNotFoundException,
    UntypedInvalidParameterValueException,
    below_minimum_unreserved,
    function_not_found,
)
from ..functions import LATEST, Function, timestamp
from .base import LambdaOperations, page


class ProvisionedConcurrencyOperations(LambdaOperations):
    def put_provisioned_concurrency_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        if params["Qualifier"] == LATEST:
            raise InvalidParameterValueException(
                "Provisioned Concurrency Configs cannot be applied to unpublished function versions."
            )
        function, qualifier = self._provisioned_target(ctx, params)
        refuse_if_tenant_isolated(function.latest.config, "Provisioned concurrency")
        requested = params["ProvisionedConcurrentExecutions"]
        others = function.provisioned_total(excluding=qualifier)
        if function.reserved_concurrency is not None and function.reserved_concurrency < others + requested:
            raise InvalidParameterValueException(
                "Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function"
            )
        if function.reserved_concurrency is None:
            self._check_unreserved_left(function, qualifier, requested)
        alias = function.aliases.get(qualifier)
        if alias is not None and alias.function_version in function.provisioned:
            raise ResourceConflictException(
                "Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version"
            )
        if alias is None and any(
            a.function_version == qualifier and a.name in function.provisioned for a in function.aliases.values()
        ):
            raise ResourceConflictException("Version is pointed by a Provisioned Concurrency alias")
        config = function.provisioned[qualifier] = {"requested": requested, "last_modified": timestamp()}
        self.registry.save()
        return {
            "RequestedProvisionedConcurrentExecutions": requested,
            "AllocatedProvisionedConcurrentExecutions": 0,
            "AvailableProvisionedConcurrentExecutions": 0,
            "Status": "IN_PROGRESS",
            "LastModified": config["last_modified"],
        }

    def _check_unreserved_left(self, function: Function, qualifier: str, requested: int) -> None:
        """Provisioned concurrency of a function without reserved concurrency comes out of the account's
        unreserved pool, which keeps its minimum (AWS words both refusals without "Type")."""
        limits = self.invoker.limits
        provisioned_elsewhere = sum(
            other.provisioned_total(excluding=qualifier if other is function else None)
            for other in self.registry.functions.get(function.region, {}).values()
            if other.reserved_concurrency is None
        )
        unreserved = limits.unreserved(function.region) - provisioned_elsewhere
        if requested > unreserved:
            raise UntypedInvalidParameterValueException(
                f"Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [{unreserved}]."
            )
        if unreserved - requested < limits.minimum_unreserved():
            raise below_minimum_unreserved(limits.minimum_unreserved(), "ConcurrentExecutions")

    def get_provisioned_concurrency_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        _check_published(params["Qualifier"])
        function, qualifier = self._provisioned_target(ctx, params)
        config = function.provisioned.get(qualifier)
        if config is None:
            raise ProvisionedConcurrencyConfigNotFoundException("No Provisioned Concurrency Config found for this function")
        return _ready(config)

    def delete_provisioned_concurrency_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        _check_published(params["Qualifier"])
        function, qualifier = self._provisioned_target(ctx, params)
        if function.provisioned.pop(qualifier, None) is not None:
            self.registry.save()
        return {}

    def list_provisioned_concurrency_configs(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.find(ctx, params["FunctionName"])
        listed = [{"FunctionArn": f"{function.arn}:{q}", **_ready(c)} for q, c in function.provisioned.items()]
        found, marker = page("provisioned-configs", listed, params, identity=lambda config: config["FunctionArn"])
        return {"ProvisionedConcurrencyConfigs": found, **({"NextMarker": marker} if marker else {})}

    def _provisioned_target(self, ctx: RequestContext, params: dict[str, Any]) -> tuple[Function, str]:
        """The function and the existing version or alias ``Qualifier`` names; AWS words a missing
        function as it words the missing version or alias."""
        ref, function = self.lookup(ctx, params["FunctionName"], params["Qualifier"])
        qualifier = ref.qualifier or params["Qualifier"]
        arn = f"arn:aws:lambda:{ctx.region}:{ctx.account_id}:function:{ref.name}:{qualifier}"
        if qualifier.isdigit():
            if function is None or qualifier not in function.versions:
                raise function_not_found(arn)
        elif function is None or qualifier not in function.aliases:
            raise ResourceNotFoundException(f"Cannot find alias arn: {arn}")
        return function, qualifier


def _check_published(qualifier: str) -> None:
    if qualifier == LATEST:
        raise InvalidParameterValueException("The function resource provided must be an alias or a published version.")


def _ready(config: dict[str, Any]) -> dict[str, Any]:
    requested = config["requested"]
    return {
        "RequestedProvisionedConcurrentExecutions": requested,
        "AvailableProvisionedConcurrentExecutions": requested,
        "AllocatedProvisionedConcurrentExecutions": requested,
        "Status": "READY",
        "LastModified": config["last_modified"],
    }
