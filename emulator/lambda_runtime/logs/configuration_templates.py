"""DescribeConfigurationTemplates: the valid and default values of vended-log deliveries.

AWS's catalogue covers every service that vends logs; the emulator's holds the one log source whose
delivery defaults it knows from recorded AWS answers (CloudFront's ACCESS_LOGS: the record fields
and S3 suffix path CreateDelivery fills in, ``deliveries.py``), to each destination type CloudFront
delivers to. Its output formats and suffix path fields are guessed from CloudFront's documentation.
Filters: ``service`` exactly, the list members any of theirs; pages of ``limit`` (default 50).
"""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from .base import ValidationException, page
from .transform.vended import CLOUDFRONT_FIELDS

DEFAULT_LIMIT = 50
CLOUDFRONT_SUFFIX_PATH = "AWSLogs/{account-id}/CloudFront/"
_OUTPUT_FORMATS = {
    "S3": ["w3c", "json", "plain", "parquet"],
    "CWL": ["json", "plain", "w3c"],
    "FH": ["json", "plain", "w3c"],
}


def _cloudfront(destination: str) -> dict[str, Any]:
    defaults: dict[str, Any] = {"recordFields": list(CLOUDFRONT_FIELDS)}
    if destination == "S3":
        defaults["s3DeliveryConfiguration"] = {
            "suffixPath": CLOUDFRONT_SUFFIX_PATH,
            "enableHiveCompatiblePath": False,
        }
    return {
        "service": "cloudfront",
        "logType": "ACCESS_LOGS",
        "resourceType": "distribution",
        "deliveryDestinationType": destination,
        "defaultDeliveryConfigValues": defaults,
        "allowedFields": [{"name": name, "mandatory": False} for name in CLOUDFRONT_FIELDS],
        "allowedOutputFormats": _OUTPUT_FORMATS[destination],
        "allowedActionForAllowVendedLogsDeliveryForResource": "cloudfront:AllowVendedLogsDeliveryForResource",
        **(
            {"allowedSuffixPathFields": ["DistributionId", "account-id", "yyyy", "MM", "dd", "HH"]}
            if destination == "S3"
            else {}
        ),
    }


TEMPLATES = tuple(_cloudfront(destination) for destination in ("CWL", "FH", "S3"))


class ConfigurationTemplateOperations:
    def describe_configuration_templates(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        found = [t for t in TEMPLATES if _selected(t, params)]
        limit = params.get("limit") or DEFAULT_LIMIT
        listed, token = page("configurationTemplates", found, params, limit, _key, invalid=ValidationException)
        return {"configurationTemplates": listed, **({"nextToken": token} if token else {})}


def _selected(template: dict[str, Any], params: dict[str, Any]) -> bool:
    if params.get("service") and template["service"] != params["service"]:
        return False
    for member, key in (
        ("logTypes", "logType"),
        ("resourceTypes", "resourceType"),
        ("deliveryDestinationTypes", "deliveryDestinationType"),
    ):
        if params.get(member) and template[key] not in params[member]:
            return False
    return True


def _key(template: dict[str, Any]) -> tuple[str, str, str, str]:
    return (
        template["service"],
        template["logType"],
        template["resourceType"],
        template["deliveryDestinationType"],
    )
