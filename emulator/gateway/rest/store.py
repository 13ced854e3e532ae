"""The REST API control-plane state, kept in AWS's own output shapes.

Resources, methods and integrations are stored as the dicts GetResource and
GetMethod return, so reads are copies and writes are plain updates.
A deployment freezes a snapshot of them (see ``deployment.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ...aws.errors import AwsError
from .errors import NotFoundException

if TYPE_CHECKING:
    from .deployment import DeployedApi
    from .domains import CustomDomain


@dataclass(slots=True)
class Deployment:
    data: dict[str, Any]
    snapshot: DeployedApi


@dataclass(slots=True)
class RestApi:
    region: str
    data: dict[str, Any]
    resources: dict[str, dict[str, Any]] = field(default_factory=dict)
    authorizers: dict[str, dict[str, Any]] = field(default_factory=dict)
    deployments: dict[str, Deployment] = field(default_factory=dict)
    stages: dict[str, dict[str, Any]] = field(default_factory=dict)
    models: dict[str, dict[str, Any]] = field(default_factory=dict)
    request_validators: dict[str, dict[str, Any]] = field(default_factory=dict)
    gateway_responses: dict[str, dict[str, Any]] = field(default_factory=dict)
    documentation_parts: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: version name -> DocumentationVersion
    documentation_versions: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.data["id"]

    def resource(self, resource_id: str) -> dict[str, Any]:
        found = self.resources.get(resource_id)
        if found is None:
            raise NotFoundException("Invalid Resource identifier specified")
        return found

    def method(self, resource_id: str, http_method: str) -> dict[str, Any]:
        found = self.resource(resource_id).get("resourceMethods", {}).get(http_method)
        if found is None:
            raise NotFoundException("Invalid Method identifier specified")
        return found

    def integration(self, resource_id: str, http_method: str) -> dict[str, Any]:
        found = self.method(resource_id, http_method).get("methodIntegration")
        if found is None:
            raise NotFoundException("Invalid Integration identifier specified")
        return found

    def stage(self, name: str) -> dict[str, Any]:
        found = self.stages.get(name)
        if found is None:
            raise NotFoundException("Invalid Stage identifier specified")
        return found

    def deployment(self, deployment_id: str) -> Deployment:
        found = self.deployments.get(deployment_id)
        if found is None:
            raise NotFoundException("Invalid Deployment identifier specified")
        return found

    def authorizer(self, authorizer_id: str) -> dict[str, Any]:
        found = self.authorizers.get(authorizer_id)
        if found is None:
            raise NotFoundException("Invalid Authorizer identifier specified")
        return found

    def root_id(self) -> str:
        return self.data["rootResourceId"]


@dataclass(slots=True)
class RegionState:
    apis: dict[str, RestApi] = field(default_factory=dict)
    api_keys: dict[str, dict[str, Any]] = field(default_factory=dict)
    usage_plans: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: usage plan id -> key id -> UsagePlanKey shape.
    usage_plan_keys: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    #: domain name -> custom domain (see ``domains.py``).
    domains: dict[str, CustomDomain] = field(default_factory=dict)
    vpc_links: dict[str, dict[str, Any]] = field(default_factory=dict)
    client_certificates: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: GetAccount's settings (see ``account.py``).
    account: dict[str, Any] = field(
        default_factory=lambda: {
            "throttleSettings": {"burstLimit": 5000, "rateLimit": 10000.0},
            "features": ["UsagePlans"],
            "apiKeyVersion": "4",
        }
    )


def timestamp_now() -> dt.datetime:
    """The time, to the second: API Gateway's dates (createdDate, lastUpdatedDate...) are whole epoch seconds."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)



class Store:
    """Every region's REST APIs, plus an index by API id for the data plane."""

    def __init__(self) -> None:
        self.regions: dict[str, RegionState] = {}
        self.by_id: dict[str, RestApi] = {}

    def region(self, region: str) -> RegionState:
        state = self.regions.get(region)
        if state is None:
            state = self.regions[region] = RegionState()
        return state

    def api(self, region: str, api_id: str, account_id: str) -> RestApi:
        found = self.region(region).apis.get(api_id)
        if found is None:
            raise NotFoundException(f"Invalid API identifier specified {account_id}:{api_id}")
        return found

    def api_or(self, region: str, api_id: str, missing: AwsError) -> RestApi:
        """The API, or ``missing``: some operations name their own target, not the API, when the API is unknown."""
        found = self.region(region).apis.get(api_id)
        if found is None:
            raise missing
        return found

    def resource_api(self, region: str, api_id: str) -> RestApi:
        """The API of an operation on a resource's methods: AWS then calls the resource missing."""
        return self.api_or(region, api_id, NotFoundException("Invalid Resource identifier specified"))

    def add(self, api: RestApi) -> None:
        self.region(api.region).apis[api.id] = api
        self.by_id[api.id] = api

    def remove(self, api: RestApi) -> None:
        self.region(api.region).apis.pop(api.id, None)
        self.by_id.pop(api.id, None)

    def clear(self) -> None:
        self.regions.clear()
        self.by_id.clear()
