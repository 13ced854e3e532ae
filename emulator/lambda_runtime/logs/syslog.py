"""Syslog configurations: Put/Delete/ListSyslogConfigurations, syslog ingestion through a VPC endpoint.

The configuration's only source type is a VPC endpoint (VPCE), and EC2 is not emulated: once the log
group is found, PutSyslogConfiguration refuses the endpoint as one that does not exist (and asks for
one when none is given), so no configuration is ever made: the listing is empty and a deletion finds
nothing. The wordings are guessed: AWS does not document them.
"""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from .base import InvalidParameterException, LogsOperations, ResourceNotFoundException


class SyslogOperations(LogsOperations):
    def put_syslog_configuration(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        self._group(ctx, params)
        endpoint = params.get("vpcEndpointId")
        if not endpoint:
            raise InvalidParameterException("vpcEndpointId is required for source type VPCE.")
        raise InvalidParameterException(f"The VPC endpoint {endpoint} does not exist.")

    def delete_syslog_configuration(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        group = self._group(ctx, params)
        raise ResourceNotFoundException(f"No syslog configuration exists for log group {group.name}.")

    def list_syslog_configurations(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("logGroupIdentifier"):
            self._group(ctx, params)
        return {"syslogConfigurations": []}
