"""API keys as AWS answers them: name-prefix filters, ImportApiKeys' refusal of a CSV without keys.

A conformance suite expects nameQuery to match anywhere in the name; AWS matches prefixes
only (LocalStack's AWS-validated test_get_api_keys: prefix found, postfix and infix not;
moto #8220, validated on AWS for both operations). customerId matches exactly.
"""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from rest_helpers import error_of

from emulator.testing import EmulatorProcess


def test_name_query_matches_prefixes_only(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    first = client.create_api_key(name="test-key-alpha")["id"]
    second = client.create_api_key(name="test-key-beta")["id"]
    plan_id = client.create_usage_plan(name="plan")["id"]
    for key_id in (first, second):
        client.create_usage_plan_key(usagePlanId=plan_id, keyId=key_id, keyType="API_KEY")

    def names(query: str) -> list[str]:
        keys = client.get_api_keys(nameQuery=query)["items"]
        plan_keys = client.get_usage_plan_keys(usagePlanId=plan_id, nameQuery=query)["items"]
        assert sorted(k["id"] for k in keys) == sorted(k["id"] for k in plan_keys)
        return sorted(k["name"] for k in keys)

    assert names("test-key") == ["test-key-alpha", "test-key-beta"]
    assert names("test-key-alpha") == ["test-key-alpha"]
    assert names("key-alpha") == []
    assert names("est-key") == []


def test_customer_id_matches_exactly(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    wanted = client.create_api_key(name="a", customerId="portal-123")["id"]
    client.create_api_key(name="b", customerId="portal-1234")
    client.create_api_key(name="c")
    assert [k["id"] for k in client.get_api_keys(customerId="portal-123")["items"]] == [wanted]


def test_import_without_a_key_column_is_refused_in_aws_words(server: EmulatorProcess) -> None:
    """boto3 issue #1280: AWS answered a CSV body with no Key column with BadRequest "Missing required column 'Key'"."""
    client = server.client("apigateway")
    with pytest.raises(ClientError) as info:
        client.import_api_keys(body=b"/tmp/apikey.csv", format="csv", failOnWarnings=False)
    assert error_of(info) == ("BadRequestException", "Missing required column 'Key'", 400)
    assert client.get_api_keys()["items"] == []
