"""AWS::Serverless::Function: SAM's function properties mapped onto Lambda's, plus what SAM generates.

Generated resources templates refer to: ``<Function>Role`` (its ``Arn``),
``<Function>.Alias`` / ``<Function>.Version`` and ``<Function>Alias<Name>``
with ``AutoPublishAlias``, ``<Function>Url`` (its ``FunctionUrl``) with
``FunctionUrlConfig``. Names follow SAM's generated-resources reference.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..deploy import Deployed, Deployer
from ..sam import Resource
from . import access
from .dependencies import missing_dependencies
from .functions import create_or_update, folder_code, inline_zip

#: Properties with no effect on how a function runs here (networking, provisioning, signing).
_NOT_APPLIED = (
    "VpcConfig", "FileSystemConfigs", "ProvisionedConcurrencyConfig", "SnapStart", "CodeSigningConfigArn",
    "EventInvokeConfig", "RuntimeManagementConfig", "PermissionsBoundary",
)  # fmt: skip
#: SAM property -> CreateFunction member, where only the name differs.
_RENAMED = {"KmsKeyArn": "KMSKeyArn"}
_SAME_NAME = (
    "Handler", "Runtime", "Timeout", "MemorySize", "Description", "Layers", "Architectures",
    "EphemeralStorage", "LoggingConfig", "Environment",
)  # fmt: skip


def deploy_serverless_function(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    if properties.get("Policies") or properties.get("Role"):
        deployer.note(access.NOT_ENFORCED)
    for event in properties.get("UnsupportedEvents", []):
        deployer.note(f"{resource.logical_id}: event {event} is not emulated")
    ignored = [key for key in _NOT_APPLIED if key in properties]
    if ignored:
        deployer.note(f"{resource.logical_id}: {', '.join(ignored)} not applied by the emulator")
    if "DeploymentPreference" in properties:
        deployer.note(
            f"{resource.logical_id}: DeploymentPreference shifts all traffic to the new version at once "
            "(CodeDeploy is not emulated)"
        )
    build_method = resource.metadata.get("BuildMethod")
    if build_method in ("esbuild", "makefile"):
        deployer.note(
            f"{resource.logical_id}: Metadata BuildMethod {build_method} is not run; "
            "the function runs its CodeUri folder as it is"
        )
    if "InlineCode" in properties:
        code = {"ZipFile": inline_zip(properties["InlineCode"], properties.get("Runtime", "python"))}
    else:
        # SAM CLI's default CodeUri: the template's own folder.
        code = folder_code(deployer, properties.get("CodeUri", "."), resource)
        missing = "S3Key" in code and missing_dependencies(Path(code["S3Key"]), str(properties.get("Runtime", "")))
        if missing:
            deployer.note(f"{resource.logical_id}: {missing}")
    deployed = create_or_update(deployer, resource, properties, _configuration(properties), code)
    if not properties.get("Role"):
        role = deployer.client("lambda").get_function_configuration(FunctionName=deployed.ref)["Role"]
        deployed.generated[f"{resource.logical_id}Role"] = Deployed(role.rsplit("/", 1)[1], {"Arn": role})
    alias = properties.get("AutoPublishAlias")
    if alias:
        _publish_alias(deployer, resource, deployed, str(alias))
    if properties.get("FunctionUrlConfig"):
        _function_url(deployer, resource, deployed, properties["FunctionUrlConfig"], alias)
    return deployed


def _configuration(properties: dict[str, Any]) -> dict[str, Any]:
    configuration = {key: properties[key] for key in _SAME_NAME if key in properties}
    configuration.update({member: properties[key] for key, member in _RENAMED.items() if key in properties})
    if "Tracing" in properties:
        configuration["TracingConfig"] = {"Mode": properties["Tracing"]}
    if isinstance(properties.get("DeadLetterQueue"), dict):
        configuration["DeadLetterConfig"] = {"TargetArn": properties["DeadLetterQueue"]["TargetArn"]}
    # SAM tags every function it makes.
    tags = {key: str(value) for key, value in (properties.get("Tags") or {}).items()}
    configuration["Tags"] = {"lambda:createdBy": "SAM", **tags}
    return configuration


def _publish_alias(deployer: Deployer, resource: Resource, deployed: Deployed, alias: str) -> None:
    lambda_ = deployer.client("lambda")
    version = lambda_.publish_version(FunctionName=deployed.ref)
    try:
        found = lambda_.update_alias(FunctionName=deployed.ref, Name=alias, FunctionVersion=version["Version"])
    except lambda_.exceptions.ResourceNotFoundException:
        found = lambda_.create_alias(FunctionName=deployed.ref, Name=alias, FunctionVersion=version["Version"])
    alias_arn, version_arn = found["AliasArn"], version["FunctionArn"]
    # Events invoke the alias, as SAM wires them.
    deployed.invoke_arn = alias_arn
    alias_resource = Deployed(alias_arn, {})
    deployed.generated[f"{resource.logical_id}Alias{alias}"] = alias_resource
    deployed.generated[f"{resource.logical_id}.Alias"] = alias_resource
    deployed.generated[f"{resource.logical_id}.Version"] = Deployed(version_arn, {"Version": version["Version"]})
    deployed.summary = f"{deployed.summary} alias {alias} -> version {version['Version']}"


def _function_url(deployer: Deployer, resource: Resource, deployed: Deployed, config: dict[str, Any], alias: Any) -> None:
    lambda_ = deployer.client("lambda")
    params = {key: config[key] for key in ("AuthType", "Cors", "InvokeMode") if key in config}
    target = {"FunctionName": deployed.ref, **({"Qualifier": str(alias)} if alias else {})}
    try:
        url = lambda_.update_function_url_config(**target, **params)
    except lambda_.exceptions.ResourceNotFoundException:
        url = lambda_.create_function_url_config(**target, **params)
    if params.get("AuthType") == "NONE":
        # SAM adds <Function>UrlPublicPermissions: without it Lambda refuses public calls.
        try:
            lambda_.add_permission(
                **target, StatementId="FunctionURLAllowPublicAccess", Action="lambda:InvokeFunctionUrl",
                Principal="*", FunctionUrlAuthType="NONE",
            )  # fmt: skip
        except lambda_.exceptions.ResourceConflictException:
            pass  # kept from an earlier deploy
    deployed.generated[f"{resource.logical_id}Url"] = Deployed(url["FunctionArn"], {"FunctionUrl": url["FunctionUrl"]})
    deployed.summary = f"{deployed.summary}\n  URL       {deployer.localise(url['FunctionUrl'])}"
