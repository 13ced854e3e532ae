"""Deployments (CreateDeployment, GetDeployment(s), ...) and stages (CreateStage, UpdateStage, ...)."""

from __future__ import annotations

import re
from typing import Any

from ...aws.context import RequestContext
from ..common.access_logs import destination_refusal
from ..ids import new_id
from .deployment import DeployedApi
from .errors import BadRequestException, ConflictException
from .pages import page
from .patch import BOOL, MAP, STR, all_or_nothing, apply_patch, unescape
from .store import Deployment, RestApi, Store, timestamp_now

_STAGE_FIELDS = {
    "description": STR,
    "cacheClusterEnabled": BOOL,
    "cacheClusterSize": STR,
    "tracingEnabled": BOOL,
    "clientCertificateId": STR,
    "documentationVersion": STR,
    "webAclArn": STR,
    "variables": MAP,
}
#: ``/{resource}/{method}/<setting>`` patch paths and the MethodSetting member each sets.
_METHOD_SETTINGS: dict[str, tuple[str, Any]] = {
    "throttling/rateLimit": ("throttlingRateLimit", float),
    "throttling/burstLimit": ("throttlingBurstLimit", int),
    "logging/loglevel": ("loggingLevel", str),
    "logging/dataTrace": ("dataTraceEnabled", lambda v: str(v).lower() == "true"),
    "metrics/enabled": ("metricsEnabled", lambda v: str(v).lower() == "true"),
    "caching/enabled": ("cachingEnabled", lambda v: str(v).lower() == "true"),
    "caching/ttlInSeconds": ("cacheTtlInSeconds", int),
    "caching/dataEncrypted": ("cacheDataEncrypted", lambda v: str(v).lower() == "true"),
    "caching/requireAuthorizationForCacheControl": (
        "requireAuthorizationForCacheControl",
        lambda v: str(v).lower() == "true",
    ),
    "caching/unauthorizedCacheControlHeaderStrategy": ("unauthorizedCacheControlHeaderStrategy", str),
}
#: UpdateStage's answer to a path it does not know, listing the paths as AWS words (and runs) them.
_BAD_STAGE_PATH = (
    "Invalid method setting path: {path}. Must be one of: [/deploymentId, /description, /cacheClusterEnabled, "
    "/cacheClusterSize, /clientCertificateId, /accessLogSettings, /accessLogSettings/destinationArn, "
    "/accessLogSettings/format, /{{resourcePath}}/{{httpMethod}}/metrics/enabled, "
    "/{{resourcePath}}/{{httpMethod}}/logging/dataTrace, /{{resourcePath}}/{{httpMethod}}/logging/loglevel, "
    "/{{resourcePath}}/{{httpMethod}}/throttling/burstLimit/{{resourcePath}}/{{httpMethod}}/throttling/rateLimit"
    "/{{resourcePath}}/{{httpMethod}}/caching/ttlInSeconds, /{{resourcePath}}/{{httpMethod}}/caching/enabled, "
    "/{{resourcePath}}/{{httpMethod}}/caching/dataEncrypted, "
    "/{{resourcePath}}/{{httpMethod}}/caching/requireAuthorizationForCacheControl, "
    "/{{resourcePath}}/{{httpMethod}}/caching/unauthorizedCacheControlHeaderStrategy, /*/*/metrics/enabled, "
    "/*/*/logging/dataTrace, /*/*/logging/loglevel, /*/*/throttling/burstLimit /*/*/throttling/rateLimit "
    "/*/*/caching/ttlInSeconds, /*/*/caching/enabled, /*/*/caching/dataEncrypted, "
    "/*/*/caching/requireAuthorizationForCacheControl, /*/*/caching/unauthorizedCacheControlHeaderStrategy, "
    "/variables/{{variable_name}}, /tracingEnabled]"
)
_STAGE_NAME = re.compile(r"[a-zA-Z0-9_]+")
#: Stage variable values as the API reference allows them.
_STAGE_VARIABLE_VALUE = re.compile(r"[A-Za-z0-9\-._~:/?#&=,]+")
#: AWS's refusal of any other value (its symbol list, quotes and two spaces as AWS sent them).
_BAD_STAGE_VARIABLE = (
    "Invalid stage variable value: {value}.  Please use values with alphanumeric characters and the symbols "
    "' ', -', '.', '_', ':', '/', '?', '&', '=', and ','."
)
#: The cache capacity AWS gives a stage whose cache is enabled without a size.
_DEFAULT_CACHE_SIZE = "0.5"
_ACCESS_LOG_FIELDS = ("destinationArn", "format")
#: A new method setting's members; ``loggingLevel`` shows only once set (as AWS recorded).
_DEFAULT_METHOD_SETTING: dict[str, Any] = {
    "metricsEnabled": False,
    "dataTraceEnabled": False,
    "throttlingBurstLimit": 5000,
    "throttlingRateLimit": 10000.0,
    "cachingEnabled": False,
    "cacheTtlInSeconds": 300,
    "cacheDataEncrypted": False,
    "requireAuthorizationForCacheControl": True,
    "unauthorizedCacheControlHeaderStrategy": "SUCCEED_WITH_RESPONSE_HEADER",
}


def create_deployment(api: RestApi, description: str | None) -> Deployment:
    methods = [(r, m) for r in api.resources.values() for m in r.get("resourceMethods", {}).values()]
    if not methods:
        raise BadRequestException("The REST API doesn't contain any methods")
    if any("methodIntegration" not in method for _, method in methods):
        raise BadRequestException("No integration defined for method")
    data: dict[str, Any] = {"id": new_id(), "createdDate": timestamp_now()}
    if description:
        data["description"] = description
    deployment = Deployment(data, DeployedApi.snapshot(api, data["id"]))
    api.deployments[data["id"]] = deployment
    return deployment


def check_stage_name(name: str) -> None:
    if not _STAGE_NAME.fullmatch(name):
        raise BadRequestException("Stage name only allows a-zA-Z0-9_")


def check_stage_variables(values: Any) -> None:
    for value in values:
        if not _STAGE_VARIABLE_VALUE.fullmatch(str(value or "")):
            raise BadRequestException(_BAD_STAGE_VARIABLE.format(value=value or ""))


def new_stage(api: RestApi, name: str, deployment_id: str, params: dict[str, Any]) -> dict[str, Any]:
    now = timestamp_now()
    stage: dict[str, Any] = {
        "deploymentId": deployment_id,
        "stageName": name,
        "cacheClusterEnabled": bool(params.get("cacheClusterEnabled", False)),
        "methodSettings": {},
        "tracingEnabled": bool(params.get("tracingEnabled", False)),
        "createdDate": now,
        "lastUpdatedDate": now,
    }
    for key in (
        "description",
        "variables",
        "cacheClusterSize",
        "documentationVersion",
        "tags",
    ):
        if params.get(key) is not None:
            stage[key] = params[key]
    _settle_cache_cluster(stage)
    if params.get("canarySettings") is not None:
        settings = params["canarySettings"]
        stage["canarySettings"] = _canary(settings, settings.get("deploymentId") or deployment_id)
    api.stages[name] = stage
    return stage


class StagesOperations:
    store: Store

    def stage_changed(self, api_id: str, stage_name: str) -> None:
        """Hook for the data plane to drop what it derived from a stage."""

    def _api(self, ctx: RequestContext, params: dict[str, Any]) -> RestApi:
        return self.store.api(ctx.region, params["restApiId"], ctx.account_id)

    # -- deployments -------------------------------------------------------

    def create_deployment(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self._api(ctx, params)
        stage_name = params.get("stageName")
        if params.get("canarySettings"):
            _check_canary_stage(api, stage_name)
        if stage_name:
            check_stage_name(stage_name)
        check_stage_variables((params.get("variables") or {}).values())
        deployment = create_deployment(api, params.get("description"))
        if stage_name:
            stage = api.stages.get(stage_name)
            if stage is not None and params.get("canarySettings"):
                # A canary deployment: the stage keeps its deployment, the canary gets the new one.
                stage["canarySettings"] = _canary(params["canarySettings"], deployment.data["id"])
                stage["lastUpdatedDate"] = timestamp_now()
            elif stage is None:
                stage_params = {**params, "description": params.get("stageDescription")}
                new_stage(api, stage_name, deployment.data["id"], stage_params)
            else:
                stage["deploymentId"] = deployment.data["id"]
                if params.get("variables"):
                    stage.setdefault("variables", {}).update(params["variables"])
                stage["lastUpdatedDate"] = timestamp_now()
            self.stage_changed(api.id, stage_name)
        return deployment.data

    def get_deployment(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        deployment = self._api(ctx, params).deployment(params["deploymentId"])
        if "apisummary" not in (params.get("embed") or []):
            return deployment.data
        return {**deployment.data, "apiSummary": _api_summary(deployment.snapshot.resources)}

    def get_deployments(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return page([d.data for d in self._api(ctx, params).deployments.values()], params)

    def update_deployment(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        deployment = self._api(ctx, params).deployment(params["deploymentId"])
        apply_patch(deployment.data, params.get("patchOperations", []), {"description": STR})
        return deployment.data

    def delete_deployment(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self._api(ctx, params)
        api.deployment(params["deploymentId"])
        if any(stage["deploymentId"] == params["deploymentId"] for stage in api.stages.values()):
            raise BadRequestException("Active stages pointing to this deployment must be moved or deleted")
        del api.deployments[params["deploymentId"]]
        return {}

    # -- stages ------------------------------------------------------------

    def create_stage(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self._api(ctx, params)
        name = params["stageName"]
        check_stage_name(name)
        check_stage_variables((params.get("variables") or {}).values())
        api.deployment(params["deploymentId"])
        if name in api.stages:
            raise ConflictException("Stage already exists")
        stage = new_stage(api, name, params["deploymentId"], params)
        self.stage_changed(api.id, name)
        return stage

    def get_stage(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return self._api(ctx, params).stage(params["stageName"])

    def get_stages(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self._api(ctx, params)
        wanted = params.get("deploymentId")
        return {"item": [s for s in api.stages.values() if not wanted or s["deploymentId"] == wanted]}

    def update_stage(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self._api(ctx, params)
        stage = api.stage(params["stageName"])
        with all_or_nothing(stage):
            self._patch_stage(api, stage, params.get("patchOperations", []))
        stage["lastUpdatedDate"] = timestamp_now()
        self.stage_changed(api.id, stage["stageName"])
        return stage

    @staticmethod
    def _patch_stage(api: RestApi, stage: dict[str, Any], operations: list[dict[str, Any]]) -> None:
        plain = []
        for operation in operations:
            path = operation.get("path", "")
            if path == "/deploymentId":
                api.deployment(operation.get("value") or "")
                stage["deploymentId"] = operation["value"]
            elif _is_method_setting(path):
                if _names_a_deployed_resource(api, stage, path):
                    _patch_method_setting(stage, path, operation)
            elif path.startswith("/canarySettings"):
                _patch_canary(api, stage, path, operation)
            elif path.startswith("/accessLogSettings"):
                _patch_access_log_settings(stage, path, operation)
            elif path.lstrip("/").split("/")[0] in _STAGE_FIELDS:
                if path.startswith("/variables/") and operation.get("op") in ("add", "replace"):
                    check_stage_variables((operation.get("value"),))
                plain.append(operation)
            elif _is_method_setting_key(path) and operation.get("op") == "remove":
                _remove_method_setting(stage, path)
            else:
                raise BadRequestException(_BAD_STAGE_PATH.format(path=path))
        apply_patch(stage, plain, _STAGE_FIELDS)
        _settle_cache_cluster(stage)

    def flush_stage_authorizers_cache(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self._api(ctx, params)
        api.stage(params["stageName"])
        self.stage_changed(api.id, params["stageName"])
        return {}

    def flush_stage_cache(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        """No response cache is kept offline; the stage must still exist."""
        self._api(ctx, params).stage(params["stageName"])
        return {}

    def delete_stage(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self._api(ctx, params)
        api.stage(params["stageName"])
        del api.stages[params["stageName"]]
        self.stage_changed(api.id, params["stageName"])
        return {}


def _settle_cache_cluster(stage: dict[str, Any]) -> None:
    """The cache cluster as AWS shows it once provisioned: an enabled cache is AVAILABLE (0.5 GB unless
    sized), a disabled one NOT_AVAILABLE. AWS passes through CREATE/DELETE_IN_PROGRESS for minutes;
    offline there is nothing to wait for, and waiters (Terraform's) poll for these settled states."""
    if stage["cacheClusterEnabled"]:
        stage.setdefault("cacheClusterSize", _DEFAULT_CACHE_SIZE)
        stage["cacheClusterStatus"] = "AVAILABLE"
    else:
        stage["cacheClusterStatus"] = "NOT_AVAILABLE"


def _api_summary(resources: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """``embed=apisummary``: each deployed path's methods with how they are authorized."""
    return {
        resource["path"]: {
            verb: {"authorizationType": method["authorizationType"], "apiKeyRequired": method["apiKeyRequired"]}
            for verb, method in resource["resourceMethods"].items()
        }
        for resource in sorted(resources, key=lambda r: r["path"])
        if resource.get("resourceMethods")
    }


def _is_method_setting(path: str) -> bool:
    parts = path.lstrip("/").split("/")
    return len(parts) >= 4 and "/".join(parts[2:]) in _METHOD_SETTINGS


def _names_a_deployed_resource(api: RestApi, stage: dict[str, Any], path: str) -> bool:
    """A method setting of a resource path the stage's deployment lacks is dropped without a word, as AWS
    recorded (LocalStack's test_apigateway_common::test_create_update_stages). ``/*`` is every resource;
    the path may be ``~1``-escaped or written bare (``/pets/GET/...``, as Terraform's method_path makes it)."""
    resource = path.lstrip("/").split("/")[0]
    if resource == "*":
        return True
    wanted = "/" + unescape(resource).lstrip("/")
    return any(deployed["path"] == wanted for deployed in api.deployment(stage["deploymentId"]).snapshot.resources)


def _is_method_setting_key(path: str) -> bool:
    """``/{resourcePath}/{httpMethod}``: the whole setting of one method (or ``/*/*``)."""
    return len(path.lstrip("/").split("/")) == 2


def _remove_method_setting(stage: dict[str, Any], path: str) -> None:
    key = path.strip("/")
    if stage["methodSettings"].pop(key, None) is None:
        raise BadRequestException(
            f"Cannot remove method setting {key} because there is no method setting for this method "
        )


def _check_canary_stage(api: RestApi, stage_name: str | None) -> None:
    """A canary deployment goes to an existing stage (AWS's words, run together as AWS runs them)."""
    if not stage_name:
        raise BadRequestException(
            "Invalid deployment content specified.Non null and non empty stageName must be provided for canary "
            "deployment. Provided value is null"
        )
    if stage_name not in api.stages:
        raise BadRequestException(
            f"Invalid deployment content specified.Stage {stage_name} must already be created before making a "
            "canary release deployment"
        )


def _canary(settings: dict[str, Any], deployment_id: str) -> dict[str, Any]:
    """A stage's CanarySettings from CreateDeployment's DeploymentCanarySettings."""
    canary: dict[str, Any] = {"percentTraffic": float(settings.get("percentTraffic", 0.0)), "deploymentId": deployment_id}
    if settings.get("stageVariableOverrides"):
        canary["stageVariableOverrides"] = dict(settings["stageVariableOverrides"])
    canary["useStageCache"] = bool(settings.get("useStageCache", False))
    return canary


def _patch_canary(api: RestApi, stage: dict[str, Any], path: str, operation: dict[str, Any]) -> None:
    """``/canarySettings/percentTraffic``, ``/deploymentId``, ``/useStageCache``, ``/stageVariableOverrides/x``."""
    parts = path.strip("/").split("/")[1:]
    op, value = operation.get("op"), operation.get("value")
    if not parts:
        if op != "remove":
            raise BadRequestException(_BAD_STAGE_PATH.format(path=path))
        stage.pop("canarySettings", None)
        return
    member = parts[0]
    current = stage.get("canarySettings") or {}
    if op == "remove" and len(parts) == 1 and not (member == "stageVariableOverrides" and current.get(member)):
        raise BadRequestException(
            f"Cannot remove method setting canarySettings/{member} because there is no method setting for this method "
        )
    if op == "add" and member in ("deploymentId", "percentTraffic", "useStageCache"):
        raise BadRequestException(f"Invalid add operation with path: {path}")
    # A canary made by a patch releases the stage's own deployment until told otherwise.
    canary = stage.setdefault(
        "canarySettings", {"deploymentId": stage["deploymentId"], "percentTraffic": 0.0, "useStageCache": False}
    )
    if member == "stageVariableOverrides" and len(parts) == 1:
        canary.pop(member, None)
    elif member == "stageVariableOverrides" and len(parts) == 2:
        overrides = canary.setdefault("stageVariableOverrides", {})
        if op == "remove":
            overrides.pop(parts[1], None)
        else:
            overrides[parts[1]] = value
    elif member == "percentTraffic" and len(parts) == 1:
        try:
            canary["percentTraffic"] = float(str(value))
        except ValueError:
            raise BadRequestException(f"Invalid value for percentTraffic: {value}") from None
    elif member == "deploymentId" and len(parts) == 1:
        api.deployment(value or "")
        canary["deploymentId"] = value
    elif member == "useStageCache" and len(parts) == 1:
        canary["useStageCache"] = str(value).lower() == "true"
    else:
        raise BadRequestException(_BAD_STAGE_PATH.format(path=path))


def _patch_access_log_settings(stage: dict[str, Any], path: str, operation: dict[str, Any]) -> None:
    member = path.removeprefix("/accessLogSettings").strip("/")
    if member and member not in _ACCESS_LOG_FIELDS:
        raise BadRequestException(_BAD_STAGE_PATH.format(path=path))
    if operation.get("op") == "remove":
        if member:
            stage.get("accessLogSettings", {}).pop(member, None)
        if not member or not stage.get("accessLogSettings"):
            stage.pop("accessLogSettings", None)
        return
    if not member:
        raise BadRequestException(_BAD_STAGE_PATH.format(path=path))
    refusal = destination_refusal(operation.get("value") or "", firehose=True) if member == "destinationArn" else None
    if refusal:
        raise BadRequestException(refusal)
    stage.setdefault("accessLogSettings", {})[member] = operation.get("value")


def _patch_method_setting(stage: dict[str, Any], path: str, operation: dict[str, Any]) -> None:
    parts = path.lstrip("/").split("/")
    key = f"{parts[0]}/{parts[1]}"
    member, convert = _METHOD_SETTINGS["/".join(parts[2:])]
    settings = stage["methodSettings"]
    if operation.get("op") == "remove":
        settings.pop(key, None)
        return
    value = operation.get("value")
    try:
        if value is None:
            raise ValueError(value)
        converted = convert(value)
        if convert is int and not -(2**31) <= converted < 2**31:
            raise ValueError(value)  # past a Java int, as Integer.parseInt refuses it
    except ValueError:
        shown = "null" if value is None else value
        raise BadRequestException(f"Invalid value for {member}: {shown}") from None
    settings.setdefault(key, dict(_DEFAULT_METHOD_SETTING))[member] = converted


def method_setting_key(resource_path: str, http_method: str) -> str:
    """The methodSettings key of one method: ``~1items~1{id}/GET``."""
    return resource_path.replace("~", "~0").replace("/", "~1") + "/" + http_method
