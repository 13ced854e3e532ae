"""Deploying a template through the AWS APIs of a running emulator.

The deployer is an ordinary boto3 user of the emulator: whatever a template
creates, a user could have created by hand, and the same code serves
``emulator start --template`` and ``emulator deploy``. Deploying is
idempotent: a resource that exists (found by its name) is updated in place,
so redeploying an edited template keeps table data and API ids.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .intrinsics import Resolver
from .loader import TemplateError, load_template
from .sam import Resource, Route, expand
from .samconfig import read_samconfig

log = logging.getLogger("emulator.templates")

ACCOUNT_ID = "000000000000"
_STACK_NAME_INVALID = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass
class Deployed:
    """What one resource became: its ``Ref`` value and ``Fn::GetAtt`` attributes."""

    ref: Any
    attributes: dict[str, Any] = field(default_factory=dict)
    #: A line for the start-up summary (``None``: nothing worth printing).
    summary: str | None = None
    #: Resources SAM generates from this one (``HelloFunctionRole``,
    #: ``ServerlessRestApiProdStage``, ...), which templates may refer to.
    generated: dict[str, Deployed] = field(default_factory=dict)
    #: For functions: the ARN events invoke (an alias's, with AutoPublishAlias).
    invoke_arn: str | None = None


Handler = Callable[["Deployer", Resource, dict[str, Any]], Deployed]


class Deployer:
    def __init__(
        self,
        template_path: Path,
        endpoint_url: str,
        *,
        region: str = "us-east-1",
        stack_name: str | None = None,
        parameter_overrides: dict[str, str] | None = None,
    ) -> None:
        self.template_path = template_path.resolve()
        self.base_dir = self.template_path.parent
        self.endpoint_url = endpoint_url.rstrip("/")
        self.region = region
        self._given_stack_name = stack_name
        self._given_overrides = parameter_overrides or {}
        self.stack_name = ""
        self.parameter_overrides: dict[str, str] = {}
        self.notes: list[str] = []
        #: ARNs of the resources deployed so far, by logical id (routes name functions).
        self.arns: dict[str, str] = {}
        self._clients: dict[str, Any] = {}

    # -- helpers for resource handlers ------------------------------------

    def client(self, service: str) -> Any:
        if service not in self._clients:
            import boto3
            from botocore.config import Config

            self._clients[service] = boto3.client(
                service,
                endpoint_url=self.endpoint_url,
                region_name=self.region,
                aws_access_key_id="template",
                aws_secret_access_key="template",
                config=Config(retries={"max_attempts": 1}),
            )
        return self._clients[service]

    def physical_name(self, logical_id: str) -> str:
        return f"{self.stack_name}-{logical_id}"

    def path(self, relative: str) -> Path:
        return (self.base_dir / relative).resolve()

    def api_url(self, api_id: str, stage: str | None, scheme: str = "http") -> str:
        suffix = f"/{stage}" if stage and stage != "$default" else ""
        return f"{scheme}://{api_id}.execute-api.localhost:{self._port()}{suffix}/"

    def _port(self) -> str:
        host_port = self.endpoint_url.split("://", 1)[1]
        return host_port.rsplit(":", 1)[1] if ":" in host_port else "80"

    def deployed_routes(self, api: Resource) -> list[Route]:
        """The API's routes whose function was deployed (a function's Condition also drops its events)."""
        return [route for route in api.routes if route.function in self.arns]

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    # -- deploying ---------------------------------------------------------

    def deploy(self) -> DeployResult:
        from .resources import HANDLERS

        # A watcher redeploys with the same deployer: start each deploy afresh
        # (samconfig.toml is read again too: it may have been edited).
        self.notes, self.arns = [], {}
        samconfig = read_samconfig(self.base_dir)
        # A folder name may hold characters stack (and so function) names may not.
        folder_name = _STACK_NAME_INVALID.sub("-", self.base_dir.name).strip("-") or "stack"
        self.stack_name = self._given_stack_name or samconfig.stack_name or folder_name
        self.parameter_overrides = {**samconfig.parameter_overrides, **self._given_overrides}
        template = load_template(self.template_path)
        resolver = Resolver(
            template,
            self.parameter_overrides,
            region=self.region,
            account_id=ACCOUNT_ID,
            stack_name=self.stack_name,
        )
        result = DeployResult(self.template_path, self.stack_name)
        unsupported: list[str] = []
        for resource in expand(template):
            if resource.condition and not resolver.condition(resource.condition):
                continue
            handler = HANDLERS.get(resource.type)
            if handler is None:
                unsupported.append(f"{resource.logical_id} ({resource.type})")
                resolver.record_skipped(resource.logical_id, _placeholder_attributes(resource, self.region))
                continue
            properties = resolver.resolve(resource.properties)
            try:
                deployed = handler(self, resource, properties)
            except TemplateError:
                raise
            except Exception as error:
                raise TemplateError(f"{resource.logical_id} ({resource.type}): {error}") from error
            resolver.record(resource.logical_id, deployed.ref, deployed.attributes)
            for generated_id, generated in deployed.generated.items():
                resolver.record(generated_id, generated.ref, generated.attributes)
            if deployed.invoke_arn or "Arn" in deployed.attributes:
                self.arns[resource.logical_id] = deployed.invoke_arn or deployed.attributes["Arn"]
            if deployed.summary:
                result.summary.append(deployed.summary)
        if unsupported:
            self.note("not emulated, skipped: " + ", ".join(unsupported))
        for name, output in (template.get("Outputs") or {}).items():
            if output.get("Condition") and not resolver.condition(output["Condition"]):
                continue
            result.outputs[name] = self.localise(str(resolver.resolve(output.get("Value"))))
        result.notes = list(self.notes)
        return result

    def localise(self, value: str) -> str:
        """AWS URLs of APIs and function URLs (as Outputs spell them) made the ones that work here."""
        region = re.escape(self.region)

        def api(found: re.Match[str]) -> str:
            scheme = "ws" if found.group(1) == "wss" else "http"
            return self.api_url(found.group(2), None, scheme).rstrip("/")

        def function_url(found: re.Match[str]) -> str:
            return f"http://{found.group(1)}.lambda-url.{self.region}.localhost:{self._port()}"

        value = re.sub(rf"(https|wss)://([a-z0-9]+)\.execute-api\.{region}\.amazonaws\.com", api, value)
        return re.sub(rf"https://([a-z0-9]+)\.lambda-url\.{region}\.on\.aws", function_url, value)


@dataclass
class DeployResult:
    template: Path
    stack_name: str
    summary: list[str] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def report(self) -> str:
        lines = [f"Deployed {self.template} (stack {self.stack_name}):"]
        lines += [f"  {line}" for line in self.summary]
        if self.outputs:
            lines.append("Outputs:")
            lines += [f"  {name} = {value}" for name, value in self.outputs.items()]
        lines += [f"Note: {note}" for note in self.notes]
        return "\n".join(lines)


def _placeholder_attributes(resource: Resource, region: str) -> dict[str, Any]:
    # A resource the emulator skips can still be referred to (a role's Arn in a
    # function's Role property, say); give it a plausible ARN.
    parts = resource.type.split("::")
    service = parts[1].lower() if len(parts) > 1 else "unknown"
    kind = parts[-1].lower()
    if service == "iam":  # global, and its ARNs name the kind: arn:aws:iam::123:role/x
        return {"Arn": f"arn:aws:iam::{ACCOUNT_ID}:{kind}/{resource.logical_id}"}
    return {"Arn": f"arn:aws:{service}:{region}:{ACCOUNT_ID}:{kind}/{resource.logical_id}"}
