"""Routing rules of custom domain names (apigatewayv2's RoutingRule operations).

A rule sends a custom domain's request to a REST API stage when all of its
conditions hold: up to two header conditions (one header name and value glob
each) and one base path condition (any of its base paths). Rules are kept on
the domain record (``rest/domains.py``) in this API's shape and compiled for
the data plane (``custom_domains.compile_rules``) whenever they change; the
domain's routing mode decides whether the data plane consults them.
"""

from __future__ import annotations

import re
from typing import Any

from ...aws.context import RequestContext
from ..custom_domains import compile_rules
from ..ids import new_id
from ..rest.domains import CustomDomain
from ..rest.store import Store as RestStore
from .errors import BadRequestException, ConflictException, NotFoundException
from .store import ApiStore, Resource, page

#: "Less than 40 characters" of these (CloudFormation's reference); a value glob "less than 128",
#: with ``*`` only at its start and/or end.
_HEADER_NAME = re.compile(r"[A-Za-z0-9*?!#$%&'.^_`|~-]{1,39}")
_HEADER_GLOB = re.compile(r"\*?[A-Za-z0-9?!#$%&'.^_`|~-]*\*?")
_MAX_GLOB_LENGTH = 127
#: A base path: segments of URL path characters, no empty segment.
_BASE_PATH = re.compile(r"[A-Za-z0-9$_.+!'()*-]+(/[A-Za-z0-9$_.+!'()*-]+)*")
_MAX_BASE_PATH_LENGTH = 128
_MAX_HEADER_CONDITIONS = 2


def _check_conditions(conditions: list[dict[str, Any]]) -> None:
    """At most two header conditions and one base path condition, each of one kind, with valid values."""
    headers = base_paths = 0
    for condition in conditions:
        kinds = [kind for kind in ("MatchHeaders", "MatchBasePaths") if condition.get(kind) is not None]
        if len(kinds) != 1:
            raise BadRequestException("Each condition must specify exactly one of MatchHeaders or MatchBasePaths.")
        if kinds[0] == "MatchHeaders":
            headers += 1
            values = condition["MatchHeaders"]["AnyOf"]
            if len(values) != 1:
                raise BadRequestException("A MatchHeaders condition must specify exactly one header.")
            for value in values:
                _check_header(value["Header"], value["ValueGlob"])
        else:
            base_paths += 1
            values = condition["MatchBasePaths"]["AnyOf"]
            if not values:
                raise BadRequestException("A MatchBasePaths condition must specify at least one base path.")
            for base_path in values:
                if len(base_path) > _MAX_BASE_PATH_LENGTH or not _BASE_PATH.fullmatch(base_path):
                    raise BadRequestException(f"Invalid base path '{base_path}' specified in MatchBasePaths.")
    if headers > _MAX_HEADER_CONDITIONS or base_paths > 1:
        raise BadRequestException(
            "A routing rule can have at most two MatchHeaders conditions and one MatchBasePaths condition."
        )


def _check_header(name: str, glob: str) -> None:
    if not _HEADER_NAME.fullmatch(name):
        raise BadRequestException(f"Invalid header name '{name}' specified in MatchHeaders.")
    if not glob or len(glob) > _MAX_GLOB_LENGTH or not _HEADER_GLOB.fullmatch(glob):
        raise BadRequestException(f"Invalid value glob '{glob}' specified for header '{name}' in MatchHeaders.")


def _rule(params: dict[str, Any], arn: str, rule_id: str) -> Resource:
    """A RoutingRule as AWS answers it: StripBasePath always shown."""
    actions = [
        {"InvokeApi": {**action["InvokeApi"], "StripBasePath": bool(action["InvokeApi"].get("StripBasePath"))}}
        for action in params["Actions"]
    ]
    return {
        "Actions": actions,
        "Conditions": params["Conditions"],
        "Priority": params["Priority"],
        "RoutingRuleArn": arn,
        "RoutingRuleId": rule_id,
    }


class RoutingRuleOperations:
    #: From ``DomainOperations``: the domain record or NotFoundException.
    _domain: Any
    store: ApiStore
    rest_store: RestStore

    def _checked_rule(self, ctx: RequestContext, domain: CustomDomain, params: dict[str, Any], rule_id: str) -> Resource:
        """The rule ``params`` describe, after AWS's checks (``rule_id``: the rule it replaces, if any)."""
        _check_conditions(params["Conditions"])
        if len(params["Actions"]) != 1:
            raise BadRequestException("A routing rule must specify exactly one action.")
        invoke = params["Actions"][0]["InvokeApi"]
        api = self.rest_store.region(ctx.region).apis.get(invoke["ApiId"])
        if api is None and invoke["ApiId"] in self.store.apis:
            raise BadRequestException("APIs with a protocol type of HTTP or WEBSOCKET cannot be the target of a RoutingRule")
        if api is None:
            raise BadRequestException(f"Invalid API identifier specified {invoke['ApiId']}")
        if invoke["Stage"] not in api.stages:
            raise BadRequestException(f"Invalid stage identifier specified {invoke['Stage']}")
        for other in domain.rules.values():
            if other["Priority"] == params["Priority"] and other["RoutingRuleId"] != rule_id:
                raise ConflictException(
                    f"A routing rule with priority {params['Priority']} already exists for this domain name"
                )
        arn = f"arn:aws:apigateway:{ctx.region}:{ctx.account_id}:/domainnames/{domain.data['domainName']}/routingrules/{rule_id}"
        return _rule(params, arn, rule_id)

    @staticmethod
    def _store_rule(domain: CustomDomain, rule: Resource) -> Resource:
        domain.rules[rule["RoutingRuleId"]] = rule
        domain.compiled_rules = compile_rules(domain.rules.values())
        return rule

    @staticmethod
    def _routing_rule(domain: CustomDomain, rule_id: str) -> Resource:
        found = domain.rules.get(rule_id)
        if found is None:
            raise NotFoundException(
                f"Invalid RoutingRule identifier specified {rule_id}", ResourceType="RoutingRule"
            )
        return found

    def create_routing_rule(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        domain = self._domain(ctx, params["DomainName"])
        rule_id = new_id(6)
        return self._store_rule(domain, self._checked_rule(ctx, domain, params, rule_id))

    def get_routing_rule(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        return self._routing_rule(self._domain(ctx, params["DomainName"]), params["RoutingRuleId"])

    def list_routing_rules(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        domain = self._domain(ctx, params["DomainName"])
        rules = sorted(domain.rules.values(), key=lambda rule: rule["Priority"])
        listing = page(rules, params, "RoutingRuleId")
        return {"RoutingRules": listing["Items"], **({"NextToken": listing["NextToken"]} if "NextToken" in listing else {})}

    def put_routing_rule(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        domain = self._domain(ctx, params["DomainName"])
        self._routing_rule(domain, params["RoutingRuleId"])
        return self._store_rule(domain, self._checked_rule(ctx, domain, params, params["RoutingRuleId"]))

    def delete_routing_rule(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        domain = self._domain(ctx, params["DomainName"])
        self._routing_rule(domain, params["RoutingRuleId"])
        del domain.rules[params["RoutingRuleId"]]
        domain.compiled_rules = compile_rules(domain.rules.values())
        return {}
