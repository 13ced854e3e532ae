"""Data sources of S3 Table Integrations: AssociateSourceToS3TableIntegration,
DisassociateSourceFromS3TableIntegration, ListSourcesForS3TableIntegration.

An S3 Table Integration is made by CloudWatch's observability admin service
(``arn:aws:observabilityadmin:<region>:<account>:s3tableintegration/<id>``), which the emulator does
not run: no integration exists, so every call answers as AWS does for a missing one
(ResourceNotFoundException; guessed wording). Their input errors are ValidationException, as their
model lists (``validation_style.py``).
"""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from .base import ResourceNotFoundException


class S3TableSourceOperations:
    def associate_source_to_s3_table_integration(
        self, ctx: RequestContext, params: dict[str, Any]
    ) -> dict[str, Any]:
        raise _no_integration(params["integrationArn"])

    def list_sources_for_s3_table_integration(
        self, ctx: RequestContext, params: dict[str, Any]
    ) -> dict[str, Any]:
        raise _no_integration(params["integrationArn"])

    def disassociate_source_from_s3_table_integration(
        self, ctx: RequestContext, params: dict[str, Any]
    ) -> dict[str, Any]:
        raise ResourceNotFoundException(f"S3 Table Integration source {params['identifier']} does not exist.")


def _no_integration(arn: str) -> ResourceNotFoundException:
    return ResourceNotFoundException(f"S3 Table Integration {arn} does not exist.")
