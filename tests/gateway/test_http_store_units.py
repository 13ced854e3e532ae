"""The stored model: deployments freeze what a stage serves, and automatic ones don't pile up copies."""

from __future__ import annotations

from emulator.aws.context import RequestContext
from emulator.config import Settings
from emulator.gateway.http_provider import ApiGatewayV2Provider

CTX = RequestContext(region="us-east-1")


def test_auto_deploy_keeps_only_the_snapshots_stages_use() -> None:
    provider = ApiGatewayV2Provider(Settings(), lambda_=None)
    api_id = provider.create_api(CTX, {"Name": "a", "ProtocolType": "HTTP"})["ApiId"]
    provider.create_stage(CTX, {"ApiId": api_id, "StageName": "$default", "AutoDeploy": True})
    for index in range(50):
        provider.create_route(CTX, {"ApiId": api_id, "RouteKey": f"GET /r{index}"})
    model = provider.get_api_model(api_id)
    assert model is not None
    assert len(model.deployments) == 51
    assert len(model.snapshots) == 1
    snapshot = model.snapshot_for_stage("$default")
    assert snapshot is not None and len(snapshot.routes) == 50


def test_a_manual_deployment_keeps_serving_what_it_froze() -> None:
    provider = ApiGatewayV2Provider(Settings(), lambda_=None)
    api_id = provider.create_api(CTX, {"Name": "a", "ProtocolType": "HTTP"})["ApiId"]
    provider.create_route(CTX, {"ApiId": api_id, "RouteKey": "GET /one"})
    provider.create_stage(CTX, {"ApiId": api_id, "StageName": "prod"})
    first = provider.create_deployment(CTX, {"ApiId": api_id, "StageName": "prod"})["DeploymentId"]
    provider.create_route(CTX, {"ApiId": api_id, "RouteKey": "GET /two"})
    provider.create_deployment(CTX, {"ApiId": api_id, "StageName": "prod"})
    model = provider.get_api_model(api_id)
    assert model is not None
    snapshot = model.snapshot_for_stage("prod")
    assert snapshot is not None and len(snapshot.routes) == 2
    provider.update_stage(CTX, {"ApiId": api_id, "StageName": "prod", "DeploymentId": first})
    rolled_back = model.snapshot_for_stage("prod")
    assert rolled_back is not None
    assert [route["RouteKey"] for route in rolled_back.routes.values()] == ["GET /one"]
