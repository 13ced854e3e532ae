"""Lambda resources: functions, layers, event source mappings, permissions.

Code from a local folder (``CodeUri: src/``) is deployed with the hot-reload
code source (``S3Bucket: hot-reload``): the function runs the folder in
place, so edits reach the next invocation with no redeploy.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from ..deploy import Deployed, Deployer
from ..loader import TemplateError
from ..sam import Resource

HOT_RELOAD_BUCKET = "hot-reload"
_CONFIGURATION = ("Handler", "Runtime", "Timeout", "MemorySize", "Description", "Layers", "Architectures")
_INLINE_FILE = {"nodejs": "index.js", "python": "index.py"}


def deploy_serverless_function(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    if properties.get("Policies") or properties.get("Role"):
        deployer.note("IAM roles and policies are not enforced by the emulator; Policies and Role were ignored")
    for event in properties.get("UnsupportedEvents", []):
        deployer.note(f"{resource.logical_id}: event {event} is not emulated")
    if "InlineCode" in properties:
        code = {"ZipFile": _inline_zip(properties["InlineCode"], properties.get("Runtime", "python"))}
    elif "CodeUri" in properties:
        code = _folder_code(deployer, properties["CodeUri"], resource)
    else:
        raise TemplateError(f"{resource.logical_id}: a function needs CodeUri or InlineCode")
    return _create_or_update(deployer, resource, properties, code)


def deploy_lambda_function(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    source = properties.get("Code")
    if isinstance(source, str):
        code = _folder_code(deployer, source, resource)
    elif isinstance(source, dict) and "ZipFile" in source:
        code = {"ZipFile": _inline_zip(source["ZipFile"], properties.get("Runtime", "python"))}
    elif isinstance(source, dict) and source.get("S3Bucket") == HOT_RELOAD_BUCKET:
        code = {"S3Bucket": HOT_RELOAD_BUCKET, "S3Key": str(deployer.path(source["S3Key"]))}
    else:
        raise TemplateError(
            f"{resource.logical_id}: Code must be inline (ZipFile), a local folder, or the hot-reload bucket; "
            "the emulator has no S3"
        )
    return _create_or_update(deployer, resource, properties, code)


def _folder_code(deployer: Deployer, relative: Any, resource: Resource) -> dict[str, Any]:
    if not isinstance(relative, str):
        raise TemplateError(f"{resource.logical_id}: CodeUri must be a local folder (S3 locations need S3)")
    folder = deployer.path(relative)
    if not folder.is_dir():
        raise TemplateError(f"{resource.logical_id}: CodeUri {relative} is not a folder next to the template")
    return {"S3Bucket": HOT_RELOAD_BUCKET, "S3Key": str(folder)}


def _inline_zip(source: str, runtime: str) -> bytes:
    name = next((file for prefix, file in _INLINE_FILE.items() if runtime.startswith(prefix)), "index.py")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, source)
    return buffer.getvalue()


def _zip_folder(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                archive.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


def _create_or_update(deployer: Deployer, resource: Resource, properties: dict[str, Any], code: dict[str, Any]) -> Deployed:
    lambda_ = deployer.client("lambda")
    name = properties.get("FunctionName") or deployer.physical_name(resource.logical_id)
    configuration: dict[str, Any] = {key: properties[key] for key in _CONFIGURATION if key in properties}
    configuration["Environment"] = {
        "Variables": {k: str(v) for k, v in ((properties.get("Environment") or {}).get("Variables") or {}).items()}
    }
    role = properties.get("Role") if isinstance(properties.get("Role"), str) else None
    configuration["Role"] = role or f"arn:aws:iam::000000000000:role/{name}"
    try:
        lambda_.get_function_configuration(FunctionName=name)
    except lambda_.exceptions.ResourceNotFoundException:
        tags = properties.get("Tags") or {}
        description = lambda_.create_function(FunctionName=name, Code=code, Tags=tags, **configuration)
    else:
        lambda_.update_function_configuration(FunctionName=name, **configuration)
        lambda_.get_waiter("function_updated_v2").wait(FunctionName=name, WaiterConfig={"Delay": 0.05})
        description = lambda_.update_function_code(FunctionName=name, **_code_update(code))
    lambda_.get_waiter("function_active_v2").wait(FunctionName=name, WaiterConfig={"Delay": 0.05})
    reserved = properties.get("ReservedConcurrentExecutions")
    if reserved is not None:
        lambda_.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=int(reserved))
    runtime = configuration.get("Runtime", "")
    return Deployed(
        name,
        {"Arn": description["FunctionArn"]},
        f"function  {name} ({runtime}, {configuration.get('Handler', '')})",
    )


def _code_update(code: dict[str, Any]) -> dict[str, Any]:
    if "ZipFile" in code:
        return {"ZipFile": code["ZipFile"]}
    return {"S3Bucket": code["S3Bucket"], "S3Key": code["S3Key"]}


def deploy_layer(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    source = properties.get("ContentUri") or properties.get("Content")
    if not isinstance(source, str):
        raise TemplateError(f"{resource.logical_id}: a layer needs ContentUri, a local folder")
    folder = deployer.path(source)
    if not folder.is_dir():
        raise TemplateError(f"{resource.logical_id}: ContentUri {source} is not a folder next to the template")
    name = properties.get("LayerName") or deployer.physical_name(resource.logical_id)
    runtimes = properties.get("CompatibleRuntimes") or []
    layer = deployer.client("lambda").publish_layer_version(
        LayerName=name, Content={"ZipFile": _zip_folder(folder)}, CompatibleRuntimes=runtimes
    )
    return Deployed(layer["LayerVersionArn"], {"Arn": layer["LayerVersionArn"]}, f"layer     {layer['LayerVersionArn']}")


def deploy_event_source_mapping(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    lambda_ = deployer.client("lambda")
    params: dict[str, Any] = {
        key: properties[key]
        for key in (
            "BatchSize",
            "StartingPosition",
            "MaximumBatchingWindowInSeconds",
            "MaximumRetryAttempts",
            "BisectBatchOnFunctionError",
            "FilterCriteria",
            "Enabled",
        )
        if key in properties
    }
    params.setdefault("StartingPosition", "TRIM_HORIZON")
    existing = lambda_.list_event_source_mappings(
        FunctionName=properties["FunctionName"], EventSourceArn=properties["EventSourceArn"]
    )["EventSourceMappings"]
    if existing:
        uuid = existing[0]["UUID"]
        params.pop("StartingPosition")
        lambda_.update_event_source_mapping(UUID=uuid, FunctionName=properties["FunctionName"], **params)
    else:
        uuid = lambda_.create_event_source_mapping(
            FunctionName=properties["FunctionName"], EventSourceArn=properties["EventSourceArn"], **params
        )["UUID"]
    return Deployed(uuid, {}, f"trigger   {properties['EventSourceArn'].rsplit('/', 2)[-3]} stream -> {properties['FunctionName']}")


def deploy_permission(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    # Permissions are recorded by Lambda's policy, not enforced.
    lambda_ = deployer.client("lambda")
    statement = f"{deployer.stack_name}-{resource.logical_id}"
    params = {k: properties[k] for k in ("Action", "Principal", "SourceArn", "SourceAccount") if k in properties}
    try:
        lambda_.add_permission(FunctionName=properties["FunctionName"], StatementId=statement, **params)
    except lambda_.exceptions.ResourceConflictException:
        pass
    return Deployed(statement)
