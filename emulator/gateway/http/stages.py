"""Stages (``$default`` with AutoDeploy, stage variables, throttling) and deployments."""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from ..common.access_logs import destination_refusal
from .errors import BadRequestException, ConflictException, NotFoundException
from .store import ApiModel, ApiStore, Resource, child, merge, now, page


def _stage(model: ApiModel, name: str) -> Resource:
    stage = model.stages.get(name)
    if stage is None:
        raise NotFoundException(f"Invalid stage identifier specified {name}", ResourceType="Stage")
    return stage


def _check_access_logs(params: dict[str, Any]) -> None:
    """HTTP and WebSocket stages log to a CloudWatch Logs log group only (API reference, AccessLogSettings)."""
    arn = (params.get("AccessLogSettings") or {}).get("DestinationArn")
    refusal = destination_refusal(arn, firehose=False) if arn is not None else None
    if refusal:
        raise BadRequestException(refusal)


#: Route settings members only WebSocket APIs have (execution logs).
_EXECUTION_LOG_SETTINGS = ("DataTraceEnabled", "LoggingLevel")


def _check_route_settings(model: ApiModel, params: dict[str, Any]) -> None:
    """HTTP APIs have no execution logs, and route settings name routes the API has.

    AWS's words, as Terraform users recorded them: terraform-provider-aws#13801 (a
    DataTraceEnabled even false is refused, hence stage.go sending it for WebSocket
    APIs only) and terraform-aws-apigateway-v2#80 (404 for a route key with no
    route; ``$default`` needs none, stage_test.go routeSettingsHTTP).
    """
    if model.is_websocket:
        return
    settings = params.get("RouteSettings") or {}
    for members in (params.get("DefaultRouteSettings") or {}, *settings.values()):
        if any(name in members for name in _EXECUTION_LOG_SETTINGS):
            raise BadRequestException("Execution logs are not supported on protocolType HTTP")
    keys = {route["RouteKey"] for route in model.routes.values()}
    for route_key in settings:
        if route_key != "$default" and route_key not in keys:
            raise NotFoundException(
                f"Unable to find Route by key {route_key} within the provided RouteSettings",
                ResourceType="RouteSettings",
            )


def _merged_variables(current: dict[str, str], changes: dict[str, str]) -> dict[str, str]:
    """UpdateStage's StageVariables: the given ones set, an empty value removes one, the rest stay.

    Terraform's aws_apigatewayv2_stage sends only the changed variables and ""
    for removed ones, and reads none back (stage_test.go TestAccAPIGatewayV2Stage_stageVariables).
    """
    merged = {**current, **changes}
    return {name: value for name, value in merged.items() if value != ""}


def _check_deployable(model: ApiModel) -> None:
    if model.is_websocket and not model.routes:
        raise BadRequestException("At least one route is required before deploying the Api.")


class StageOperations:
    store: ApiStore

    def create_stage(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        name = params["StageName"]
        if name in model.stages:
            raise ConflictException(f"Stage {name} already exists")
        if name == "$default" and model.is_websocket:
            raise BadRequestException("$default stage is not supported for WEBSOCKET APIs")
        _check_access_logs(params)
        _check_route_settings(model, params)
        if "DeploymentId" in params:
            child(model.deployments, params["DeploymentId"], "Deployment")
            model.snapshot_of(params["DeploymentId"])
        created = now()
        stage: Resource = {
            "CreatedDate": created,
            "DefaultRouteSettings": {"DetailedMetricsEnabled": False},
            "LastUpdatedDate": created,
            "RouteSettings": {},
            "StageName": name,
            "StageVariables": {},
            "Tags": {},
        }
        if model.is_websocket:
            stage["DefaultRouteSettings"].update(DataTraceEnabled=False, LoggingLevel="OFF")
        merge(stage, params, skip=("ApiId", "DefaultRouteSettings"))
        stage["DefaultRouteSettings"].update(params.get("DefaultRouteSettings") or {})
        model.stages[name] = stage
        if stage.get("AutoDeploy") and "DeploymentId" not in params:
            model.point_stage(stage, model.deploy(auto=True))
        return stage

    def get_stage(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        return _stage(model, params["StageName"])

    def get_stages(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        return page(list(model.stages.values()), params, "StageName")

    def update_stage(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        stage = _stage(model, params["StageName"])
        _check_access_logs(params)
        _check_route_settings(model, params)
        if "DeploymentId" in params:
            child(model.deployments, params["DeploymentId"], "Deployment")
            model.snapshot_of(params["DeploymentId"])
        turned_on = params.get("AutoDeploy") and not stage.get("AutoDeploy")
        merge(stage, params, skip=("ApiId", "StageName", "StageVariables", "DefaultRouteSettings"))
        # Members a request leaves out keep their values (a WebSocket stage always has a LoggingLevel).
        stage["DefaultRouteSettings"].update(params.get("DefaultRouteSettings") or {})
        if "StageVariables" in params:
            stage["StageVariables"] = _merged_variables(stage["StageVariables"], params["StageVariables"])
        stage["LastUpdatedDate"] = now()
        if turned_on:
            model.point_stage(stage, model.deploy(auto=True))
        return stage

    def delete_stage(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        _stage(model, params["StageName"])
        del model.stages[params["StageName"]]
        return {}

    def delete_access_log_settings(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        _stage(model, params["StageName"]).pop("AccessLogSettings", None)
        return {}

    def delete_route_settings(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        stage = _stage(model, params["StageName"])
        if stage["RouteSettings"].pop(params["RouteKey"], None) is None:
            raise NotFoundException(
                f"Unable to find route settings for {params['RouteKey']}", ResourceType="RouteSettings"
            )
        return {}

    def create_deployment(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        stage = _stage(model, params["StageName"]) if "StageName" in params else None
        if stage is not None and stage.get("AutoDeploy"):
            raise BadRequestException(
                f"Stage {stage['StageName']} has AutoDeploy enabled; deployments to it are made automatically"
            )
        _check_deployable(model)
        deployment = model.deploy(params.get("Description"))
        if stage is not None:
            model.point_stage(stage, deployment)
        return deployment

    def get_deployment(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        return child(model.deployments, params["DeploymentId"], "Deployment")

    def get_deployments(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        return page(list(model.deployments.values()), params, "DeploymentId")

    def update_deployment(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        deployment = child(model.deployments, params["DeploymentId"], "Deployment")
        if "Description" in params:
            deployment["Description"] = params["Description"]
        return deployment

    def delete_deployment(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        deployment_id = params["DeploymentId"]
        child(model.deployments, deployment_id, "Deployment")
        if any(stage.get("DeploymentId") == deployment_id for stage in model.stages.values()):
            raise BadRequestException(
                f"Deployment {deployment_id} is in use by a stage and cannot be deleted"
            )
        del model.deployments[deployment_id]
        model.snapshots.pop(deployment_id, None)
        return {}
