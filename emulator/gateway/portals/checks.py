"""The checks the model cannot express: choices between members, references, policy documents."""

from __future__ import annotations

from typing import Any

import orjson

from ..http.errors import BadRequestException
from .store import RegionPortals

#: The structures that stand for a choice (a union in AWS's Smithy model): exactly one member is set.
CHOICES: dict[str, tuple[str, ...]] = {
    "Authorization": ("CognitoConfig", "None"),
    "EndpointConfiguration": ("AcmManaged", "None"),
    "DisplayContent": ("None", "Overrides"),
    "RestEndpointIdentifier": ("IdentifierParts",),
}


def one_of(name: str, value: dict[str, Any]) -> str:
    """The member chosen in the choice ``name``; BadRequestException unless exactly one is set."""
    chosen = [member for member in CHOICES[name] if value.get(member) is not None]
    if len(chosen) != 1:
        choices = CHOICES[name]
        wanted = choices[0] if len(choices) == 1 else f"exactly one of: {', '.join(choices)}"
        raise BadRequestException(f"{name} must specify {wanted}")
    return chosen[0]


def check_certificate(certificate_arn: str) -> None:
    """A portal's own domain is served by CloudFront, which takes ACM certificates of us-east-1 only."""
    parts = certificate_arn.split(":")
    if len(parts) != 6 or parts[2] != "acm" or not parts[5].startswith("certificate/"):
        raise BadRequestException(f"Invalid certificate ARN specified {certificate_arn}")
    if parts[3] != "us-east-1":
        raise BadRequestException("The certificate must be an ACM certificate in the us-east-1 Region")


def check_products(state: RegionPortals, product_arns: list[str]) -> None:
    """Every ARN names a portal product of the portal's region (portals hold their region's products)."""
    for product_arn in product_arns:
        if state.product_by_arn(product_arn) is None:
            raise BadRequestException(f"Invalid portal product ARN specified {product_arn}")
    if len(set(product_arns)) != len(product_arns):
        raise BadRequestException("IncludedPortalProductArns must not contain duplicates")


def check_policy(document: str) -> None:
    """A sharing policy is an IAM-style JSON policy object."""
    try:
        policy = orjson.loads(document)
    except orjson.JSONDecodeError:
        raise BadRequestException("Invalid policy document: the document is not valid JSON") from None
    if not isinstance(policy, dict) or "Statement" not in policy:
        raise BadRequestException(
            "Invalid policy document: the document must be a JSON object with a Statement"
        )
