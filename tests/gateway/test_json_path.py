"""The JSONPath evaluator behind ``$input.path`` / ``$input.json`` (Jayway JsonPath's semantics, which
API Gateway's mapping templates use): definite paths give one value, any other path a list."""

from __future__ import annotations

import json
from typing import Any

import pytest

from emulator.gateway.common.json_path import JsonPathTooComplex, compile_path, json_path
from emulator.gateway.rest.mapping import UTIL, InputVariable
from emulator.gateway.rest.vtl import Template

# The store document of Jayway JsonPath's README, which its examples (and so AWS's users) query.
STORE: dict[str, Any] = {
    "store": {
        "book": [
            {
                "category": "reference",
                "author": "Nigel Rees",
                "title": "Sayings of the Century",
                "price": 8.95,
            },
            {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99},
            {
                "category": "fiction",
                "author": "Herman Melville",
                "title": "Moby Dick",
                "isbn": "0-553-21311-3",
                "price": 8.99,
            },
            {
                "category": "fiction",
                "author": "J. R. R. Tolkien",
                "title": "The Lord of the Rings",
                "isbn": "0-395-19395-8",
                "price": 22.99,
            },
        ],
        "bicycle": {"color": "red", "price": 19.95},
    },
    "expensive": 10,
}
TITLES = ["Sayings of the Century", "Sword of Honour", "Moby Dick", "The Lord of the Rings"]


def titles(*indexes: int) -> list[str]:
    return [TITLES[i] for i in indexes]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("$", STORE),
        ("$.expensive", 10),
        ("$.store.bicycle.color", "red"),
        ("$['store']['bicycle']['color']", "red"),
        ('$["store"].bicycle["price"]', 19.95),
        ("$.store.book[0].title", TITLES[0]),
        ("$.store.book[-1].title", TITLES[3]),
        ("store.bicycle.color", "red"),  # Jayway reads a path without $ from the root
        ("$.store.book[2].isbn", "0-553-21311-3"),
    ],
)
def test_definite_paths_give_the_value(path: str, expected: Any) -> None:
    assert json_path(STORE, path) == expected


@pytest.mark.parametrize(
    "path",
    [
        "$.missing",
        "$.store.missing.deeper",
        "$.store.book[9]",
        "$.store.book[-9]",
        "$.expensive.x",
        "$.store[0]",
    ],
)
def test_definite_paths_that_find_nothing_give_null(path: str) -> None:
    assert json_path(STORE, path) is None


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("$..author", ["Nigel Rees", "Evelyn Waugh", "Herman Melville", "J. R. R. Tolkien"]),
        ("$.store..price", [8.95, 12.99, 8.99, 22.99, 19.95]),
        ("$..price", [8.95, 12.99, 8.99, 22.99, 19.95]),
        ("$..book[2].title", titles(2)),
        ("$..book[-1].title", titles(3)),
        ("$..['color']", ["red"]),
        ("$.store.book[*].title", TITLES),
        ("$.store.bicycle.*", ["red", 19.95]),
        ("$.store.book[0].*", ["reference", "Nigel Rees", TITLES[0], 8.95]),
        ("$.store.book[1:3].title", titles(1, 2)),
        ("$.store.book[:2].title", titles(0, 1)),
        ("$.store.book[2:].title", titles(2, 3)),
        ("$.store.book[-1:].title", titles(3)),
        ("$.store.book[-2:].title", titles(2, 3)),
        ("$.store.book[1:99].title", titles(1, 2, 3)),
        ("$.store.book[0,2].title", titles(0, 2)),
        ("$.store.book[3,0,9].title", titles(3, 0)),
        ("$.store['bicycle','book'][0].title", titles(0)),
        ("$.store.book[?(@.price > 10)].title", titles(1, 3)),
        ("$.store.book[?(@.price <= $.expensive)].title", titles(0, 2)),
        ("$.store.book[?(@.category == 'reference')].title", titles(0)),
        ('$.store.book[?(@.category != "fiction")].title', titles(0)),
        ("$.store.book[?(@.isbn)].title", titles(2, 3)),
        ("$.store.book[?(!@.isbn)].title", titles(0, 1)),
        ("$.store.book[?(@.category == 'fiction' && @.price < 10)].title", titles(2)),
        ("$.store.book[?(@.price < 9 || @.price > 20)].title", titles(0, 2, 3)),
        ("$.store.book[?(@.category == 'fiction' && (@.price < 9 || @.price > 20))].title", titles(2, 3)),
        ("$.store.book[?(@.author =~ /.*rees/i)].title", titles(0)),
        ("$.store.book[?(@.author =~ /Rees/)].title", []),  # a regex matches the whole value
        ("$.store.book[?(@.category in ['reference', 'poetry'])].title", titles(0)),
        ("$.store.book[?(@.category nin ['fiction'])].title", titles(0)),
        ("$.store.book[?(@.title size 9)].title", titles(2)),
        ("$.store.book[?(@.title contains 'of the')].title", titles(0, 3)),
        ("$..book[?(@.price > 20)].author", ["J. R. R. Tolkien"]),
        ("$..[?(@.color)].price", [19.95]),
        ("$..missing", []),
        ("$.store.book[*].isbn", ["0-553-21311-3", "0-395-19395-8"]),
        ("$.missing[*]", []),
    ],
)
def test_indefinite_paths_give_a_list(path: str, expected: Any) -> None:
    assert json_path(STORE, path) == expected


def test_recursive_descent_visits_parents_before_children() -> None:
    document = {"a": {"name": "deep", "b": {"name": "deeper"}}, "name": "top", "list": [{"name": "item"}]}
    assert json_path(document, "$..name") == ["top", "deep", "deeper", "item"]
    assert json_path({"a": 1, "b": {"c": 2}}, "$..*") == [1, {"c": 2}, 2]


def test_a_closing_name_list_gives_a_map_of_the_members_present() -> None:
    assert json_path(STORE, "$.store.bicycle['color','price']") == {"color": "red", "price": 19.95}
    assert json_path(STORE, "$.store.bicycle['color','gears']") == {"color": "red"}
    rows = json_path(STORE, "$.store.book[?(@.isbn)]['title','isbn']")
    assert rows == [
        {"title": "Moby Dick", "isbn": "0-553-21311-3"},
        {"title": TITLES[3], "isbn": "0-395-19395-8"},
    ]


def test_filters_compare_as_jayway_does() -> None:
    items = [{"v": 1}, {"v": "1"}, {"v": True}, {"v": None}, {"v": [1, 2]}, {"w": 1}, {"v": 2.5}]
    assert json_path(items, "$[?(@.v == 1)]") == [{"v": 1}, {"v": "1"}]  # a number equals its text
    assert json_path(items, "$[?(@.v == true)]") == [{"v": True}]
    assert json_path(items, "$[?(@.v == null)]") == [{"v": None}]
    assert json_path(items, "$[?(@.v)]") == [item for item in items if "v" in item]  # null exists
    assert json_path(items, "$[?(@.v > 1)]") == [{"v": 2.5}]  # only numbers order against numbers
    assert json_path(items, "$[?(@.v != 1)]") == [
        {"v": True},
        {"v": None},
        {"v": [1, 2]},
        {"w": 1},
        {"v": 2.5},
    ]
    assert json_path(items, "$[?(@.v size 2)]") == [{"v": [1, 2]}]
    assert json_path(items, "$[?(@.v empty false)]") == [{"v": "1"}, {"v": [1, 2]}]
    assert json_path(items, "$[?(@.v subsetof [1, 2, 3])]") == [{"v": [1, 2]}]
    assert json_path(items, "$[?(@.v anyof [2])]") == [{"v": [1, 2]}]
    assert json_path(items, "$[?(@.v noneof [2])]") == []
    assert json_path({"a": {"x": 1}}, "$.a[?(@.x == 1)]") == [{"x": 1}]  # an object tests itself


def test_functions_apply_to_what_the_path_gives() -> None:
    assert json_path(STORE, "$.store.book.length()") == 4
    assert json_path(STORE, "$.store.book[*].price.min()") == 8.95
    assert json_path(STORE, "$..price.max()") == 22.99
    assert json_path({"n": [1, 2, 3]}, "$.n.sum()") == 6.0
    assert json_path({"n": [1, 2, 3]}, "$.n.avg()") == 2.0
    assert json_path(STORE, "$.store.bicycle.keys()") == ["color", "price"]


@pytest.mark.parametrize(
    "path", ["$[", "$.a[?(@.b == )]", "$.a[1:2:3:4]", "$.a[x]", "$.a.nope()", "$..", "$.a[?(@.b"]
)
def test_text_that_is_not_a_path_gives_null(path: str) -> None:
    assert json_path(STORE, path) is None


def test_paths_are_compiled_once() -> None:
    assert compile_path("$.store.book[?(@.price > 10)].title") is compile_path(
        "$.store.book[?(@.price > 10)].title"
    )
    assert compile_path("$.a.b").keys == ("a", "b")  # the plain walk, with no lists built
    assert compile_path("$.a[0]['b']").keys == ("a", 0, "b")
    assert compile_path("$..a").keys is None


def render(source: str, body: Any) -> str:
    params: dict[str, dict[str, str]] = {"path": {}, "querystring": {}, "header": {}}
    return Template(source).render({"input": InputVariable(json.dumps(body), params), "util": UTIL})


def test_templates_print_lists_as_json_and_iterate_them() -> None:
    assert render("$input.json('$..author')", STORE) == (
        '["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"]'
    )
    assert render("$input.path('$.store.book[?(@.price > 10)].title')", STORE) == (
        '["Sword of Honour","The Lord of the Rings"]'
    )
    assert render("$input.path('$..book[?(@.isbn)]').size()", STORE) == "2"
    assert render("$input.json('$.store.book[?(@.price > 100)]')", STORE) == "[]"
    assert (
        render("""$input.json("$.store.bicycle['color','price']")""", STORE)
        == '{"color":"red","price":19.95}'
    )
    loop = "#foreach($b in $input.path('$.store.book[-2:]'))$b.title#if($foreach.hasNext);#end#end"
    assert render(loop, STORE) == "Moby Dick;The Lord of the Rings"
    assert render("[$input.path('$.missing')]", STORE) == "[]"
    assert render("$input.json('$.missing')", STORE) == "null"  # localstack#12774, checked on AWS


def test_descent_walks_deep_documents_without_recursion() -> None:
    document: Any = 0
    for _ in range(1000):
        document = [document]
    assert json_path(document, "$..*")[-1] == 0
    assert len(json_path(document, "$..[0]")) == 1000


def test_a_descent_that_would_visit_too_many_nodes_is_refused() -> None:
    document = json.loads("[1,2,3," * 900 + "0" + "]" * 900)
    with pytest.raises(JsonPathTooComplex):
        json_path(document, "$..*..*..zz")
