"""Every function and layer, per region; persisted as one JSON document beside the code folders."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ..config import Settings
from .capacity_providers import CapacityProvider
from .code import CodeStore
from .errors import function_not_found
from .event_source_mappings import EventSourceMapping
from .functions import LATEST, Function, Version
from .json_files import read_json, write_json
from .layers import Layer
from .names import parse_function_name


class Registry:
    def __init__(self, settings: Settings) -> None:
        self.persistent = not settings.in_memory
        if self.persistent:
            self.root = settings.data_dir.resolve() / "lambda"
        else:
            self.root = Path(tempfile.mkdtemp(prefix="emulator-lambda-"))
        self.code = CodeStore(self.root / "code")
        self.functions: dict[str, dict[str, Function]] = {}
        self.layers: dict[str, dict[str, Layer]] = {}
        self.mappings: dict[str, EventSourceMapping] = {}
        #: Code signing configs as AWS renders them, per region, by ARN.
        self.code_signing: dict[str, dict[str, dict[str, Any]]] = {}
        #: Tags of code signing configs and event source mappings, by ARN (a function keeps its own).
        self.resource_tags: dict[str, dict[str, str]] = {}
        #: Lambda Managed Instances' capacity providers, per region, by name.
        self.capacity_providers: dict[str, dict[str, CapacityProvider]] = {}
        self._save_pending: asyncio.TimerHandle | None = None
        self._load()
        # Code no longer referenced is dropped only here and on reset, when no operation
        # can be between unpacking a zip and registering the function that uses it.
        self.collect_code()

    # -- lookups ------------------------------------------------------------

    def find(self, region: str, account_id: str, text: str, qualifier: str | None = None) -> tuple[Function, str | None]:
        """The function a ``FunctionName`` names, and the qualifier it or ``Qualifier`` carries."""
        ref = parse_function_name(text, qualifier)
        region = ref.region or region
        function = self.functions.get(region, {}).get(ref.name)
        if function is None:
            arn = f"arn:aws:lambda:{region}:{account_id}:function:{ref.name}"
            raise function_not_found(f"{arn}:{ref.qualifier}" if ref.qualifier else arn)
        return function, ref.qualifier

    def version(self, function: Function, qualifier: str | None) -> Version:
        """The version a qualifier names: ``$LATEST``, a number, or an alias's version."""
        if qualifier is None or qualifier == LATEST:
            return function.latest
        alias = function.aliases.get(qualifier)
        if alias is not None and alias.function_version == LATEST:  # an alias may point at $LATEST
            return function.latest
        found = function.versions.get(alias.function_version if alias else qualifier)
        if found is None:
            raise function_not_found(f"{function.arn}:{qualifier}")
        return found

    def layer(self, region: str, name: str) -> Layer | None:
        return self.layers.get(region, {}).get(name)

    # -- persistence --------------------------------------------------------

    def save(self) -> None:
        if not self.persistent:
            return
        document = {
            "functions": [f.to_dict() for region in self.functions.values() for f in region.values()],
            "layers": {region: [layer.to_dict() for layer in layers.values()] for region, layers in self.layers.items()},
            "mappings": [mapping.to_dict() for mapping in self.mappings.values()],
            "code_signing": self.code_signing,
            "resource_tags": self.resource_tags,
            "capacity_providers": [p.to_dict() for region in self.capacity_providers.values() for p in region.values()],
        }
        write_json(self.root / "state.json", document)

    def save_soon(self, delay_s: float = 1.0) -> None:
        """Save within ``delay_s``: for frequent small changes such as stream checkpoints."""
        if self.persistent and self._save_pending is None:
            self._save_pending = asyncio.get_running_loop().call_later(delay_s, self._save_now)

    def _save_now(self) -> None:
        self._save_pending = None
        self.save()

    def _load(self) -> None:
        document: dict[str, Any] | None = read_json(self.root / "state.json") if self.persistent else None
        if document is None:
            return
        for raw in document["functions"]:
            function = Function.from_dict(raw)
            self.functions.setdefault(function.region, {})[function.name] = function
        for region, layers in document["layers"].items():
            self.layers[region] = {raw["name"]: Layer.from_dict(raw) for raw in layers}
        for raw in document["mappings"]:
            mapping = EventSourceMapping.from_dict(raw)
            self.mappings[mapping.uuid] = mapping
        self.code_signing = document.get("code_signing", {})
        self.resource_tags = document.get("resource_tags", {})
        for raw in document.get("capacity_providers", []):
            provider = CapacityProvider.from_dict(raw)
            self.capacity_providers.setdefault(provider.region, {})[provider.name] = provider

    def collect_code(self) -> None:
        """Drop unpacked code nothing refers to any more."""
        versions = [v for region in self.functions.values() for f in region.values() for v in f.all_versions()]
        in_use = {v.code.digest for v in versions}
        in_use.update(Path(folder).name for v in versions for folder in v.layer_dirs)
        in_use.update(v.code.digest for region in self.layers.values() for layer in region.values() for v in layer.versions.values())
        self.code.collect(in_use)

    def clear(self) -> None:
        self.functions.clear()
        self.layers.clear()
        self.mappings.clear()
        self.code_signing.clear()
        self.resource_tags.clear()
        self.capacity_providers.clear()
        self.collect_code()
        self.save()

    def close(self) -> None:
        if self._save_pending is not None:
            self._save_pending.cancel()
            self._save_now()
        if not self.persistent:
            shutil.rmtree(self.root, ignore_errors=True)
