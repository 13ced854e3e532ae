"""Code signing configs and their attachment to functions (recorded; code is not verified)."""

from __future__ import annotations

import secrets
import string
from typing import Any

from ...aws.context import RequestContext
from ..errors import CodeSigningConfigNotFoundException, UntypedResourceNotFoundException
from ..functions import timestamp
from .access import check_tag_count
from .base import LambdaOperations, page

_ID_ALPHABET = string.ascii_lowercase + string.digits
_DEFAULT_POLICIES = {"UntrustedArtifactOnDeployment": "Warn"}


class CodeSigningOperations(LambdaOperations):
    def create_code_signing_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        config_id = "csc-" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(17))
        arn = f"arn:aws:lambda:{ctx.region}:{ctx.account_id}:code-signing-config:{config_id}"
        config = {
            "AllowedPublishers": params["AllowedPublishers"],
            "CodeSigningConfigArn": arn,
            "CodeSigningConfigId": config_id,
            "CodeSigningPolicies": params.get("CodeSigningPolicies") or dict(_DEFAULT_POLICIES),
            "Description": params.get("Description") or "",
            "LastModified": timestamp(),
        }
        self.registry.code_signing.setdefault(ctx.region, {})[arn] = config
        if params.get("Tags"):
            check_tag_count(params["Tags"])
            self.registry.resource_tags[arn] = dict(params["Tags"])
        self.registry.save()
        return {"CodeSigningConfig": config}

    def get_code_signing_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return {"CodeSigningConfig": self._code_signing_config(ctx, params["CodeSigningConfigArn"])}

    def update_code_signing_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        config = self._code_signing_config(ctx, params["CodeSigningConfigArn"])
        changed = {key: params[key] for key in ("AllowedPublishers", "CodeSigningPolicies", "Description") if key in params}
        if changed:
            config.update(changed, LastModified=timestamp())
            self.registry.save()
        return {"CodeSigningConfig": config}

    def delete_code_signing_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        arn = params["CodeSigningConfigArn"]
        self._code_signing_config(ctx, arn)
        del self.registry.code_signing[ctx.region][arn]
        self.registry.resource_tags.pop(arn, None)
        self.registry.save()
        return {}

    def list_code_signing_configs(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        found, marker = page("code-signing-configs", list(self.registry.code_signing.get(ctx.region, {}).values()), params, identity=_arn)
        return {"CodeSigningConfigs": found, **({"NextMarker": marker} if marker else {})}

    def list_functions_by_code_signing_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        arn = params["CodeSigningConfigArn"]
        self._code_signing_config(ctx, arn)
        functions = self.registry.functions.get(ctx.region, {}).values()
        signed = [{"arn": f.arn} for f in functions if f.code_signing_config_arn == arn]
        found, marker = page("signed-functions", signed, params, identity=lambda function: function["arn"])
        return {"FunctionArns": [f["arn"] for f in found], **({"NextMarker": marker} if marker else {})}

    def put_function_code_signing_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        arn = params["CodeSigningConfigArn"]
        # AWS checks the config before the function.
        if arn not in self.registry.code_signing.get(ctx.region, {}):
            raise CodeSigningConfigNotFoundException(
                f"The code signing configuration cannot be found. Check that the provided configuration is not deleted: {arn}."
            )
        function, _ = self.find(ctx, params["FunctionName"])
        function.code_signing_config_arn = arn
        self.registry.save()
        return {"CodeSigningConfigArn": arn, "FunctionName": function.name}

    def get_function_code_signing_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.find(ctx, params["FunctionName"])
        if function.code_signing_config_arn is None:
            return {}  # AWS's answer for a function without a code signing config
        return {"CodeSigningConfigArn": function.code_signing_config_arn, "FunctionName": function.name}

    def delete_function_code_signing_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.find(ctx, params["FunctionName"])
        function.code_signing_config_arn = None
        self.registry.save()
        return {}

    def _code_signing_config(self, ctx: RequestContext, arn: str) -> dict[str, Any]:
        config = self.registry.code_signing.get(ctx.region, {}).get(arn)
        if config is None:
            raise UntypedResourceNotFoundException(f"The Lambda code signing configuration {arn} can not be found.")
        return config


def _arn(config: dict[str, Any]) -> str:
    return config["CodeSigningConfigArn"]
