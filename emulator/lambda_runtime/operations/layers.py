"""PublishLayerVersion, GetLayerVersion(ByArn), ListLayers, ListLayerVersions, DeleteLayerVersion."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import orjson

from ...aws.context import RequestContext
from ...aws.spec import service_model
from ...aws.wording import ValidationStyle, raise_for, violation
from ..errors import (
    InvalidParameterValueException,
    PreconditionFailedException,
    ResourceConflictException,
    ResourceNotFoundException,
    resource_not_found,
)
from ..functions import new_revision
from ..layers import ARCHITECTURES, LAYER_FILTER_RUNTIMES, Layer, LayerVersion
from .base import LambdaOperations, page

#: AWS's words for a bad layer architecture list: the list wrapper, but no "Member must not be null".
_ARCHITECTURE_LIST = "Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64]]"
_ARCHITECTURE = "Member must satisfy enum value set: [x86_64, arm64]"
_FILTER_RUNTIME = f"Member must satisfy enum value set: [{', '.join(LAYER_FILTER_RUNTIMES)}]"


class LayerOperations(LambdaOperations):
    validation_style: ValidationStyle

    @property
    def early_checks(self) -> dict[str, Callable[[dict[str, Any]], None]]:
        """Lambda judges layer runtimes itself, before the model's constraints, in words of its own.

        As AWS answers in the snapshot test_lambda_api.py::TestLambdaLayer::test_layer_exceptions
        (LocalStack's, AWS-validated; its provider words these checks to match it): runtimes are
        named before architectures, a bad ``CompatibleRuntimes`` list without Coral's list wrapper,
        and the listings' bad ``CompatibleRuntime`` as a ValidationException listing layer runtimes.
        """
        return {
            "PublishLayerVersion": self._check_compatibility_lists,
            "ListLayers": _check_compatibility_filters,
            "ListLayerVersions": _check_compatibility_filters,
        }

    def _check_compatibility_lists(self, params: dict[str, Any]) -> None:
        runtimes, architectures = params.get("CompatibleRuntimes"), params.get("CompatibleArchitectures")
        errors = []
        if _strings(runtimes) and not _model_runtimes().issuperset(runtimes):
            # The runtimes CreateFunction's error lists, without its "or be a valid ARN".
            shown = ", ".join(self.validation_style.enum_rules["Runtime"].values(list(_runtime_enum())))
            errors.append(violation(runtimes, "compatibleRuntimes", f"Member must satisfy enum value set: [{shown}]"))
        if _strings(architectures) and not set(ARCHITECTURES).issuperset(architectures):
            errors.append(violation(architectures, "compatibleArchitectures", _ARCHITECTURE_LIST))
        raise_for(errors)

    async def publish_layer_version(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        name = _layer_name(params["LayerName"])
        code = await self.code_from(params["Content"], "PublishLayerVersion")
        layer = self.registry.layers.setdefault(ctx.region, {}).setdefault(name, Layer(name))
        version = LayerVersion(
            name,
            ctx.region,
            ctx.account_id,
            layer.next_version,
            code,
            description=params.get("Description") or "",
            compatible_runtimes=params.get("CompatibleRuntimes"),
            compatible_architectures=params.get("CompatibleArchitectures"),
            license_info=params.get("LicenseInfo"),
        )
        layer.versions[version.number] = version
        layer.next_version += 1
        self.registry.save()
        return version.describe(self.code_location(code))

    def get_layer_version(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        _check_number(params["VersionNumber"])
        version = self._version(ctx.region, _layer_name(params["LayerName"]), params["VersionNumber"])
        return version.describe(self.code_location(version.code))

    def get_layer_version_by_arn(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        parts = params["Arn"].split(":")
        version = self._version(parts[3], parts[6], int(parts[7]))
        return version.describe(self.code_location(version.code))

    def list_layers(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        listed = []
        for name in sorted(self.registry.layers.get(ctx.region, {})):
            matching = self._matching(ctx.region, name, params)
            if matching:
                latest = matching[0]
                listed.append({"LayerName": name, "LayerArn": latest.layer_arn, "LatestMatchingVersion": latest.list_item()})
        found, marker = page("layers", listed, params, lambda layer: (layer["LayerName"],))
        return {"Layers": found, **({"NextMarker": marker} if marker else {})}

    def list_layer_versions(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        listed = [v.list_item() for v in self._matching(ctx.region, _layer_name(params["LayerName"]), params)]
        found, marker = page("layer-versions", listed, params, lambda version: (-version["Version"],))
        return {"LayerVersions": found, **({"NextMarker": marker} if marker else {})}

    def delete_layer_version(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        _check_number(params["VersionNumber"])
        layer = self.registry.layer(ctx.region, _layer_name(params["LayerName"]))
        if layer is not None and layer.versions.pop(params["VersionNumber"], None) is not None:
            # Functions that use it keep its folder; collection only drops unreferenced code.
            self.registry.save()
        return {}

    # -- layer version policies ---------------------------------------------------

    def add_layer_version_permission(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        version = self._permission_target(ctx, params)
        sid = params["StatementId"]
        if any(s["Sid"] == sid for s in version.statements):
            raise ResourceConflictException(
                f"The statement id ({sid}) provided already exists. Please provide a new statement id, or remove the existing statement."
            )
        _check_policy_revision(params, version)
        statement: dict[str, Any] = {
            "Sid": sid,
            "Effect": "Allow",
            "Principal": _layer_principal(params["Principal"]),
            "Action": params["Action"],
            "Resource": version.arn,
        }
        if params.get("OrganizationId"):
            statement["Condition"] = {"StringEquals": {"aws:PrincipalOrgID": params["OrganizationId"]}}
        version.statements.append(statement)
        version.policy_revision = new_revision()
        self.registry.save()
        return {"Statement": orjson.dumps(statement).decode(), "RevisionId": version.policy_revision}

    def remove_layer_version_permission(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        version = self._permission_target(ctx, params)
        _check_policy_revision(params, version)
        sid = params["StatementId"]
        kept = [s for s in version.statements if s["Sid"] != sid]
        if len(kept) == len(version.statements):
            raise ResourceNotFoundException(f"Statement {sid} is not found in resource policy.")
        version.statements = kept
        version.policy_revision = new_revision()
        self.registry.save()
        return {}

    def get_layer_version_policy(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        version = self._permission_target(ctx, params)
        if not version.statements:
            raise ResourceNotFoundException("No policy is associated with the given resource.")
        policy = {"Version": "2012-10-17", "Id": "default", "Statement": version.statements}
        return {"Policy": orjson.dumps(policy).decode(), "RevisionId": version.policy_revision}

    def _permission_target(self, ctx: RequestContext, params: dict[str, Any]) -> LayerVersion:
        name, number = _layer_name(params["LayerName"]), params["VersionNumber"]
        layer = self.registry.layer(ctx.region, name)
        version = layer.versions.get(number) if layer else None
        if version is None:
            arn = f"arn:aws:lambda:{ctx.region}:{ctx.account_id}:layer:{name}:{number}"
            raise ResourceNotFoundException(f"Layer version {arn} does not exist.")
        return version

    def _version(self, region: str, name: str, number: int) -> LayerVersion:
        layer = self.registry.layer(region, name)
        version = layer.versions.get(number) if layer else None
        if version is None:
            raise resource_not_found()
        return version

    def _matching(self, region: str, name: str, params: dict[str, Any]) -> list[LayerVersion]:
        """Versions newest first, filtered by ``CompatibleRuntime`` / ``CompatibleArchitecture``."""
        layer = self.registry.layer(region, name)
        if layer is None:
            return []
        runtime, architecture = params.get("CompatibleRuntime"), params.get("CompatibleArchitecture")
        return [
            v
            for v in sorted(layer.versions.values(), key=lambda v: -v.number)
            if (runtime is None or runtime in (v.compatible_runtimes or []))
            and (architecture is None or architecture in (v.compatible_architectures or []))
        ]


def _check_compatibility_filters(params: dict[str, Any]) -> None:
    runtime, architecture = params.get("CompatibleRuntime"), params.get("CompatibleArchitecture")
    errors = []
    if isinstance(runtime, str) and runtime not in _model_runtimes():
        errors.append(violation(runtime, "compatibleRuntime", _FILTER_RUNTIME))
    if isinstance(architecture, str) and architecture not in ARCHITECTURES:
        errors.append(violation(architecture, "compatibleArchitecture", _ARCHITECTURE))
    raise_for(errors)


def _strings(value: Any) -> bool:
    """A list of strings (anything else is the model validator's to refuse)."""
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


@cache
def _runtime_enum() -> tuple[str, ...]:
    """The model's runtimes, in model order: what a layer may name."""
    return tuple(service_model("lambda").shape_for("Runtime").enum)


@cache
def _model_runtimes() -> frozenset[str]:
    return frozenset(_runtime_enum())


def _check_number(number: int) -> None:
    if number < 1:
        raise InvalidParameterValueException("Layer Version Cannot be less than 1")


def _check_policy_revision(params: dict[str, Any], version: LayerVersion) -> None:
    if params.get("RevisionId") is not None and params["RevisionId"] != version.policy_revision:
        raise PreconditionFailedException(
            "The Revision Id provided does not match the latest Revision Id. "
            "Call the GetLayerPolicy API to retrieve the latest Revision Id"
        )


def _layer_name(text: str) -> str:
    """``LayerName`` may be a name or a layer ARN."""
    return text.split(":")[6] if text.startswith("arn:") else text


def _layer_principal(principal: str) -> Any:
    """``*`` as given; an account (its ID or root ARN) as the IAM principal ``{"AWS": "arn:aws:iam::<id>:root"}``,
    which Terraform parses back to the account ID (layer_version_permission_test.go::
    TestLambdaLayerVersionPermission_account)."""
    if principal == "*":
        return principal
    return {"AWS": principal if principal.startswith("arn:") else f"arn:aws:iam::{principal}:root"}
