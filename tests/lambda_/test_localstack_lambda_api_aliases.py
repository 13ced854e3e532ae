"""Aliases' routing weights refused as AWS answered LocalStack's recorded requests (AWS-validated)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess

OUT_OF_RANGE = (
    "1 validation error detected: Value '{weights}' at 'routingConfig.additionalVersionWeights' failed to satisfy "
    "constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, "
    "Member must have value greater than or equal to 0.0, Member must not be null]"
)


@pytest.mark.parametrize(("weight", "shown"), [(2, "{2=2.0}"), (-1, "{2=-1.0}"), (1.5, "{2=1.5}")])
def test_a_weight_out_of_range_is_shown_as_a_java_double(
    server: EmulatorProcess, create_function: Callable[..., dict[str, Any]], weight: float, shown: str
) -> None:
    # LocalStack's AWS-validated snapshot test_lambda_api.snapshot.json::TestLambdaAlias::
    # test_notfound_and_invalid_routingconfigs (routing_config_exc_toohigh, routing_config_exc_subzero): the client
    # sends the integer 2, AWS's message prints the double it parsed.
    unchecked = server.client("lambda", config=Config(parameter_validation=False))
    create_function("routed", Publish=True)
    with pytest.raises(ClientError) as refused:
        unchecked.create_alias(
            FunctionName="routed", Name="custom", FunctionVersion="1", RoutingConfig={"AdditionalVersionWeights": {"2": weight}}
        )
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert refused.value.response["Error"] == {"Code": "ValidationException", "Message": OUT_OF_RANGE.format(weights=shown)}
    assert unchecked.list_aliases(FunctionName="routed")["Aliases"] == []
