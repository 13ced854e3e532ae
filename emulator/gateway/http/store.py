"""HTTP and WebSocket APIs as stored data, and the accessor other modules read.

Every resource is kept as the dict of its botocore output members (``RouteId``,
``RouteKey`` ...), so Get operations return it as stored and Update operations
merge into it. A deployment freezes the routing-relevant parts of its API into
a ``Snapshot``; the data plane serves a stage from its deployment's snapshot.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..ids import new_id
from ..rest.pages import is_token, resume
from .errors import BadRequestException, NotFoundException

Resource = dict[str, Any]


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass(slots=True)
class Snapshot:
    """What one deployment serves: its API's routes, integrations and authorizers."""

    routes: dict[str, Resource]
    integrations: dict[str, Resource]
    authorizers: dict[str, Resource]
    route_responses: dict[str, dict[str, Resource]]
    integration_responses: dict[str, dict[str, Resource]]
    #: The compiled route table, built on first use (``routing.RouteTable``).
    router: Any = None


@dataclass(slots=True)
class ApiModel:
    """One HTTP or WebSocket API with everything under it.

    This is the documented read accessor for the data planes:
    ``ApiGatewayV2Provider.get_api_model(api_id)`` returns it, and
    ``snapshot_for_stage(stage)`` gives what a stage currently serves.
    """

    region: str
    api: Resource
    routes: dict[str, Resource] = field(default_factory=dict)
    integrations: dict[str, Resource] = field(default_factory=dict)
    authorizers: dict[str, Resource] = field(default_factory=dict)
    stages: dict[str, Resource] = field(default_factory=dict)
    deployments: dict[str, Resource] = field(default_factory=dict)
    snapshots: dict[str, Snapshot] = field(default_factory=dict)
    #: route id -> route response id -> route response
    route_responses: dict[str, dict[str, Resource]] = field(default_factory=dict)
    #: integration id -> integration response id -> integration response
    integration_responses: dict[str, dict[str, Resource]] = field(default_factory=dict)
    #: model id -> Model (request body schemas, WebSocket APIs)
    models: dict[str, Resource] = field(default_factory=dict)
    #: Lambda authorizer results: (authorizer id, identity values) -> (expiry, result)
    authorizer_cache: dict[tuple[str, tuple[str, ...]], tuple[float, Any]] = field(default_factory=dict)

    @property
    def api_id(self) -> str:
        return self.api["ApiId"]

    @property
    def protocol(self) -> str:
        return self.api["ProtocolType"]

    @property
    def is_websocket(self) -> bool:
        return self.api["ProtocolType"] == "WEBSOCKET"

    def snapshot(self) -> Snapshot:
        return Snapshot(
            copy.deepcopy(self.routes),
            copy.deepcopy(self.integrations),
            copy.deepcopy(self.authorizers),
            copy.deepcopy(self.route_responses),
            copy.deepcopy(self.integration_responses),
        )

    def snapshot_for_stage(self, stage_name: str) -> Snapshot | None:
        stage = self.stages.get(stage_name)
        if stage is None or "DeploymentId" not in stage:
            return None
        return self.snapshots.get(stage["DeploymentId"])

    def deploy(self, description: str | None = None, *, auto: bool = False) -> Resource:
        deployment: Resource = {
            "AutoDeployed": auto,
            "CreatedDate": now(),
            "DeploymentId": new_id(6),
            "DeploymentStatus": "DEPLOYED",
        }
        if description is not None:
            deployment["Description"] = description
        self.deployments[deployment["DeploymentId"]] = deployment
        self.snapshots[deployment["DeploymentId"]] = self.snapshot()
        return deployment

    def point_stage(self, stage: Resource, deployment: Resource) -> None:
        stage["DeploymentId"] = deployment["DeploymentId"]
        stage["LastUpdatedDate"] = now()
        if stage.get("AutoDeploy"):
            stage["LastDeploymentStatusMessage"] = (
                f"Successfully deployed stage with deployment ID '{deployment['DeploymentId']}'"
            )

    def changed(self) -> None:
        """Redeploy the stages with AutoDeploy, as AWS does after every change."""
        auto_stages = [stage for stage in self.stages.values() if stage.get("AutoDeploy")]
        if not auto_stages:
            return
        deployment = self.deploy(auto=True)
        for stage in auto_stages:
            self.point_stage(stage, deployment)
        self._drop_unused_auto_snapshots()

    def _drop_unused_auto_snapshots(self) -> None:
        # Every change makes an automatic deployment; keeping a full copy of the
        # API for each would grow quadratically with the number of changes.
        in_use = {stage.get("DeploymentId") for stage in self.stages.values()}
        for deployment_id, deployment in self.deployments.items():
            if deployment["AutoDeployed"] and deployment_id not in in_use:
                self.snapshots.pop(deployment_id, None)

    def snapshot_of(self, deployment_id: str) -> Snapshot:
        """A deployment's snapshot; one whose copy was dropped serves the current API."""
        found = self.snapshots.get(deployment_id)
        if found is None:
            found = self.snapshots[deployment_id] = self.snapshot()
        return found


class ApiStore:
    """All APIs of every region, by id (ids are unique across regions, as on AWS)."""

    def __init__(self) -> None:
        self.apis: dict[str, ApiModel] = {}

    def add(self, model: ApiModel) -> None:
        self.apis[model.api_id] = model

    def new_api_id(self) -> str:
        while True:
            api_id = new_id()
            if api_id not in self.apis:
                return api_id

    def get(self, region: str, account_id: str, api_id: str) -> ApiModel:
        model = self.apis.get(api_id)
        if model is None or model.region != region:
            raise NotFoundException(
                f"Invalid API identifier specified {account_id}:{api_id}", ResourceType="Api"
            )
        return model

    def in_region(self, region: str) -> list[ApiModel]:
        return [model for model in self.apis.values() if model.region == region]

    def clear(self) -> None:
        self.apis.clear()


def child(collection: dict[str, Resource], key: str, label: str) -> Resource:
    """A route, integration ... by id, or AWS's NotFoundException."""
    found = collection.get(key)
    if found is None:
        raise NotFoundException(f"Invalid {label} identifier specified {key}", ResourceType=label)
    return found


def merge(target: Resource, params: dict[str, Any], skip: tuple[str, ...] = ("ApiId",)) -> Resource:
    """An Update operation: the given members replace the stored ones."""
    for name, value in params.items():
        if name not in skip:
            target[name] = value
    return target


def page(items: list[Resource], params: dict[str, Any], identity: str | None = None) -> dict[str, Any]:
    """``Items`` and ``NextToken`` for Get* list operations (MaxResults is a string).

    ``identity`` names an item (``ApiId``, ``RouteId`` ...): the token finds the next
    page's first item even when the items before it were deleted in between
    (without it, the token is a position).
    """
    token = params.get("NextToken")
    try:
        size = int(params.get("MaxResults") or 0) or len(items) or 1
    except ValueError:
        size = 0
    if size < 1 or (token and not is_token(token)):
        raise BadRequestException("Invalid pagination parameters")
    chosen, following = resume(items, token, size, identity)
    return {"Items": chosen, **({"NextToken": following} if following else {})}
