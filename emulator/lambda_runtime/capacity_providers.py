"""Lambda Managed Instances: capacity providers and the rules for functions attached to one.

The emulator has no EC2: a capacity provider is a record (its VPC and role checked by format
only), and an attached function runs on the emulator's ordinary workers like any other.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .errors import (
    InvalidParameterValueException,
    LambdaError,
    ResourceConflictException,
    ResourceNotFoundException,
)
from .functions import LATEST_PUBLISHED, Function, Version, pending, timestamp

#: The quotas AWS documents (Lambda Managed Instances quotas): capacity providers per account,
#: function versions per capacity provider (cannot be increased).
MAX_CAPACITY_PROVIDERS = 1000
MAX_VERSIONS_PER_PROVIDER = 100

#: The runtimes AWS lists for Managed Instances: Java 21+, Python 3.13+, Node.js 22+, .NET 8+, and
#: the OS-only provided.al2023 (Rust).
MANAGED_RUNTIMES = frozenset(
    {"java21", "java25", "python3.13", "python3.14", "nodejs22.x", "nodejs24.x", "dotnet8", "dotnet10", "provided.al2023"}
)
#: A managed-instance function's memory: at least 2 GB, 2048 MB when not given; GiB per vCPU one of 2, 4 or 8.
MIN_MEMORY_MB = 2048
MEMORY_RATIOS = (2.0, 4.0, 8.0)

CONFIG_KEY = "CapacityProviderConfig"
_INNER_KEY = "LambdaManagedInstancesCapacityProviderConfig"


class CapacityProviderLimitExceededException(LambdaError):
    status = 400


class FunctionVersionsPerCapacityProviderLimitExceededException(LambdaError):
    status = 400


def provider_arn(region: str, account_id: str, name: str) -> str:
    return f"arn:aws:lambda:{region}:{account_id}:capacity-provider:{name}"


def name_of(text: str) -> str:
    """The name a ``CapacityProviderName`` gives, whether a name or an ARN."""
    return text.rsplit(":", 1)[-1]


@dataclass(slots=True)
class CapacityProvider:
    name: str
    region: str
    account_id: str
    #: The members AWS echoes, as they are shown (VpcConfig, PermissionsConfig, InstanceRequirements, ...).
    settings: dict[str, Any]
    tags: dict[str, str] = field(default_factory=dict)
    last_modified: str = field(default_factory=timestamp)

    @property
    def arn(self) -> str:
        return provider_arn(self.region, self.account_id, self.name)

    def render(self, state: str = "Active") -> dict[str, Any]:
        """The ``CapacityProvider`` structure; AWS answers Create with ``Pending`` and Delete with ``Deleting``."""
        return {"CapacityProviderArn": self.arn, "State": state, **self.settings, "LastModified": self.last_modified}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CapacityProvider:
        return cls(**data)


# -- the capacity provider's own settings ---------------------------------------


def initial_settings(params: dict[str, Any]) -> dict[str, Any]:
    """CreateCapacityProvider's members as AWS shows them back, with its defaults (x86_64, Auto scaling)."""
    vpc = params["VpcConfig"]
    requirements = dict(params.get("InstanceRequirements") or {})
    requirements.setdefault("Architectures", ["x86_64"])
    if requirements.get("AllowedInstanceTypes") and requirements.get("ExcludedInstanceTypes"):
        raise InvalidParameterValueException(
            "AllowedInstanceTypes and ExcludedInstanceTypes cannot both be specified in InstanceRequirements."
        )
    settings: dict[str, Any] = {
        "VpcConfig": {"SubnetIds": list(vpc["SubnetIds"]), "SecurityGroupIds": list(vpc["SecurityGroupIds"])},
        "PermissionsConfig": {"CapacityProviderOperatorRoleArn": params["PermissionsConfig"]["CapacityProviderOperatorRoleArn"]},
        "InstanceRequirements": requirements,
        "CapacityProviderScalingConfig": scaling_config({}, params.get("CapacityProviderScalingConfig") or {}),
    }
    for key in ("KmsKeyArn", "PropagateTags", "TelemetryConfig"):
        if params.get(key) is not None:
            settings[key] = params[key]
    return settings


def update_settings(settings: dict[str, Any], params: dict[str, Any]) -> None:
    """UpdateCapacityProvider: the scaling, tag propagation and telemetry settings; the rest is fixed at creation."""
    if params.get("CapacityProviderScalingConfig") is not None:
        settings["CapacityProviderScalingConfig"] = scaling_config(
            settings["CapacityProviderScalingConfig"], params["CapacityProviderScalingConfig"]
        )
    for key in ("PropagateTags", "TelemetryConfig"):
        if params.get(key) is not None:
            settings[key] = params[key]


def scaling_config(current: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    """``CapacityProviderScalingConfig`` after ``update``: Auto scaling by default; Manual scaling is
    target tracking, so it needs scaling policies, and Auto scaling takes none (our wording)."""
    merged = {**{"ScalingMode": "Auto"}, **current, **update}
    if "ScalingPolicies" not in update and update.get("ScalingMode") == "Auto":
        merged.pop("ScalingPolicies", None)
    if merged["ScalingMode"] == "Manual" and not merged.get("ScalingPolicies"):
        raise InvalidParameterValueException("ScalingPolicies must be specified when ScalingMode is Manual.")
    if merged["ScalingMode"] == "Auto" and merged.get("ScalingPolicies"):
        raise InvalidParameterValueException("ScalingPolicies can only be specified when ScalingMode is Manual.")
    return merged


# -- functions attached to a capacity provider ---------------------------------------


def attached_arn(config: dict[str, Any]) -> str | None:
    """The capacity provider ARN a function configuration names, if any."""
    return ((config.get(CONFIG_KEY) or {}).get(_INNER_KEY) or {}).get("CapacityProviderArn")


def attach(
    config: dict[str, Any],
    params: dict[str, Any],
    providers: dict[str, CapacityProvider],
    *,
    creating: bool,
) -> None:
    """Check and record CreateFunction's or UpdateFunctionConfiguration's ``CapacityProviderConfig``.

    The compute type is chosen at creation: an update may move a managed-instance function to
    another capacity provider but cannot add one to, or take it from, an ordinary function.
    """
    given = params.get(CONFIG_KEY)
    if creating and params.get("PublishTo") is not None:
        check_publishable_to_latest(config if given is None else {CONFIG_KEY: given})
    if given is None:
        if creating or attached_arn(config) is None:
            return
    elif not creating and attached_arn(config) is None:
        raise InvalidParameterValueException("CapacityProviderConfig cannot be added to an existing function.")
    else:
        config[CONFIG_KEY] = {_INNER_KEY: dict(given[_INNER_KEY])}
    if creating and params.get("MemorySize") is None:
        config["MemorySize"] = MIN_MEMORY_MB
    _check_attached(config, providers)


def _check_attached(config: dict[str, Any], providers: dict[str, CapacityProvider]) -> None:
    inner = config[CONFIG_KEY][_INNER_KEY]
    arn = inner["CapacityProviderArn"]
    provider = next((p for p in providers.values() if p.arn == arn), None)
    if provider is None:
        raise InvalidParameterValueException(f"Capacity provider {arn} does not exist.")
    if config["Runtime"] not in MANAGED_RUNTIMES:
        raise InvalidParameterValueException(
            f"The runtime {config['Runtime']} is not supported for functions using a capacity provider."
        )
    memory = config["MemorySize"]
    if memory < MIN_MEMORY_MB:
        raise InvalidParameterValueException(
            f"MemorySize must be at least {MIN_MEMORY_MB} MB for functions using a capacity provider."
        )
    ratio = inner.get("ExecutionEnvironmentMemoryGiBPerVCpu")
    if ratio is not None:
        if ratio not in MEMORY_RATIOS:
            raise InvalidParameterValueException("ExecutionEnvironmentMemoryGiBPerVCpu must be 2.0, 4.0 or 8.0.")
        if ratio * 1024 > memory:
            raise InvalidParameterValueException(
                f"MemorySize must be at least {int(ratio * 1024)} MB for an ExecutionEnvironmentMemoryGiBPerVCpu of {ratio}."
            )
    wanted = provider.settings["InstanceRequirements"]["Architectures"]
    if config.get("Architectures", ["x86_64"]) != wanted:
        raise InvalidParameterValueException(
            f"The function's architecture does not match the capacity provider's architecture {wanted[0]}."
        )


def provider_not_found(arn: str) -> ResourceNotFoundException:
    """(Our wording.)"""
    return ResourceNotFoundException(f"Capacity provider not found: {arn}")


def in_use(count: int, arn: str) -> ResourceConflictException:
    """DeleteCapacityProvider while function versions use it (AWS's words, as Terraform's retry matches them)."""
    return ResourceConflictException(
        f"The capacity provider is currently in use by {count} functions. To delete this capacity provider, "
        f"first remove its association with {arn}."
    )


def lookup(providers: dict[str, dict[str, CapacityProvider]], region: str, account_id: str, name: str) -> CapacityProvider:
    """The capacity provider a name or ARN names in ``region`` (an ARN of another region or account names none)."""
    arn = name if name.startswith("arn:") else provider_arn(region, account_id, name)
    provider = providers.get(region, {}).get(name_of(name))
    if provider is None or provider.arn != arn:
        raise provider_not_found(arn)
    return provider


def check_version_quota(functions: dict[str, Function], config: dict[str, Any]) -> None:
    """PublishVersion of a managed-instance function whose capacity provider already has its 100 versions."""
    arn = attached_arn(config)
    if arn is None:
        return
    published = sum(1 for f in functions.values() for v in f.versions.values() if attached_arn(v.config) == arn)
    if published >= MAX_VERSIONS_PER_PROVIDER:
        raise FunctionVersionsPerCapacityProviderLimitExceededException(
            f"The capacity provider {arn} has reached its limit of {MAX_VERSIONS_PER_PROVIDER} function versions."
        )


def check_publishable_to_latest(config: dict[str, Any]) -> None:
    if attached_arn(config) is None:
        raise InvalidParameterValueException(
            "PublishTo LATEST_PUBLISHED is only supported for functions using a capacity provider."
        )


def publish_latest(
    functions: dict[str, Function], function: Function, description: str | None = None
) -> tuple[Version, bool]:
    """``PublishTo: LATEST_PUBLISHED``: ``$LATEST`` frozen as ``$LATEST.PUBLISHED``, replacing the one before
    unless nothing changed (the version, and whether it replaced one); only managed-instance functions have
    such a version (our wording)."""
    latest = function.latest
    check_publishable_to_latest(latest.config)
    digest = latest.content_digest()
    current = function.versions.get(LATEST_PUBLISHED)
    if current is not None and current.published_from == digest and description is None:
        return current, False
    if current is None:
        check_version_quota(functions, latest.config)
    config = dict(latest.config)
    if description is not None:
        config["Description"] = description
    version = Version(LATEST_PUBLISHED, config, latest.code, list(latest.layer_dirs), published_from=digest)
    function.versions[LATEST_PUBLISHED] = version
    return version, current is not None


def published(configuration: dict[str, Any]) -> dict[str, Any]:
    """PublishVersion's answer: AWS starts a managed-instance version's instances and execution
    environments before the version is Active."""
    return pending(configuration) if CONFIG_KEY in configuration else configuration
