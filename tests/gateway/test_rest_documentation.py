"""REST API documentation parts and versions through boto3 (``apigateway``)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess


@pytest.fixture
def apigw(server: EmulatorProcess) -> Any:
    return server.client("apigateway")


def _error(info: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]


def test_documentation_part_lifecycle(apigw: Any) -> None:
    api_id = apigw.create_rest_api(name="documented")["id"]
    location = {"type": "METHOD", "path": "/pets", "method": "GET"}
    created = apigw.create_documentation_part(restApiId=api_id, location=location, properties='{"summary": "list"}')
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert created["location"] == location and created["properties"] == '{"summary": "list"}'
    part_id = created["id"]
    assert apigw.get_documentation_part(restApiId=api_id, documentationPartId=part_id)["location"] == location
    apigw.create_documentation_part(restApiId=api_id, location={"type": "API"}, properties='{"info": "x"}')
    methods = apigw.get_documentation_parts(restApiId=api_id, type="METHOD")["items"]
    assert [p["id"] for p in methods] == [part_id]
    updated = apigw.update_documentation_part(
        restApiId=api_id,
        documentationPartId=part_id,
        patchOperations=[{"op": "replace", "path": "/properties", "value": '{"summary": "all pets"}'}],
    )
    assert updated["properties"] == '{"summary": "all pets"}'
    with pytest.raises(ClientError) as info:
        apigw.create_documentation_part(restApiId=api_id, location=location, properties="{}")
    assert _error(info)[0] == "ConflictException"
    apigw.delete_documentation_part(restApiId=api_id, documentationPartId=part_id)
    with pytest.raises(ClientError) as info:
        apigw.get_documentation_part(restApiId=api_id, documentationPartId=part_id)
    assert _error(info) == ("NotFoundException", "Invalid Documentation part identifier specified")


def test_import_documentation_parts(apigw: Any) -> None:
    api_id = apigw.create_rest_api(name="documented")["id"]
    document = {
        "openapi": "3.0.1",
        "info": {"title": "documented", "version": "1"},
        "paths": {},
        "x-amazon-apigateway-documentation": {
            "version": "1",
            "documentationParts": [
                {"location": {"type": "API"}, "properties": {"description": "the API"}},
                {"location": {"type": "RESOURCE", "path": "/pets"}, "properties": {"description": "pets"}},
            ],
        },
    }
    ids = apigw.import_documentation_parts(restApiId=api_id, mode="overwrite", body=json.dumps(document))["ids"]
    assert len(ids) == 2
    parts = {p["location"]["type"]: p for p in apigw.get_documentation_parts(restApiId=api_id)["items"]}
    assert json.loads(parts["RESOURCE"]["properties"]) == {"description": "pets"}


def test_documentation_versions(apigw: Any) -> None:
    api = apigw.create_rest_api(name="documented")
    root = api["rootResourceId"]
    apigw.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigw.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK")
    apigw.create_deployment(restApiId=api["id"], stageName="prod")
    version = apigw.create_documentation_version(
        restApiId=api["id"], documentationVersion="v1", stageName="prod", description="first"
    )
    assert version["version"] == "v1" and version["description"] == "first" and "createdDate" in version
    assert apigw.get_stage(restApiId=api["id"], stageName="prod")["documentationVersion"] == "v1"
    with pytest.raises(ClientError) as info:
        apigw.create_documentation_version(restApiId=api["id"], documentationVersion="v1")
    assert _error(info)[0] == "ConflictException"
    updated = apigw.update_documentation_version(
        restApiId=api["id"],
        documentationVersion="v1",
        patchOperations=[{"op": "replace", "path": "/description", "value": "changed"}],
    )
    assert updated["description"] == "changed"
    assert [v["version"] for v in apigw.get_documentation_versions(restApiId=api["id"])["items"]] == ["v1"]
    apigw.delete_documentation_version(restApiId=api["id"], documentationVersion="v1")
    with pytest.raises(ClientError) as info:
        apigw.get_documentation_version(restApiId=api["id"], documentationVersion="v1")
    assert _error(info) == ("NotFoundException", "Documentation version not found: v1")
