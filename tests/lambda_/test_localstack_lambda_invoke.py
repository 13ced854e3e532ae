"""Invoke as AWS answered LocalStack's recorded requests (its AWS-validated test_lambda snapshots)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

NOT_JSON = "Could not parse request body into json: Could not parse payload into json: "
REDACTED = "\n at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: {}]"


@pytest.mark.parametrize(
    ("payload", "detail"),
    [
        (b"n\x87r\x9e\xe9\xb5\xd7I\xee\x9bmt", "Invalid UTF-8 start byte 0x87" + REDACTED.format(3)),
        (
            b"\x99\xeb,j\x07\xa1zYh",
            "Unexpected character ((CTRL-CHAR, code 153)): expected a valid value (JSON String, Number, Array, "
            "Object or token 'null', 'true' or 'false')" + REDACTED.format(1),
        ),
    ],
)
def test_payload_that_is_not_utf8_json_is_described_as_aws_does(
    create_function: Callable[..., dict[str, Any]], lambda_client: Any, payload: bytes, detail: str
) -> None:
    # LocalStack's AWS-validated snapshot test_lambda.snapshot.json::TestLambdaErrors::
    # test_lambda_invoke_payload_encoding_error (body and message cases, recorded 2025-11-24)
    create_function("strict-utf8")
    with pytest.raises(ClientError) as refused:
        lambda_client.invoke(FunctionName="strict-utf8", Payload=payload)
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert refused.value.response["Error"] == {"Code": "InvalidRequestContentException", "Message": NOT_JSON + detail}
    assert refused.value.response["Type"] == "User"


def test_invoking_a_missing_function_names_latest(lambda_client: Any) -> None:
    # LocalStack's AWS-validated snapshot test_lambda.snapshot.json::TestLambdaFeatures::test_invoke_exceptions
    with pytest.raises(ClientError) as missing:
        lambda_client.invoke(FunctionName="doesnotexist", Payload=b"{}")
    assert missing.value.response["Error"]["Message"] == (
        "Function not found: arn:aws:lambda:us-east-1:000000000000:function:doesnotexist:$LATEST"
    )


def test_unknown_invoke_mode_lists_aws_order(create_function: Callable[..., dict[str, Any]], lambda_client: Any) -> None:
    # LocalStack's AWS-validated snapshot test_lambda.snapshot.json::TestLambdaURL::test_lambda_url_invalid_invoke_mode
    create_function("modal")
    with pytest.raises(ClientError) as refused:
        lambda_client.create_function_url_config(FunctionName="modal", AuthType="NONE", InvokeMode="UNKNOWN")
    assert refused.value.response["Error"] == {
        "Code": "ValidationException",
        "Message": "1 validation error detected: Value 'UNKNOWN' at 'invokeMode' failed to satisfy constraint: "
        "Member must satisfy enum value set: [RESPONSE_STREAM, BUFFERED]",
    }
