"""Function URL configs: Create/Get/Update/Delete/ListFunctionUrlConfigs, and finding a config by its URL id.

The URLs themselves are served by ``function_urls/`` (the app routes them there).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import string
from collections.abc import Callable
from typing import Any

from ...aws.context import RequestContext
from ..configuration import refuse_if_tenant_isolated
from ..errors import (
    ResourceConflictException,
    ResourceNotFoundException,
    resource_not_found,
)
from ..functions import LATEST, Function
from .base import LambdaOperations, page

log = logging.getLogger("emulator.lambda")

_URL_ID_ALPHABET = string.ascii_lowercase + string.digits
DEFAULT_INVOKE_MODE = "BUFFERED"


def _now() -> str:
    """Function URL times as AWS writes them: ``2024-01-01T00:00:00.000000Z``."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _answer(config: dict[str, Any], params: dict[str, Any], *left_out: str) -> dict[str, Any]:
    """Create's and Update's answers show ``InvokeMode`` when the request set it or it is not the default."""
    shown = params.get("InvokeMode") or config.get("InvokeMode") != DEFAULT_INVOKE_MODE
    hidden = {*left_out, *(() if shown else ("InvokeMode",))}
    return {k: v for k, v in config.items() if k not in hidden}


def _function_missing() -> ResourceNotFoundException:
    return ResourceNotFoundException("Function does not exist")


def url_id_of(config: dict[str, Any]) -> str:
    """``abc...`` of ``https://abc....lambda-url.{region}.on.aws/``."""
    return config["FunctionUrl"][len("https://") :].partition(".")[0]


class FunctionUrlOperations(LambdaOperations):
    #: URL id -> (region, function name, url_configs key): where the config was last seen.
    #: Checked on every use, so deleted functions and configs need no bookkeeping here.
    url_index: dict[str, tuple[str, str, str]]

    def function_url(self, url_id: str) -> tuple[Function, str | None, dict[str, Any]] | None:
        """The function, qualifier and config a URL id names; None for an id no config has."""
        seen = self.url_index.get(url_id)
        if seen is not None:
            function = self.registry.functions.get(seen[0], {}).get(seen[1])
            config = function.url_configs.get(seen[2]) if function else None
            if function and config and url_id_of(config) == url_id:
                return function, (None if seen[2] == LATEST else seen[2]), config
        for functions in self.registry.functions.values():
            for function in functions.values():
                for key, config in function.url_configs.items():
                    if url_id_of(config) == url_id:
                        self.url_index[url_id] = (function.region, function.name, key)
                        return function, (None if key == LATEST else key), config
        return None

    def create_function_url_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, qualifier = self._url_target(ctx, params, _function_missing)
        key = qualifier or LATEST
        existing = function.url_configs.get(key)
        if existing is not None:
            raise ResourceConflictException(
                f"Failed to create function url config for [functionArn = {existing['FunctionArn']}]. "
                "Error message:  FunctionUrlConfig exists for this Lambda function"
            )
        if qualifier is not None and qualifier not in function.aliases:
            raise _function_missing()
        refuse_if_tenant_isolated(function.latest.config, "Function URL")
        url_id = "".join(secrets.choice(_URL_ID_ALPHABET) for _ in range(32))
        now = _now()
        config: dict[str, Any] = {
            "FunctionUrl": f"https://{url_id}.lambda-url.{function.region}.on.aws/",
            "FunctionArn": f"{function.arn}:{qualifier}" if qualifier else function.arn,
            "AuthType": params["AuthType"],
            "CreationTime": now,
            "LastModifiedTime": now,
            "InvokeMode": params.get("InvokeMode") or DEFAULT_INVOKE_MODE,
        }
        if params.get("Cors") is not None:
            config["Cors"] = params["Cors"]
        function.url_configs[key] = config
        self.registry.save()
        # The https://....on.aws URL does not resolve locally: say where it answers.
        log.info("function URL of %s: %s/_aws/lambda-url/%s/", config["FunctionArn"], self.settings.endpoint_url, url_id)
        return _answer(config, params, "LastModifiedTime")

    def get_function_url_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, qualifier = self._url_target(ctx, params, resource_not_found)
        return self._url_config(function, qualifier)

    def update_function_url_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, qualifier = self._url_target(ctx, params, _function_missing)
        if qualifier is not None and qualifier not in function.aliases:
            raise _function_missing()
        config = self._url_config(function, qualifier)
        for member in ("AuthType", "Cors", "InvokeMode"):
            if params.get(member) is not None:
                config[member] = params[member]
        config["LastModifiedTime"] = _now()
        self.registry.save()
        return _answer(config, params)

    def delete_function_url_config(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, qualifier = self._url_target(ctx, params, resource_not_found)
        self._url_config(function, qualifier)
        del function.url_configs[qualifier or LATEST]
        self.registry.save()
        return {}

    def list_function_url_configs(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self._url_target(ctx, params, _function_missing)
        found, marker = page("url-configs", list(function.url_configs.values()), params, identity=lambda config: config["FunctionArn"])
        return {"FunctionUrlConfigs": found, **({"NextMarker": marker} if marker else {})}

    def _url_target(self, ctx: RequestContext, params: dict[str, Any], missing: Callable[[], ResourceNotFoundException]) -> tuple[Function, str | None]:
        """The function and alias a URL config belongs to; ``missing()`` is what AWS raises without the function."""
        ref, function = self.lookup(ctx, params["FunctionName"], params.get("Qualifier"))
        if function is None:
            raise missing()
        return function, ref.qualifier

    @staticmethod
    def _url_config(function: Function, qualifier: str | None) -> dict[str, Any]:
        config = function.url_configs.get(qualifier or LATEST)
        if config is None:
            raise resource_not_found()
        return config
