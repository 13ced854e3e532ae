"""IAM as templates state it: recorded nowhere, enforced by nothing, said once."""

from __future__ import annotations

from typing import Any

from ..deploy import Deployed, Deployer
from ..sam import Resource

NOT_ENFORCED = (
    "IAM is not enforced by the emulator: functions' Policies and Role, and AWS::Serverless::Connector "
    "resources, were ignored"
)


def deploy_connector(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    """AWS::Serverless::Connector only writes IAM policies: nothing to make here."""
    deployer.note(NOT_ENFORCED)
    return Deployed(resource.logical_id)

