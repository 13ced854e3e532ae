"""Aliases as Terraform's acceptance tests read them back (hashicorp/terraform-provider-aws alias_test.go)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def test_routing_config_added_then_removed(lambda_client: Any, create_function: Callable[..., dict[str, Any]]) -> None:
    # alias_test.go::TestAccLambdaAlias_routing: created by function ARN on version 1, then weighted to
    # version 2, then the block removed (an empty weight map): RoutingConfig is then absent, not empty
    arn = create_function("tf-alias", Publish=True)["FunctionArn"]
    lambda_client.update_function_configuration(FunctionName="tf-alias", Description="v2")
    lambda_client.get_waiter("function_updated_v2").wait(FunctionName="tf-alias")
    lambda_client.publish_version(FunctionName="tf-alias")
    created = lambda_client.create_alias(
        FunctionName=arn, Name="live", FunctionVersion="1", Description="a sample description"
    )
    assert created["AliasArn"] == f"{arn}:live"
    assert "RoutingConfig" not in lambda_client.get_alias(FunctionName=arn, Name="live")
    lambda_client.update_alias(
        FunctionName=arn, Name="live", FunctionVersion="1", RoutingConfig={"AdditionalVersionWeights": {"2": 0.5}}
    )
    routed = lambda_client.get_alias(FunctionName=arn, Name="live")
    assert routed["RoutingConfig"] == {"AdditionalVersionWeights": {"2": 0.5}}
    lambda_client.update_alias(
        FunctionName=arn, Name="live", FunctionVersion="1", RoutingConfig={"AdditionalVersionWeights": {}}
    )
    assert "RoutingConfig" not in lambda_client.get_alias(FunctionName=arn, Name="live")
