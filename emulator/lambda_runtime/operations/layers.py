"""PublishLayerVersion, GetLayerVersion(ByArn), ListLayers, ListLayerVersions, DeleteLayerVersion."""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from ..errors import resource_not_found
from ..layers import Layer, LayerVersion
from .base import LambdaOperations, page


class LayerOperations(LambdaOperations):
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
        found, marker = page(listed, params)
        return {"Layers": found, **({"NextMarker": marker} if marker else {})}

    def list_layer_versions(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        listed = [v.list_item() for v in self._matching(ctx.region, _layer_name(params["LayerName"]), params)]
        found, marker = page(listed, params)
        return {"LayerVersions": found, **({"NextMarker": marker} if marker else {})}

    def delete_layer_version(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        layer = self.registry.layer(ctx.region, _layer_name(params["LayerName"]))
        if layer is not None and layer.versions.pop(params["VersionNumber"], None) is not None:
            # Functions that use it keep its folder; collection only drops unreferenced code.
            self.registry.save()
        return {}

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


def _layer_name(text: str) -> str:
    """``LayerName`` may be a name or a layer ARN."""
    return text.split(":")[6] if text.startswith("arn:") else text
