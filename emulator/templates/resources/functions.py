"""AWS::Lambda::* resources: functions, layers, event source mappings, permissions.

Code from a local folder is deployed with the hot-reload code source
(``S3Bucket: hot-reload``): the function runs the folder in place, so edits
reach the next invocation with no redeploy. ``create_or_update`` is shared
with AWS::Serverless::Function, whose properties are mapped to these first.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

from ..deploy import ACCOUNT_ID, Deployed, Deployer
from ..loader import TemplateError
from ..sam import Resource

HOT_RELOAD_BUCKET = "hot-reload"
#: CreateFunction members an AWS::Lambda::Function property passes unchanged.
_SAME_NAME = (
    "Handler", "Runtime", "Timeout", "MemorySize", "Description", "Layers", "TracingConfig",
    "DeadLetterConfig", "EphemeralStorage", "LoggingConfig", "Environment", "DurableConfig",
)  # fmt: skip
#: Members UpdateFunctionConfiguration does not take (UpdateFunctionCode takes Architectures).
_CREATE_ONLY = ("Architectures", "Tags")
_INLINE_FILE = {"nodejs": "index.js", "python": "index.py"}
MAX_FUNCTION_NAME = 64


def deploy_lambda_function(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    source = _cdk_asset(resource, "Code") or properties.get("Code")
    if isinstance(source, str):
        code = folder_code(deployer, source, resource)
    elif isinstance(source, dict) and "ZipFile" in source:
        code = {"ZipFile": inline_zip(source["ZipFile"], properties.get("Runtime", "python"))}
    elif isinstance(source, dict) and source.get("S3Bucket") == HOT_RELOAD_BUCKET:
        code = {"S3Bucket": HOT_RELOAD_BUCKET, "S3Key": str(deployer.path(source["S3Key"]))}
    else:
        raise TemplateError(
            f"{resource.logical_id}: Code must be inline (ZipFile), a local folder, or the hot-reload bucket; "
            "the emulator has no S3"
        )
    configuration = {key: properties[key] for key in _SAME_NAME if key in properties}
    if "KmsKeyArn" in properties:
        configuration["KMSKeyArn"] = properties["KmsKeyArn"]
    if "Architectures" in properties:
        configuration["Architectures"] = properties["Architectures"]
    configuration["Tags"] = {tag["Key"]: str(tag["Value"]) for tag in properties.get("Tags") or []}
    return create_or_update(deployer, resource, properties, configuration, code)


def _cdk_asset(resource: Resource, property_name: str) -> str | None:
    """The local folder `cdk synth` left the property's code in (it names it in the resource's Metadata)."""
    metadata = resource.metadata
    if metadata.get("aws:asset:property") == property_name and isinstance(metadata.get("aws:asset:path"), str):
        return str(metadata["aws:asset:path"])
    return None


def invocation_uri(region: str, function_arn: str) -> str:
    """The URI API Gateway integrations and authorizers invoke a function by."""
    return f"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function_arn}/invocations"


def function_name(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> str:
    """``FunctionName``, or a name made from the stack and logical id, cut to Lambda's 64 characters."""
    if properties.get("FunctionName"):
        return str(properties["FunctionName"])
    name = deployer.physical_name(resource.logical_id)
    if len(name) <= MAX_FUNCTION_NAME:
        return name
    # CloudFormation shortens generated names too; a hash keeps two long names apart.
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{name[: MAX_FUNCTION_NAME - 9]}-{digest}"


def default_role(name: str) -> str:
    """The role a function without one gets (SAM makes ``<Function>Role``; IAM is not emulated)."""
    return f"arn:aws:iam::{ACCOUNT_ID}:role/{name}-role"


def folder_code(deployer: Deployer, relative: Any, resource: Resource) -> dict[str, Any]:
    """Code from a local folder (run in place), or from a local .zip a build made."""
    if not isinstance(relative, str) or relative.startswith("s3://"):
        raise TemplateError(
            f"{resource.logical_id}: code must be a local folder next to the template; "
            f"{relative!r} is in S3, which the emulator does not emulate"
        )
    location = deployer.path(relative)
    if location.is_file() and location.suffix == ".zip":
        return {"ZipFile": location.read_bytes()}
    if not location.is_dir():
        raise TemplateError(f"{resource.logical_id}: code folder {relative} does not exist next to the template")
    return {"S3Bucket": HOT_RELOAD_BUCKET, "S3Key": str(location)}


def inline_zip(source: str, runtime: str) -> bytes:
    name = next((file for prefix, file in _INLINE_FILE.items() if runtime.startswith(prefix)), "index.py")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, source)
    return buffer.getvalue()


def _zip_folder(folder: Path, prefix: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                archive.write(path, prefix + path.relative_to(folder).as_posix())
    return buffer.getvalue()


def create_or_update(
    deployer: Deployer,
    resource: Resource,
    properties: dict[str, Any],
    configuration: dict[str, Any],
    code: dict[str, Any],
) -> Deployed:
    """Create the function, or update its configuration and code; ``configuration`` holds CreateFunction members."""
    lambda_ = deployer.client("lambda")
    name = function_name(deployer, resource, properties)
    if configuration.get("Layers"):
        configuration["Layers"] = _own_layers(deployer, resource, configuration["Layers"])
    variables = (configuration.get("Environment") or {}).get("Variables") or {}
    configuration["Environment"] = {"Variables": {k: _text(v) for k, v in variables.items()}}
    role = properties.get("Role")
    configuration["Role"] = role if isinstance(role, str) and role else default_role(name)
    try:
        lambda_.get_function_configuration(FunctionName=name)
    except lambda_.exceptions.ResourceNotFoundException:
        description = lambda_.create_function(FunctionName=name, Code=code, **configuration)
    else:
        update = {k: v for k, v in configuration.items() if k not in _CREATE_ONLY}
        lambda_.update_function_configuration(FunctionName=name, **update)
        lambda_.get_waiter("function_updated_v2").wait(FunctionName=name, WaiterConfig={"Delay": 0.05})
        architectures = {"Architectures": configuration["Architectures"]} if "Architectures" in configuration else {}
        description = lambda_.update_function_code(FunctionName=name, **_code_update(code), **architectures)
    lambda_.get_waiter("function_active_v2").wait(FunctionName=name, WaiterConfig={"Delay": 0.05})
    reserved = properties.get("ReservedConcurrentExecutions")
    if reserved is not None:
        lambda_.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=int(reserved))
    return Deployed(
        name,
        {"Arn": description["FunctionArn"]},
        f"function  {name} ({configuration.get('Runtime', '')}, {configuration.get('Handler', '')})",
    )


def _own_layers(deployer: Deployer, resource: Resource, layers: list[Any]) -> list[Any]:
    """The layers of this account; other accounts' (AWS's public Powertools layer, say) cannot be fetched offline."""
    kept = []
    for arn in layers:
        parts = str(arn).split(":")
        if len(parts) > 4 and parts[4] != ACCOUNT_ID:
            deployer.note(
                f"{resource.logical_id}: layer {arn} belongs to another account and cannot be fetched offline; "
                "the function runs without it, with the emulator's own Python packages"
            )
        else:
            kept.append(arn)
    return kept


def _text(value: Any) -> str:
    # CloudFormation passes YAML booleans to Lambda as "true"/"false".
    return str(value).lower() if isinstance(value, bool) else str(value)


def _code_update(code: dict[str, Any]) -> dict[str, Any]:
    if "ZipFile" in code:
        return {"ZipFile": code["ZipFile"]}
    return {"S3Bucket": code["S3Bucket"], "S3Key": code["S3Key"]}


def deploy_layer(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    source = _cdk_asset(resource, "Content") or properties.get("ContentUri") or properties.get("Content")
    if not isinstance(source, str) or source.startswith("s3://"):
        raise TemplateError(f"{resource.logical_id}: a layer's ContentUri must be a local folder (the emulator has no S3)")
    folder = deployer.path(source)
    if not folder.is_dir():
        raise TemplateError(f"{resource.logical_id}: ContentUri {source} is not a folder next to the template")
    name = properties.get("LayerName") or deployer.physical_name(resource.logical_id)
    runtimes = properties.get("CompatibleRuntimes") or []
    build_method = str(resource.metadata.get("BuildMethod", ""))
    # `sam build` with a pythonX BuildMethod puts the folder's modules under python/,
    # where the runtime looks for a layer's packages; without one the folder is the layer.
    prefix = "python/" if build_method.startswith("python") else ""
    if build_method and not prefix:
        deployer.note(f"{resource.logical_id}: BuildMethod {build_method} is not run; the layer is ContentUri as it is")
    layer = deployer.client("lambda").publish_layer_version(
        LayerName=name, Content={"ZipFile": _zip_folder(folder, prefix)}, CompatibleRuntimes=runtimes
    )
    return Deployed(layer["LayerVersionArn"], {"Arn": layer["LayerVersionArn"]}, f"layer     {layer['LayerVersionArn']}")


_MAPPING_MEMBERS = (
    "BatchSize",
    "StartingPosition",
    "StartingPositionTimestamp",
    "MaximumBatchingWindowInSeconds",
    "MaximumRetryAttempts",
    "MaximumRecordAgeInSeconds",
    "BisectBatchOnFunctionError",
    "ParallelizationFactor",
    "TumblingWindowInSeconds",
    "FunctionResponseTypes",
    "DestinationConfig",
    "FilterCriteria",
    "Enabled",
)


def deploy_event_source_mapping(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    lambda_ = deployer.client("lambda")
    params: dict[str, Any] = {key: properties[key] for key in _MAPPING_MEMBERS if key in properties}
    function, source = properties["FunctionName"], properties["EventSourceArn"]
    existing = lambda_.list_event_source_mappings(FunctionName=function, EventSourceArn=source)["EventSourceMappings"]
    if existing:
        uuid = existing[0]["UUID"]
        for fixed in ("StartingPosition", "StartingPositionTimestamp"):
            params.pop(fixed, None)
        lambda_.update_event_source_mapping(UUID=uuid, FunctionName=function, **params)
    else:
        uuid = lambda_.create_event_source_mapping(FunctionName=function, EventSourceArn=source, **params)["UUID"]
    table = source.split(":table/", 1)[-1].split("/", 1)[0]
    return Deployed(uuid, {}, f"trigger   {table} stream -> {function}")


def deploy_permission(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    # Permissions are recorded by Lambda's policy, not enforced.
    lambda_ = deployer.client("lambda")
    statement = f"{deployer.stack_name}-{resource.logical_id}"
    members = ("Action", "Principal", "SourceArn", "SourceAccount", "FunctionUrlAuthType", "PrincipalOrgID")
    params = {k: properties[k] for k in members if k in properties}
    try:
        lambda_.add_permission(FunctionName=properties["FunctionName"], StatementId=statement, **params)
    except lambda_.exceptions.ResourceConflictException:
        pass
    return Deployed(statement)
