"""Layer versions: code unpacked like a function's and put on its import path (``/opt``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .code import Code
from .functions import timestamp

#: The runtimes ListLayers' and ListLayerVersions' ``CompatibleRuntime`` error lists, in the order
#: AWS printed them (older layer runtimes included; not a model order), as LocalStack's
#: runtimes.VALID_LAYER_RUNTIMES copies them from its AWS-validated snapshot test_layer_exceptions.
LAYER_FILTER_RUNTIMES = (
    "ruby3.5", "ruby2.6", "dotnetcore1.0", "python3.7", "nodejs8.10", "nasa", "ruby2.7", "python2.7-greengrass",
    "dotnetcore2.0", "python3.8", "java21", "dotnet6", "dotnetcore2.1", "python3.9", "java11", "nodejs6.10",
    "provided", "dotnetcore3.1", "dotnet8", "java25", "java17", "nodejs", "nodejs4.3", "java8.al2", "go1.x",
    "dotnet10", "nodejs20.x", "go1.9", "byol", "nodejs10.x", "provided.al2023", "nodejs22.x", "python3.10", "java8",
    "nodejs12.x", "python3.11", "nodejs24.x", "nodejs8.x", "python3.12", "nodejs14.x", "nodejs8.9", "nodejs26.x",
    "python3.13", "python3.14", "nodejs16.x", "python3.15", "provided.al2", "nodejs4.3-edge", "nodejs18.x",
    "ruby3.2", "python3.4", "ruby3.3", "ruby3.4", "ruby2.5", "python3.6", "python2.7",
)  # fmt: skip
ARCHITECTURES = ("x86_64", "arm64")


@dataclass(slots=True)
class LayerVersion:
    name: str
    region: str
    account_id: str
    number: int
    code: Code
    description: str = ""
    created: str = field(default_factory=timestamp)
    compatible_runtimes: list[str] | None = None
    compatible_architectures: list[str] | None = None
    license_info: str | None = None
    #: AddLayerVersionPermission's statements, in insertion order, and the policy's revision.
    statements: list[dict[str, Any]] = field(default_factory=list)
    policy_revision: str = ""

    @property
    def layer_arn(self) -> str:
        return f"arn:aws:lambda:{self.region}:{self.account_id}:layer:{self.name}"

    @property
    def arn(self) -> str:
        return f"{self.layer_arn}:{self.number}"

    def list_item(self) -> dict[str, Any]:
        """``LayerVersionsListItem``: what ListLayers and ListLayerVersions show."""
        item: dict[str, Any] = {
            "LayerVersionArn": self.arn,
            "Version": self.number,
            "Description": self.description,
            "CreatedDate": self.created,
        }
        # Given lists are shown even when empty, as AWS shows them.
        if self.compatible_runtimes is not None:
            item["CompatibleRuntimes"] = self.compatible_runtimes
        if self.compatible_architectures is not None:
            item["CompatibleArchitectures"] = self.compatible_architectures
        if self.license_info is not None:
            item["LicenseInfo"] = self.license_info
        return item

    def describe(self, location: str) -> dict[str, Any]:
        """GetLayerVersion / PublishLayerVersion's answer."""
        item = self.list_item()
        item["LayerArn"] = self.layer_arn
        item["Content"] = {"Location": location, "CodeSha256": self.code.sha256, "CodeSize": self.code.size}
        return item


@dataclass(slots=True)
class Layer:
    name: str
    versions: dict[int, LayerVersion] = field(default_factory=dict)
    next_version: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "next_version": self.next_version, "versions": [asdict(v) for v in self.versions.values()]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Layer:
        versions = [LayerVersion(**{**raw, "code": Code(**raw["code"])}) for raw in data["versions"]]
        return cls(data["name"], {v.number: v for v in versions}, data["next_version"])
