"""Routing rules of custom domain names: apigatewayv2's RoutingRule operations with their checks, the
domain's routing mode in both APIs' shapes, and requests routed by rules before (or instead of) mappings."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from botocore.exceptions import ClientError
from test_custom_domain_routing import DOMAIN, call_domain, make_domain, rest_echo_api
from test_rest_support import create_function

from emulator.gateway.custom_domains import compile_rules, glob_test
from emulator.testing import EmulatorProcess

CERTIFICATE = "arn:aws:acm:us-east-1:000000000000:certificate/abc"


def v2_domain(server: EmulatorProcess, mode: str) -> None:
    server.client("apigatewayv2").create_domain_name(
        DomainName=DOMAIN, DomainNameConfigurations=[{"CertificateArn": CERTIFICATE}], RoutingMode=mode
    )


def invoke(api_id: str, stage: str = "prod", strip: bool | None = None) -> list[dict[str, Any]]:
    target: dict[str, Any] = {"ApiId": api_id, "Stage": stage}
    if strip is not None:
        target["StripBasePath"] = strip
    return [{"InvokeApi": target}]


def header(name: str, glob: str) -> dict[str, Any]:
    return {"MatchHeaders": {"AnyOf": [{"Header": name, "ValueGlob": glob}]}}


def base_paths(*paths: str) -> dict[str, Any]:
    return {"MatchBasePaths": {"AnyOf": list(paths)}}


def error_of(call: Any, **params: Any) -> tuple[int, str, str]:
    with pytest.raises(ClientError) as caught:
        call(**params)
    response = caught.value.response
    return response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Code"], response["Error"]["Message"]


def test_routing_rule_lifecycle_and_shapes(server: EmulatorProcess) -> None:
    api_id = rest_echo_api(server, create_function(server, "echo"))
    v2_domain(server, "ROUTING_RULE_ONLY")
    v2 = server.client("apigatewayv2")
    created = v2.create_routing_rule(
        DomainName=DOMAIN, Priority=50, Conditions=[base_paths("orders")], Actions=invoke(api_id)
    )
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    rule_id = created["RoutingRuleId"]
    assert created["RoutingRuleArn"] == (
        f"arn:aws:apigateway:us-east-1:000000000000:/domainnames/{DOMAIN}/routingrules/{rule_id}"
    )
    assert created["Actions"] == [{"InvokeApi": {"ApiId": api_id, "Stage": "prod", "StripBasePath": False}}]
    assert (created["Conditions"], created["Priority"]) == ([base_paths("orders")], 50)
    fetched = v2.get_routing_rule(DomainName=DOMAIN, RoutingRuleId=rule_id)
    assert {key: fetched[key] for key in created if key != "ResponseMetadata"} == {
        key: created[key] for key in created if key != "ResponseMetadata"
    }
    catch_all = v2.create_routing_rule(DomainName=DOMAIN, Priority=10, Conditions=[], Actions=invoke(api_id))
    listed = v2.list_routing_rules(DomainName=DOMAIN)["RoutingRules"]
    assert [rule["RoutingRuleId"] for rule in listed] == [catch_all["RoutingRuleId"], rule_id]
    first = v2.list_routing_rules(DomainName=DOMAIN, MaxResults=1)
    assert len(first["RoutingRules"]) == 1
    second = v2.list_routing_rules(DomainName=DOMAIN, MaxResults=1, NextToken=first["NextToken"])
    assert second["RoutingRules"][0]["RoutingRuleId"] == rule_id
    assert "NextToken" not in second

    updated = v2.put_routing_rule(
        DomainName=DOMAIN,
        RoutingRuleId=rule_id,
        Priority=5,
        Conditions=[header("x-version", "beta*")],
        Actions=invoke(api_id, strip=True),
    )
    assert (updated["RoutingRuleId"], updated["Priority"]) == (rule_id, 5)
    assert updated["Actions"][0]["InvokeApi"]["StripBasePath"] is True
    assert v2.list_routing_rules(DomainName=DOMAIN)["RoutingRules"][0]["RoutingRuleId"] == rule_id

    assert v2.delete_routing_rule(DomainName=DOMAIN, RoutingRuleId=rule_id)["ResponseMetadata"][
        "HTTPStatusCode"
    ] == 204
    assert error_of(v2.get_routing_rule, DomainName=DOMAIN, RoutingRuleId=rule_id)[:2] == (404, "NotFoundException")
    assert error_of(v2.delete_routing_rule, DomainName=DOMAIN, RoutingRuleId=rule_id)[:2] == (
        404,
        "NotFoundException",
    )
    assert error_of(v2.list_routing_rules, DomainName="missing.example.com") == (
        404,
        "NotFoundException",
        "Invalid domain name identifier specified missing.example.com",
    )


def test_routing_rule_checks(server: EmulatorProcess) -> None:
    api_id = rest_echo_api(server, create_function(server, "echo"))
    v2_domain(server, "ROUTING_RULE_THEN_API_MAPPING")
    v2 = server.client("apigatewayv2")
    create = v2.create_routing_rule
    v2.create_routing_rule(DomainName=DOMAIN, Priority=100, Conditions=[], Actions=invoke(api_id))
    status, code, message = error_of(create, DomainName=DOMAIN, Priority=100, Conditions=[], Actions=invoke(api_id))
    assert (status, code) == (409, "ConflictException")
    assert "100" in message

    def rejected(conditions: list[dict[str, Any]], actions: list[dict[str, Any]] | None = None) -> tuple[int, str]:
        status, code, _ = error_of(
            create, DomainName=DOMAIN, Priority=7, Conditions=conditions, Actions=actions or invoke(api_id)
        )
        return status, code

    bad_request = (400, "BadRequestException")
    assert rejected([header("a", "1"), header("b", "2"), header("c", "3")]) == bad_request
    assert rejected([base_paths("a"), base_paths("b")]) == bad_request
    assert rejected([{**header("a", "1"), **base_paths("b")}]) == bad_request
    assert rejected([base_paths("/a")]) == bad_request
    assert rejected([header("x-v", "a*b")]) == bad_request
    assert rejected([header("x-v", "x" * 129)]) == bad_request
    assert rejected([], invoke(api_id) + invoke(api_id)) == bad_request
    assert rejected([], invoke("nope123456")) == bad_request
    assert rejected([], invoke(api_id, stage="missing")) == bad_request
    http_api = v2.create_api(Name="http", ProtocolType="HTTP")["ApiId"]
    v2.create_stage(ApiId=http_api, StageName="prod")
    assert rejected([], invoke(http_api)) == bad_request  # only REST APIs are rule targets
    # ... nor may a rule domain map HTTP or WebSocket APIs (AWS's words, recorded live).
    assert error_of(v2.create_api_mapping, DomainName=DOMAIN, ApiId=http_api, Stage="prod") == (
        400,
        "BadRequestException",
        "APIs with a protocol type of HTTP or WEBSOCKET cannot be associated to domains that have a routingMode "
        "that uses RoutingRules",
    )
    # Two header conditions and one base path condition together are fine; a rule keeps its own priority.
    rule = create(
        DomainName=DOMAIN,
        Priority=7,
        Conditions=[header("a", "*1"), header("b", "*2*"), base_paths("x", "y/z")],
        Actions=invoke(api_id),
    )
    v2.put_routing_rule(
        DomainName=DOMAIN, RoutingRuleId=rule["RoutingRuleId"], Priority=7, Conditions=[], Actions=invoke(api_id)
    )
    assert error_of(
        v2.put_routing_rule,
        DomainName=DOMAIN,
        RoutingRuleId=rule["RoutingRuleId"],
        Priority=100,
        Conditions=[],
        Actions=invoke(api_id),
    )[:2] == (409, "ConflictException")
    assert error_of(
        v2.put_routing_rule, DomainName=DOMAIN, RoutingRuleId="abc123", Priority=9, Conditions=[], Actions=invoke(api_id)
    )[:2] == (404, "NotFoundException")


def test_routing_mode_in_both_apis_shapes(server: EmulatorProcess) -> None:
    apigateway, v2 = server.client("apigateway"), server.client("apigatewayv2")
    make_domain(server)
    assert apigateway.get_domain_name(domainName=DOMAIN)["routingMode"] == "BASE_PATH_MAPPING_ONLY"
    assert v2.get_domain_name(DomainName=DOMAIN)["RoutingMode"] == "API_MAPPING_ONLY"
    v2.update_domain_name(DomainName=DOMAIN, RoutingMode="ROUTING_RULE_THEN_API_MAPPING")
    assert apigateway.get_domain_name(domainName=DOMAIN)["routingMode"] == "ROUTING_RULE_THEN_BASE_PATH_MAPPING"
    apigateway.update_domain_name(
        domainName=DOMAIN, patchOperations=[{"op": "replace", "path": "/routingMode", "value": "ROUTING_RULE_ONLY"}]
    )
    assert v2.get_domain_name(DomainName=DOMAIN)["RoutingMode"] == "ROUTING_RULE_ONLY"
    created = apigateway.create_domain_name(
        domainName="v1.example.com",
        regionalCertificateArn=CERTIFICATE,
        endpointConfiguration={"types": ["REGIONAL"]},
        routingMode="ROUTING_RULE_THEN_BASE_PATH_MAPPING",
    )
    assert created["routingMode"] == "ROUTING_RULE_THEN_BASE_PATH_MAPPING"
    assert v2.get_domain_name(DomainName="v1.example.com")["RoutingMode"] == "ROUTING_RULE_THEN_API_MAPPING"


def test_rules_route_before_mappings_in_priority_order(server: EmulatorProcess) -> None:
    function_arn = create_function(server, "echo")
    orders = rest_echo_api(server, function_arn, name="orders")
    beta = rest_echo_api(server, function_arn, name="beta")
    mapped = rest_echo_api(server, function_arn, name="mapped")
    v2_domain(server, "ROUTING_RULE_THEN_API_MAPPING")
    v2 = server.client("apigatewayv2")
    v2.create_api_mapping(DomainName=DOMAIN, ApiId=mapped, Stage="prod", ApiMappingKey="orders")
    v2.create_routing_rule(
        DomainName=DOMAIN, Priority=10, Conditions=[header("X-Version", "beta*")], Actions=invoke(beta)
    )
    v2.create_routing_rule(
        DomainName=DOMAIN,
        Priority=20,
        Conditions=[base_paths("orders")],
        Actions=invoke(orders, strip=True),
    )

    def routed(path: str, **headers: str) -> tuple[str, str, str]:
        response = httpx.get(f"http://127.0.0.1:{server.port}{path}", headers={"Host": DOMAIN, **headers}, timeout=30)
        event = response.json()
        return event["requestContext"]["apiId"], event["resource"], event["path"]

    # The base path rule strips "orders": the API sees /items/7 (its mapping never gets the request).
    assert routed("/orders/items/7") == (orders, "/items/{id}", "/items/7")
    # Header names match case-insensitively, values by glob; the higher priority rule wins, base path kept.
    assert routed("/items/7", **{"x-version": "beta-2"}) == (beta, "/items/{id}", "/items/7")
    # ... before the base path rule; that API has no /orders resource (the base path is not stripped).
    response = httpx.get(f"http://127.0.0.1:{server.port}/orders/items/7", headers={"Host": DOMAIN, "x-version": "beta"})
    assert (response.status_code, response.json()) == (403, {"message": "Missing Authentication Token"})
    # A value glob is case-sensitive: no rule holds, the API mapping takes it.
    assert routed("/orders/items/7", **{"x-version": "Beta"})[0] == orders
    assert call_domain(server, "/other/items/7").status_code == 403

    # ROUTING_RULE_ONLY: mappings are ignored.
    v2.update_domain_name(DomainName=DOMAIN, RoutingMode="ROUTING_RULE_ONLY")
    assert routed("/orders/items/7")[0] == orders
    # API_MAPPING_ONLY: rules are ignored, the mapping keeps the base path in the event.
    v2.update_domain_name(DomainName=DOMAIN, RoutingMode="API_MAPPING_ONLY")
    assert routed("/orders/items/7") == (mapped, "/items/{id}", "/orders/items/7")


def test_rule_without_strip_passes_the_base_path_to_the_api(server: EmulatorProcess) -> None:
    api_id = rest_echo_api(server, create_function(server, "echo"))
    v2_domain(server, "ROUTING_RULE_ONLY")
    v2 = server.client("apigatewayv2")
    v2.create_routing_rule(DomainName=DOMAIN, Priority=1, Conditions=[base_paths("items")], Actions=invoke(api_id))
    event = call_domain(server, "/items/3").json()
    assert (event["resource"], event["path"], event["pathParameters"]) == ("/items/{id}", "/items/3", {"id": "3"})
    assert call_domain(server, "/nothing").status_code == 403
    v2.delete_domain_name(DomainName=DOMAIN)
    assert call_domain(server, "/items/3").status_code != 200


@pytest.mark.parametrize(
    ("glob", "matching", "other"),
    [
        ("beta", ["beta"], ["Beta", "beta2", "abeta"]),
        ("a*", ["a", "alpha", "account"], ["beta", "Alpha"]),
        ("*-prod", ["eu-prod", "-prod"], ["eu-prod2", "eu-PROD"]),
        ("*dog*", ["dog", "hotdogs", "Pet:dog-1"], ["Dog", "do g"]),
    ],
)
def test_header_globs_match_prefixes_suffixes_and_infixes(glob: str, matching: list[str], other: list[str]) -> None:
    test = glob_test(glob)
    assert [value for value in matching if test(value)] == matching
    assert [value for value in other if test(value)] == []


def test_compiled_rules_keep_priority_order_and_the_longest_base_path() -> None:
    rules = compile_rules(
        [
            {"Priority": 9, "Conditions": [], "Actions": invoke("catchall")},
            {
                "Priority": 2,
                "Conditions": [header("X-Pet", "dog*"), base_paths("v1", "v1/pets")],
                "Actions": invoke("pets", strip=True),
            },
        ]
    )
    assert [rule.api_id for rule in rules] == ["pets", "catchall"]
    pets = rules[0]
    headers = {b"x-pet": ["dog-1"]}
    assert pets.matches(headers, ["v1", "pets", "7"]) == 2
    assert pets.matches(headers, ["v1", "cats"]) == 1
    assert pets.matches(headers, ["v2", "pets"]) is None
    assert pets.matches({b"x-pet": ["cat"]}, ["v1"]) is None
    assert pets.matches({b"x-pet": ["cat", "dog"]}, ["v1"]) == 1
    assert rules[1].matches({}, [""]) == 0
