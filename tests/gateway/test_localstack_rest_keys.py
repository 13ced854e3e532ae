"""API keys and usage plan keys replayed from LocalStack's AWS-validated snapshots
(tests/aws/services/apigateway/test_apigateway_extended.snapshot.json): each test names the recording."""

from __future__ import annotations

from emulator.testing import EmulatorProcess


# LocalStack's AWS-validated snapshot test_apigateway_extended.snapshot.json::TestApigatewayApiKeysCrud::
# test_get_usage_plan_api_keys
def test_usage_plan_keys_are_listed_by_name_prefix_and_leave_with_their_key(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    first = client.create_api_key(name="test-key-one")
    second = client.create_api_key(name="test-key-two")
    assert first["enabled"] is False and first["stageKeys"] == []
    plan = client.create_usage_plan(name="plan")
    assert plan["apiStages"] == []
    assert client.get_usage_plan_keys(usagePlanId=plan["id"])["items"] == []
    created = client.create_usage_plan_key(usagePlanId=plan["id"], keyId=first["id"], keyType="API_KEY")
    assert {k: created[k] for k in ("id", "name", "type", "value")} == {
        "id": first["id"],
        "name": "test-key-one",
        "type": "API_KEY",
        "value": first["value"],
    }
    client.create_usage_plan_key(usagePlanId=plan["id"], keyId=second["id"], keyType="API_KEY")

    def names(**query: str) -> list[str]:
        return sorted(k["name"] for k in client.get_usage_plan_keys(usagePlanId=plan["id"], **query)["items"])

    assert names() == names(nameQuery="test-key") == ["test-key-one", "test-key-two"]
    assert names(nameQuery="TEST-key") == []
    assert names(nameQuery="test-key-one") == ["test-key-one"]
    assert names(nameQuery="nothing") == []
    client.delete_api_key(apiKey=first["id"])
    client.delete_api_key(apiKey=second["id"])
    assert names() == []


# LocalStack's AWS-validated snapshot test_apigateway_extended.snapshot.json::TestApigatewayApiKeysCrud::
# test_get_usage_plan_api_keys (get-up-keys-bad-usage-plan)
def test_an_unknown_usage_plan_lists_no_keys(server: EmulatorProcess) -> None:
    listed = server.client("apigateway").get_usage_plan_keys(usagePlanId="bad-id")
    assert (listed["items"], listed["ResponseMetadata"]["HTTPStatusCode"]) == ([], 200)
