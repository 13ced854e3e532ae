"""A function, its versions and aliases, and how AWS renders their configuration."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from .code import Code

LATEST = "$LATEST"
#: The version a managed-instance function publishes to, over and over, instead of numbered versions.
LATEST_PUBLISHED = "$LATEST.PUBLISHED"


def timestamp() -> str:
    """``LastModified`` as Lambda writes it: ``2024-01-01T00:00:00.000+0000``."""
    now = dt.datetime.now(dt.UTC)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}+0000"


@lru_cache(maxsize=256)
def runtime_version_arn(region: str, runtime: str) -> str:
    """``RuntimeVersionConfig.RuntimeVersionArn``: AWS names the runtime build by a SHA-256; one per runtime here."""
    return f"arn:aws:lambda:{region}::runtime:{hashlib.sha256(runtime.encode()).hexdigest()}"


def new_revision() -> str:
    return str(uuid.uuid4())


@dataclass(slots=True)
class Version:
    """``$LATEST`` or a published version: the configuration it freezes."""

    number: str
    #: Configuration members as AWS renders them (Runtime, Handler, Timeout, Environment, ...).
    config: dict[str, Any]
    code: Code
    layer_dirs: list[str] = field(default_factory=list)
    last_modified: str = field(default_factory=timestamp)
    #: Names this code and configuration: workers key on it.
    revision_id: str = field(default_factory=new_revision)
    #: For a published version: the ``content_digest`` of the ``$LATEST`` it was frozen from.
    published_from: str = ""
    #: Renewed by AddPermission and RemovePermission, and ``$LATEST``'s by publishing a version from it:
    #: AWS's RevisionId changes then too, while the code and configuration (``revision_id``) stay.
    policy_revision: str | None = None

    def content_digest(self) -> str:
        """Code and configuration, digested: PublishVersion's "nothing changed" check compares it,
        so re-uploading the same code (a new revision) publishes no new version, as AWS documents."""
        content = json.dumps([self.code.sha256, self.config, self.layer_dirs], sort_keys=True, default=str)
        return hashlib.sha256(content.encode()).hexdigest()

    @property
    def shown_revision_id(self) -> str:
        """``RevisionId`` as AWS shows it: renewed by code, configuration and resource-policy changes."""
        return self.policy_revision or self.revision_id


@dataclass(slots=True)
class Alias:
    name: str
    function_version: str
    description: str = ""
    routing: dict[str, float] | None = None
    revision_id: str = field(default_factory=new_revision)


@dataclass(slots=True)
class Function:
    name: str
    region: str
    account_id: str
    latest: Version
    versions: dict[str, Version] = field(default_factory=dict)
    next_version: int = 1
    aliases: dict[str, Alias] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    #: Resource-based policies, by the ARN they belong to (the function's, a version's or an alias's;
    #: ``$LATEST`` shares the function's): documents as GetPolicy shows them, which AddPermission and
    #: RemovePermission edit a statement at a time and PutResourcePolicy replaces whole.
    policies: dict[str, dict[str, Any]] = field(default_factory=dict)
    reserved_concurrency: int | None = None
    #: PutFunctionEventInvokeConfig, per qualifier ($LATEST, a version or an alias).
    event_invoke_configs: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: PutRuntimeManagementConfig's ``UpdateRuntimeOn``; PutFunctionRecursionConfig's ``RecursiveLoop``.
    update_runtime_on: str = "Auto"
    #: The runtime version a Manual ``UpdateRuntimeOn`` pins, as given.
    runtime_version_arn: str | None = None
    recursive_loop: str = "Terminate"
    #: Function URL configs as AWS renders them, per qualifier ($LATEST or an alias).
    url_configs: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: PutProvisionedConcurrencyConfig, per qualifier (a version or an alias): requested count and LastModified.
    provisioned: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: PutFunctionCodeSigningConfig's ARN (recorded; code is not verified).
    code_signing_config_arn: str | None = None
    #: PutFunctionScalingConfig's execution environments, per published version (managed-instance functions).
    scaling_configs: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def arn(self) -> str:
        return f"arn:aws:lambda:{self.region}:{self.account_id}:function:{self.name}"

    @property
    def statements(self) -> list[dict[str, Any]]:
        """Every policy's statements, for checks that read them all (CloudWatch Logs' subscriptions)."""
        return [s for policy in self.policies.values() for s in policy_statements(policy)]

    def provisioned_total(self, excluding: str | None = None) -> int:
        """The provisioned concurrency of every qualifier (but ``excluding``)."""
        return sum(config["requested"] for qualifier, config in self.provisioned.items() if qualifier != excluding)

    def all_versions(self) -> list[Version]:
        return [self.latest, *self.versions.values()]

    def publish(self, description: str | None = None) -> Version:
        """A version frozen from ``$LATEST``; the last one again if nothing changed since."""
        latest = self.latest
        digest = latest.content_digest()
        last = self.versions.get(str(self.next_version - 1))
        if last is not None and last.published_from == digest:
            return last
        number = str(self.next_version)
        self.next_version += 1
        config = dict(latest.config)
        if description is not None:
            config["Description"] = description
        if config.get("SnapStart", {}).get("ApplyOn") == "PublishedVersions":  # a published version is snapshotted
            config["SnapStart"] = {**config["SnapStart"], "OptimizationStatus": "On"}
        version = Version(number, config, latest.code, list(latest.layer_dirs), published_from=digest)
        self.versions[number] = version
        latest.policy_revision = new_revision()  # as AWS renews $LATEST's (test_function_revisions_version_and_alias)
        return version

    def configuration(self, version: Version, qualifier: str | None = None) -> dict[str, Any]:
        """``FunctionConfiguration``; the ARN carries the qualifier the caller named, if any."""
        return {
            "FunctionName": self.name,
            "FunctionArn": f"{self.arn}:{qualifier}" if qualifier else self.arn,
            **version.config,
            "CodeSize": version.code.size,
            "CodeSha256": version.code.sha256,
            "Version": version.number,
            "LastModified": version.last_modified,
            "RevisionId": version.shown_revision_id,
            "State": version_state(version),
            "LastUpdateStatus": "Successful",
            "RuntimeVersionConfig": {"RuntimeVersionArn": runtime_version_arn(self.region, version.config["Runtime"])},
        }

    def alias_configuration(self, alias: Alias) -> dict[str, Any]:
        document: dict[str, Any] = {
            "AliasArn": f"{self.arn}:{alias.name}",
            "Name": alias.name,
            "FunctionVersion": alias.function_version,
            "Description": alias.description,
            "RevisionId": alias.revision_id,
        }
        if alias.routing:
            document["RoutingConfig"] = {"AdditionalVersionWeights": alias.routing}
        return document

    # -- persistence --------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Function:
        def version(raw: dict[str, Any]) -> Version:
            return Version(**{**raw, "code": Code(**raw["code"])})

        statements = data.pop("statements", [])  # state saved before whole-document policies
        policies = data.setdefault("policies", {})
        for statement in statements:
            owned = policies.setdefault(statement["Resource"], {"Version": "2012-10-17", "Id": "default", "Statement": []})
            owned["Statement"].append(statement)
        return cls(
            **{
                **data,
                "latest": version(data["latest"]),
                "versions": {number: version(raw) for number, raw in data["versions"].items()},
                "aliases": {name: Alias(**raw) for name, raw in data["aliases"].items()},
            }
        )


def version_state(version: Version) -> str:
    """A managed-instance function's ``$LATEST`` only serves to publish from: AWS shows it ActiveNonInvocable."""
    return "ActiveNonInvocable" if version.number == LATEST and "CapacityProviderConfig" in version.config else "Active"


def policy_statements(policy: dict[str, Any]) -> list[dict[str, Any]]:
    """A policy document's statements: its ``Statement`` may be one statement or a list of them."""
    statement = policy.get("Statement")
    return [statement] if isinstance(statement, dict) else list(statement or [])


#: Members ListFunctions and ListVersionsByFunction leave out (GetFunction has them).
_STATE_MEMBERS = (
    "State", "StateReason", "StateReasonCode", "LastUpdateStatus", "LastUpdateStatusReason", "LastUpdateStatusReasonCode",
    "RuntimeVersionConfig",
)  # fmt: skip


def version_order(configuration: dict[str, Any]) -> tuple[int]:
    """Where a version's configuration sorts in listings: ``$LATEST`` first, ``$LATEST.PUBLISHED``, then by number."""
    version = configuration["Version"]
    return ({LATEST: -2, LATEST_PUBLISHED: -1}.get(version) or int(version),)


def listed(configuration: dict[str, Any]) -> dict[str, Any]:
    """A configuration as listings show it: without the state members and the runtime version."""
    for key in _STATE_MEMBERS:
        configuration.pop(key, None)
    return configuration


def pending(configuration: dict[str, Any]) -> dict[str, Any]:
    """CreateFunction's answer: the function is still being created."""
    configuration = {key: value for key, value in configuration.items() if not key.startswith("LastUpdateStatus")}
    configuration.update(State="Pending", StateReason="The function is being created.", StateReasonCode="Creating")
    return configuration


def in_transition(configuration: dict[str, Any]) -> dict[str, Any]:
    """The answer of a function being created or updated carries a RevisionId of its own: AWS renews the
    revision again once the function settles (Active, LastUpdateStatus Successful), so the one GetFunction
    shows next differs (LocalStack's AWS-validated TestLambdaRevisions::test_function_revisions_basic)."""
    configuration["RevisionId"] = new_revision()
    return configuration


def updating(configuration: dict[str, Any]) -> dict[str, Any]:
    """UpdateFunctionCode/Configuration's answer: the update is in progress."""
    in_transition(configuration)
    configuration.update(
        LastUpdateStatus="InProgress",
        LastUpdateStatusReason="The function is being created.",
        LastUpdateStatusReasonCode="Creating",
    )
    return configuration
