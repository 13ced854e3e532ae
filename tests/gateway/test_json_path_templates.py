"""JSONPath in mapping templates and mapping sources, through a running server: a Lambda non-proxy
(AWS) integration and a MOCK integration whose templates use recursive descent, wildcards, slices,
unions, name lists and filters, called with httpx."""

from __future__ import annotations

import json
from typing import Any

from test_json_path import STORE
from test_rest_support import RestApiBuilder, call, create_function, lambda_uri

from emulator.testing import EmulatorProcess

#: Answers the event it was given (the rendered request template).
RETURN_EVENT = """
def handler(event, context):
    return event
"""

REQUEST_TEMPLATE = """{
  "authors": $input.json('$..author'),
  "cheap": $input.json('$.store.book[?(@.price < 10)].title'),
  "fiction": $input.json("$.store.book[?(@.category == 'fiction' && @.price > 10)].title"),
  "withIsbn": $input.path('$..book[?(@.isbn)]').size(),
  "lastTwo": $input.json('$.store.book[-2:].title'),
  "middle": $input.json('$.store.book[1:3].price'),
  "ends": $input.json('$.store.book[0,3].author'),
  "bicycle": $input.json("$.store.bicycle['color','price']"),
  "bicycleValues": $input.json('$.store.bicycle.*'),
  "first": "$input.path('$.store.book[0].title')",
  "none": $input.json('$..nothing'),
  "missing": "$input.path('$.store.nothing')"
}"""


def _lambda_api(server: EmulatorProcess, response_template: str, **response: Any) -> str:
    builder = RestApiBuilder(server)
    function_arn = create_function(server, "return-event", RETURN_EVENT)
    resource_id = builder.method(
        "/books",
        "POST",
        {
            "type": "AWS",
            "integrationHttpMethod": "POST",
            "uri": lambda_uri(function_arn),
            "requestTemplates": {"application/json": REQUEST_TEMPLATE},
        },
    )
    client, api_id = builder.client, builder.api_id
    client.put_method_response(
        restApiId=api_id,
        resourceId=resource_id,
        httpMethod="POST",
        statusCode="200",
        responseParameters={name: False for name in response.get("responseParameters", {})},
    )
    client.put_integration_response(
        restApiId=api_id,
        resourceId=resource_id,
        httpMethod="POST",
        statusCode="200",
        responseTemplates={"application/json": response_template},
        **response,
    )
    builder.deploy("dev")
    return api_id


def test_request_template_paths_render_into_the_integration_request(server: EmulatorProcess) -> None:
    api_id = _lambda_api(server, "$input.json('$')")
    answer = call(server, api_id, "POST", "/dev/books", json=STORE)
    assert answer.status_code == 200
    assert answer.json() == {
        "authors": ["Nigel Rees", "Evelyn Waugh", "Herman Melville", "J. R. R. Tolkien"],
        "cheap": ["Sayings of the Century", "Moby Dick"],
        "fiction": ["Sword of Honour", "The Lord of the Rings"],
        "withIsbn": 2,
        "lastTwo": ["Moby Dick", "The Lord of the Rings"],
        "middle": [12.99, 8.99],
        "ends": ["Nigel Rees", "J. R. R. Tolkien"],
        "bicycle": {"color": "red", "price": 19.95},
        "bicycleValues": ["red", 19.95],
        "first": "Sayings of the Century",
        "none": [],
        "missing": "",
    }


def test_response_template_and_header_mapping_read_the_integration_response(server: EmulatorProcess) -> None:
    template = (
        "#set($titles = $input.path('$.lastTwo'))"
        "#foreach($t in $titles)$t#if($foreach.hasNext) & #end#end"
        " | $input.json('$..[?(@.color)].price') | $input.json('$.authors[-1:]')"
    )
    api_id = _lambda_api(
        server,
        template,
        responseParameters={
            # A mapping expression is [a-zA-Z0-9._$-]+ (rest-api-parameter-mapping-sources.md): names only.
            "method.response.header.X-Color": "integration.response.body.bicycle.color",
            "method.response.header.X-Bicycle": "integration.response.body.bicycle",
        },
    )
    answer = call(server, api_id, "POST", "/dev/books", json=STORE)
    assert answer.status_code == 200
    assert answer.text == 'Moby Dick & The Lord of the Rings | [19.95] | ["J. R. R. Tolkien"]'
    assert answer.headers["x-color"] == "red"
    assert json.loads(answer.headers["x-bicycle"]) == {"color": "red", "price": 19.95}


def test_mock_integration_picks_its_status_with_a_filter(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    request_template = (
        "#set($inStock = $input.path('$.items[?(@.qty > 0 && @.sku =~ /A-.*/)].sku'))"
        '#set($context.requestOverride.querystring.skus = "$inStock")'
        '#if($inStock.size() > 0){"statusCode": 200}#else{"statusCode": 404}#end'
    )
    resource_id = builder.method(
        "/stock", "POST", {"type": "MOCK", "requestTemplates": {"application/json": request_template}}
    )
    client, api_id = builder.client, builder.api_id
    for status, pattern, body in (
        ("200", None, '{"inStock": $context.requestOverride.querystring.skus}'),
        ("404", "404", '{"inStock": []}'),
    ):
        client.put_method_response(
            restApiId=api_id, resourceId=resource_id, httpMethod="POST", statusCode=status
        )
        options: dict[str, Any] = {"selectionPattern": pattern} if pattern else {}
        client.put_integration_response(
            restApiId=api_id,
            resourceId=resource_id,
            httpMethod="POST",
            statusCode=status,
            responseTemplates={"application/json": body},
            **options,
        )
    builder.deploy("dev")
    items = [
        {"sku": "A-1", "qty": 2},
        {"sku": "B-1", "qty": 5},
        {"sku": "A-2", "qty": 0},
        {"sku": "A-3", "qty": 1},
    ]
    found = call(server, api_id, "POST", "/dev/stock", json={"items": items})
    assert (found.status_code, found.json()) == (200, {"inStock": ["A-1", "A-3"]})
    none = call(server, api_id, "POST", "/dev/stock", json={"items": items[1:3]})
    assert (none.status_code, none.json()) == (404, {"inStock": []})


def test_a_path_too_costly_to_walk_fails_the_integration(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    template = "#set($x = $input.path('$..*..*..zz')){\"statusCode\": 200}"
    resource_id = builder.method(
        "/walk", "POST", {"type": "MOCK", "requestTemplates": {"application/json": template}}
    )
    client, api_id = builder.client, builder.api_id
    client.put_method_response(restApiId=api_id, resourceId=resource_id, httpMethod="POST", statusCode="200")
    client.put_integration_response(
        restApiId=api_id,
        resourceId=resource_id,
        httpMethod="POST",
        statusCode="200",
        responseTemplates={"application/json": '{"walked": true}'},
    )
    builder.deploy("dev")
    deep = "[1,2,3," * 900 + "0" + "]" * 900
    answer = call(
        server,
        builder.api_id,
        "POST",
        "/dev/walk",
        content=deep,
        headers={"content-type": "application/json"},
    )
    assert (answer.status_code, answer.json()) == (500, {"message": "Internal server error"})
    shallow = call(server, builder.api_id, "POST", "/dev/walk", json={"a": [1, {"zz": 2}]})
    assert (shallow.status_code, shallow.json()) == (200, {"walked": True})
