"""One handler per resource type: ``(deployer, resource, properties) -> Deployed``."""

from __future__ import annotations

from ..deploy import Deployed, Handler
from . import (
    access,
    functions,
    http_apis,
    lambda_versions,
    logs,
    rest_apis,
    rest_resources,
    rest_usage_plans,
    serverless_function,
    serverless_websocket_api,
    tables,
    websocket_apis,
)

HANDLERS: dict[str, Handler] = {
    "AWS::DynamoDB::Table": tables.deploy_table,
    "AWS::Serverless::SimpleTable": tables.deploy_simple_table,
    "AWS::Serverless::Function": serverless_function.deploy_serverless_function,
    "AWS::Serverless::Connector": access.deploy_connector,
    "AWS::Lambda::Function": functions.deploy_lambda_function,
    "AWS::Serverless::LayerVersion": functions.deploy_layer,
    "AWS::Lambda::LayerVersion": functions.deploy_layer,
    "AWS::Lambda::EventSourceMapping": functions.deploy_event_source_mapping,
    "AWS::Lambda::Permission": functions.deploy_permission,
    "AWS::Lambda::Version": lambda_versions.deploy_version,
    "AWS::Lambda::Alias": lambda_versions.deploy_alias,
    "AWS::Lambda::Url": lambda_versions.deploy_url,
    "AWS::Serverless::Api": rest_apis.deploy_serverless_api,
    "AWS::Serverless::HttpApi": http_apis.deploy_serverless_http_api,
    "AWS::Serverless::WebSocketApi": serverless_websocket_api.deploy_serverless_websocket_api,
    **websocket_apis.HANDLERS,
    **rest_resources.HANDLERS,
    **rest_usage_plans.HANDLERS,
    **logs.HANDLERS,
    # cdk synth's record of the CDK version: nothing to make.
    "AWS::CDK::Metadata": lambda deployer, resource, properties: Deployed(resource.logical_id),
}
