"""API Gateway's REST control plane writes its dates as whole epoch seconds (``1438884790``), as
every example of AWS's API reference and the AWS CLI's shows: the CLI prints them as they came."""

from __future__ import annotations

import httpx

from emulator.testing import EmulatorProcess

AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=test/20261130/us-east-1/apigateway/aws4_request, SignedHeaders=host, Signature=0"


def test_dates_are_whole_epoch_seconds_on_the_wire(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    api_id = client.create_rest_api(name="dates")["id"]
    root = client.get_resources(restApiId=api_id)["items"][0]["id"]
    client.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    client.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK")
    client.create_deployment(restApiId=api_id, stageName="prod")
    key_id = client.create_api_key(name="k")["id"]
    headers = {"Authorization": AUTHORIZATION}
    api = httpx.get(f"{server.url}/restapis/{api_id}", headers=headers).json()
    stage = httpx.get(f"{server.url}/restapis/{api_id}/stages/prod", headers=headers).json()
    key = httpx.get(f"{server.url}/apikeys/{key_id}", headers=headers).json()
    for date in (api["createdDate"], stage["createdDate"], stage["lastUpdatedDate"], key["createdDate"]):
        assert isinstance(date, int)
