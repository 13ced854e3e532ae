"""The settable part of a function's configuration: defaults, AWS's checks, updates."""

from __future__ import annotations

import hashlib
from typing import Any

import orjson

from ..aws.errors import ValidationException
from ..aws.wording import violation
from .errors import InvalidParameterValueException

#: Runtimes AWS no longer accepts for new functions or updates.
DEPRECATED_RUNTIMES = frozenset(
    {
        "nodejs", "nodejs4.3", "nodejs4.3-edge", "nodejs6.10", "nodejs8.10", "nodejs10.x", "nodejs12.x",
        "nodejs14.x", "python2.7", "python3.6", "python3.7", "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1",
        "dotnetcore3.1", "ruby2.5", "ruby2.7", "go1.x", "provided", "java8",
    }
)  # fmt: skip

#: Variables the Lambda runtime sets; a function may not set them.
RESERVED_VARIABLES = frozenset(
    {
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    }
)  # fmt: skip

MAX_FUNCTION_NAME = 64
MAX_TIMEOUT_S = 900
MAX_MEMORY_MB = 10240
MAX_ENVIRONMENT_BYTES = 4096

#: Members copied as given when present (AWS echoes them back).
_PASSTHROUGH = ("DeadLetterConfig", "KMSKeyArn", "FileSystemConfigs", "ImageConfig")


def check_function_name(name: str) -> None:
    """CreateFunction's own length check (the model allows an ARN's 140): AWS words it as a validation
    error but answers InvalidParameterValueException."""
    if len(name) > MAX_FUNCTION_NAME:
        raise InvalidParameterValueException(
            "1 validation error detected: "
            + violation(name, "functionName", f"Member must have length less than or equal to {MAX_FUNCTION_NAME}")
        )


def refuse_if_tenant_isolated(config: dict[str, Any], feature: str) -> None:
    """Tenant isolation rules out SnapStart, provisioned concurrency, function URLs and event source
    mappings (the conflicts are AWS's, the words ours)."""
    if "TenancyConfig" in config:
        raise InvalidParameterValueException(f"{feature} is not supported for functions with tenant isolation mode enabled.")


def initial_config(name: str, params: dict[str, Any]) -> dict[str, Any]:
    """The configuration of a new function, with AWS's defaults."""
    if not params.get("Runtime") or not params.get("Handler"):
        raise InvalidParameterValueException(
            "Runtime and Handler are mandatory parameters for functions created with deployment packages."
        )
    config: dict[str, Any] = {
        "Runtime": params["Runtime"],
        "Role": params["Role"],
        "Handler": params["Handler"],
        "Description": "",
        "Timeout": 3,
        "MemorySize": 128,
        "TracingConfig": {"Mode": "PassThrough"},
        "PackageType": "Zip",
        "Architectures": params.get("Architectures") or ["x86_64"],
        "EphemeralStorage": {"Size": 512},
        "SnapStart": {"ApplyOn": "None", "OptimizationStatus": "Off"},
        "LoggingConfig": {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{name}"},
    }
    if params.get("TenancyConfig") is not None:  # set at creation only: UpdateFunctionConfiguration has no such member
        config["TenancyConfig"] = params["TenancyConfig"]
    apply_update(config, params)
    return config


def apply_update(config: dict[str, Any], params: dict[str, Any]) -> None:
    """Apply CreateFunction's or UpdateFunctionConfiguration's members to ``config``."""
    runtime = params.get("Runtime")
    if runtime is not None:
        if runtime in DEPRECATED_RUNTIMES:
            raise InvalidParameterValueException(
                f"The runtime parameter of {runtime} is no longer supported for creating or updating AWS Lambda "
                "functions. We recommend you use a supported runtime while creating or updating functions."
            )
        config["Runtime"] = runtime
    for key in ("Role", "Handler", "Description"):
        if params.get(key) is not None:
            config[key] = params[key]
    if params.get("Timeout") is not None:
        _check_at_most(params["Timeout"], "timeout", MAX_TIMEOUT_S)
        config["Timeout"] = params["Timeout"]
    if params.get("MemorySize") is not None:
        _check_at_most(params["MemorySize"], "memorySize", MAX_MEMORY_MB)
        config["MemorySize"] = params["MemorySize"]
    if params.get("Environment") is not None:
        variables = params["Environment"].get("Variables") or {}
        _check_environment(variables)
        config["Environment"] = {"Variables": variables}
    if params.get("TracingConfig", {}).get("Mode"):
        config["TracingConfig"] = {"Mode": params["TracingConfig"]["Mode"]}
    if params.get("EphemeralStorage") is not None:
        config["EphemeralStorage"] = params["EphemeralStorage"]
    if params.get("LoggingConfig") is not None:
        config["LoggingConfig"] = _logging_config(config.get("LoggingConfig", {}), params["LoggingConfig"])
    if params.get("SnapStart") is not None:
        config["SnapStart"] = {"ApplyOn": params["SnapStart"].get("ApplyOn") or "None", "OptimizationStatus": "Off"}
        if config["SnapStart"]["ApplyOn"] != "None":
            refuse_if_tenant_isolated(config, "SnapStart")
            if config["Runtime"] not in SNAPSTART_RUNTIMES:
                raise InvalidParameterValueException(f"{config['Runtime']} is not supported for SnapStart enabled functions.")
    if params.get("VpcConfig") is not None:
        config["VpcConfig"] = _vpc_config(params["VpcConfig"])
    if params.get("DurableConfig") is not None:
        config["DurableConfig"] = _durable_config(config.get("DurableConfig"), params["DurableConfig"])
    for key in _PASSTHROUGH:
        if params.get(key) is not None:
            config[key] = params[key]
    _drop_cleared(config)


def _durable_config(current: dict[str, Any] | None, given: dict[str, Any]) -> dict[str, Any]:
    """``DurableConfig`` merged over the function's: a durable function needs an ExecutionTimeout; the
    retention period defaults to AWS's 14 days (``durable/`` runs the executions)."""
    merged = {"RetentionPeriodInDays": DURABLE_RETENTION_DAYS, **(current or {}), **given}
    if merged.get("ExecutionTimeout") is None:
        raise InvalidParameterValueException("You cannot create a function with a durable configuration without an executionTimeout")
    return merged


#: RetentionPeriodInDays when a DurableConfig leaves it out.
DURABLE_RETENTION_DAYS = 14


def _drop_cleared(config: dict[str, Any]) -> None:
    """Members a caller clears with an empty value vanish from the configuration (Terraform removes a dead-letter
    queue with ``TargetArn: ""``); AWS keeps no ``KMSKeyArn`` for a function without environment variables."""
    if not (config.get("DeadLetterConfig") or {}).get("TargetArn"):
        config.pop("DeadLetterConfig", None)
    if not config.get("KMSKeyArn") or not environment_of(config):
        config.pop("KMSKeyArn", None)


#: The runtimes SnapStart serves (Java since 2022; Python 3.12+ and .NET 8 since November 2024).
SNAPSTART_RUNTIMES = frozenset({"java11", "java17", "java21", "java25", "python3.12", "python3.13", "python3.14", "dotnet8"})

#: Log levels AWS sets when the format becomes JSON, and drops when it goes back to Text.
_JSON_LOG_LEVELS = {"ApplicationLogLevel": "INFO", "SystemLogLevel": "INFO"}


def _logging_config(current: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    """``LoggingConfig`` after a partial update; log levels filter JSON logs only, so AWS refuses them with Text."""
    if update.get("LogFormat") == "JSON":
        update = {**_JSON_LOG_LEVELS, **update}
    merged = {**current, **update}
    if merged.get("LogFormat", "Text") == "Text" and any(level in update for level in _JSON_LOG_LEVELS):
        raise InvalidParameterValueException(
            'LogLevel is not supported when LogFormat is set to "Text". '
            'Remove LogLevel from your request or change the LogFormat to "JSON" and try again.'
        )
    if merged.get("LogFormat") == "Text" and current.get("LogFormat") == "JSON":
        for level in _JSON_LOG_LEVELS:
            merged.pop(level, None)
    return merged


def _vpc_config(given: dict[str, Any]) -> dict[str, Any]:
    """``VpcConfig`` as AWS answers it: with the VPC of the subnets (made up here: there is no EC2), empty without them."""
    subnets = list(given.get("SubnetIds") or [])
    vpc_id = f"vpc-{hashlib.sha256(','.join(sorted(subnets)).encode()).hexdigest()[:17]}" if subnets else ""
    return {
        "SubnetIds": subnets,
        "SecurityGroupIds": list(given.get("SecurityGroupIds") or []),
        "Ipv6AllowedForDualStack": bool(given.get("Ipv6AllowedForDualStack", False)),
        "VpcId": vpc_id,
    }


def environment_of(config: dict[str, Any]) -> dict[str, str]:
    return dict(config.get("Environment", {}).get("Variables") or {})


def _check_at_most(value: int, member: str, limit: int) -> None:
    if value > limit:
        raise ValidationException(
            "1 validation error detected: "
            + violation(value, member, f"Member must have value less than or equal to {limit}")
        )


def _check_environment(variables: dict[str, str]) -> None:
    reserved = sorted(RESERVED_VARIABLES.intersection(variables))
    if reserved:
        raise InvalidParameterValueException(
            "Lambda was unable to configure your environment variables because the environment variables you have "
            f"provided contains reserved keys that are currently not supported for modification. Reserved keys used "
            f"in this request: {', '.join(reserved)}"
        )
    measured = orjson.dumps(variables).decode()
    if len(measured.encode()) > MAX_ENVIRONMENT_BYTES:
        raise InvalidParameterValueException(
            "Lambda was unable to configure your environment variables because the environment variables you have "
            f"provided exceeded the 4KB limit. String measured: {measured}"
        )
