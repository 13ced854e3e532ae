"""A REST stage's settings as templates give them, applied with one UpdateStage.

``AccessLogSetting``, ``TracingEnabled`` and ``MethodSettings`` appear alike on
``AWS::Serverless::Api``, ``AWS::ApiGateway::Stage`` and a deployment's
``StageDescription``; CreateStage takes none of them, so they become patch
operations on the stage just made.
"""

from __future__ import annotations

from typing import Any

#: MethodSettings members and the setting paths they patch (under /{resourcePath}/{httpMethod}/).
_METHOD_SETTINGS = {
    "LoggingLevel": "logging/loglevel",
    "DataTraceEnabled": "logging/dataTrace",
    "MetricsEnabled": "metrics/enabled",
    "ThrottlingBurstLimit": "throttling/burstLimit",
    "ThrottlingRateLimit": "throttling/rateLimit",
    "CachingEnabled": "caching/enabled",
    "CacheTtlInSeconds": "caching/ttlInSeconds",
    "CacheDataEncrypted": "caching/dataEncrypted",
}


def apply_stage_settings(client: Any, api_id: str, stage: str, properties: dict[str, Any]) -> None:
    operations = stage_patch(properties)
    if operations:
        client.update_stage(restApiId=api_id, stageName=stage, patchOperations=operations)


def stage_patch(properties: dict[str, Any]) -> list[dict[str, str]]:
    operations = []
    access_log = properties.get("AccessLogSetting") or {}
    for member, path in (("DestinationArn", "destinationArn"), ("Format", "format")):
        if access_log.get(member) is not None:
            operations.append(_replace(f"/accessLogSettings/{path}", str(access_log[member])))
    if properties.get("TracingEnabled") is not None:
        operations.append(_replace("/tracingEnabled", _text(properties["TracingEnabled"])))
    for setting in properties.get("MethodSettings") or []:
        # The resource path is escaped as a JSON pointer segment: "/pets" is "~1pets", "/*" is "*".
        resource = str(setting.get("ResourcePath", "/*"))
        resource = "*" if resource == "/*" else resource.replace("/", "~1")
        prefix = f"/{resource}/{setting.get('HttpMethod', '*')}"
        for member, path in _METHOD_SETTINGS.items():
            if setting.get(member) is not None:
                operations.append(_replace(f"{prefix}/{path}", _text(setting[member])))
    return operations


def _replace(path: str, value: str) -> dict[str, str]:
    return {"op": "replace", "path": path, "value": value}


def _text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)
