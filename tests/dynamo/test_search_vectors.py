"""SearchVectors through boto3: order and scores for each distance function, the HASH partition,
inline filters, projections, and AWS's refusals."""

from __future__ import annotations

import math
import struct
from typing import Any

import pytest
from botocore.exceptions import ClientError

TABLE = "docs"


def vec(*values: float) -> list[dict[str, str]]:
    return [{"N": repr(v)} for v in values]


def f32(value: float) -> float:
    return float(struct.unpack("f", struct.pack("f", value))[0])


def create(dynamodb: Any, distance: str = "COSINE", **index: Any) -> None:
    spec = {
        "IndexName": "emb",
        "VectorAttribute": {"AttributeName": "v"},
        "Projection": {"ProjectionType": "ALL"},
        "Dimensions": 3,
        "DistanceFunction": distance,
        **index,
    }
    definitions = [{"AttributeName": "pk", "AttributeType": "S"}]
    for element in spec.get("SearchSchema", ()):
        definitions.append({"AttributeName": element["AttributeName"], "AttributeType": "S"})
    dynamodb.create_table(
        TableName=TABLE,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=definitions,
        BillingMode="PAY_PER_REQUEST",
        VectorIndexes=[spec],
    )


def put(dynamodb: Any, pk: str, vector: tuple[float, ...] | None, **attrs: str) -> None:
    item: dict[str, Any] = {"pk": {"S": pk}, **{k: {"S": v} for k, v in attrs.items()}}
    if vector is not None:
        item["v"] = {"L": vec(*vector)}
    dynamodb.put_item(TableName=TABLE, Item=item)


def search(dynamodb: Any, query: tuple[float, ...], top_k: int = 10, **kwargs: Any) -> list[dict[str, Any]]:
    out = dynamodb.search_vectors(TableName=TABLE, IndexName="emb", SearchVector=vec(*query), TopK=top_k, **kwargs)
    return out["SearchResults"]


def error(call: Any, **kwargs: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    return info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]


POINTS = {"a": (1.0, 0.0, 0.0), "b": (0.0, 1.0, 0.0), "c": (-1.0, 0.0, 0.0), "d": (2.0, 2.0, 0.0), "e": (0.1, 0.2, 0.3)}
QUERY = (1.0, 0.5, 0.0)


def _cosine(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    a32, b32 = [f32(x) for x in a], [f32(x) for x in b]
    dot = sum(x * y for x, y in zip(a32, b32, strict=True))
    return 1 - dot / (math.hypot(*a32) * math.hypot(*b32))


def _euclidean(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    return math.dist([f32(x) for x in a], [f32(x) for x in b])


def _dot(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    return sum(f32(x) * f32(y) for x, y in zip(a, b, strict=True))


@pytest.mark.parametrize(
    ("distance", "score", "highest_first"),
    [("COSINE", _cosine, False), ("EUCLIDEAN", _euclidean, False), ("DOT_PRODUCT", _dot, True)],
)
def test_results_are_the_top_k_in_similarity_order_with_scores(
    dynamodb: Any, distance: str, score: Any, highest_first: bool
) -> None:
    create(dynamodb, distance)
    for pk, point in POINTS.items():
        put(dynamodb, pk, point)
    expected = sorted(POINTS, key=lambda pk: score(QUERY, POINTS[pk]), reverse=highest_first)[:3]
    results = search(dynamodb, QUERY, top_k=3)
    assert [r["Item"]["pk"]["S"] for r in results] == expected
    for result in results:
        assert result["Score"] == pytest.approx(score(QUERY, POINTS[result["Item"]["pk"]["S"]]), abs=1e-6)


def test_cosine_scores_run_from_zero_for_the_same_direction_to_two_for_the_opposite(dynamodb: Any) -> None:
    create(dynamodb, "COSINE")
    put(dynamodb, "same", (10.0, 0.0, 0.0))
    put(dynamodb, "opposite", (-3.0, 0.0, 0.0))
    put(dynamodb, "orthogonal", (0.0, 0.0, 5.0))
    results = search(dynamodb, (1.0, 0.0, 0.0))
    assert [(r["Item"]["pk"]["S"], r["Score"]) for r in results] == [("same", 0.0), ("orthogonal", 1.0), ("opposite", 2.0)]


def test_vectors_are_compared_at_f32_precision(dynamodb: Any) -> None:
    create(dynamodb, "EUCLIDEAN")
    dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": "x"}, "v": {"L": [{"N": "0.1"}, {"N": "0"}, {"N": "0"}]}})
    [result] = search(dynamodb, (0.0, 0.0, 0.0))
    assert result["Score"] == f32(0.1) != 0.1
    # The item keeps its numbers as written; only the index rounds them.
    item = dynamodb.get_item(TableName=TABLE, Key={"pk": {"S": "x"}})["Item"]
    assert item["v"]["L"][0] == {"N": "0.1"}


def test_vector_attribute_is_left_out_unless_projected_by_the_expression(dynamodb: Any) -> None:
    create(dynamodb)
    put(dynamodb, "a", (1.0, 0.0, 0.0), title="first")
    [result] = search(dynamodb, (1.0, 0.0, 0.0))
    assert result["Item"] == {"pk": {"S": "a"}, "title": {"S": "first"}}
    [result] = search(dynamodb, (1.0, 0.0, 0.0), ProjectionExpression="#v, title", ExpressionAttributeNames={"#v": "v"})
    assert result["Item"] == {"v": {"L": vec(1, 0, 0)}, "title": {"S": "first"}}


def test_a_projected_vector_is_the_index_f32_copy(dynamodb: Any) -> None:
    create(dynamodb, "EUCLIDEAN")
    written = [{"N": "0.123456789"}, {"N": "2"}, {"N": "-1.5"}]
    dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": "a"}, "v": {"L": written}})
    [result] = search(dynamodb, (0.0, 0.0, 0.0), ProjectionExpression="v")
    assert result["Item"] == {"v": {"L": [{"N": "0.12345679"}, {"N": "2"}, {"N": "-1.5"}]}}
    assert dynamodb.get_item(TableName=TABLE, Key={"pk": {"S": "a"}})["Item"]["v"]["L"] == written


def test_equal_scores_come_in_table_key_order(dynamodb: Any) -> None:
    create(dynamodb, "DOT_PRODUCT")
    for pk in ("c", "a", "d", "b"):
        put(dynamodb, pk, (1.0, 0.0, 0.0))
    assert [r["Item"]["pk"]["S"] for r in search(dynamodb, (1.0, 0.0, 0.0), top_k=3)] == ["a", "b", "c"]


def test_keys_only_and_include_projections(dynamodb: Any) -> None:
    create(
        dynamodb,
        SearchSchema=[{"AttributeName": "genre", "SearchSchemaElementType": "INLINE_FILTER"}],
        Projection={"ProjectionType": "INCLUDE", "NonKeyAttributes": ["title"]},
    )
    put(dynamodb, "a", (1.0, 0.0, 0.0), title="first", genre="jazz", body="long text")
    [result] = search(dynamodb, (1.0, 0.0, 0.0))
    assert result["Item"] == {"pk": {"S": "a"}, "title": {"S": "first"}, "genre": {"S": "jazz"}}
    # An attribute the index does not project is silently absent.
    [result] = search(dynamodb, (1.0, 0.0, 0.0), ProjectionExpression="title, body")
    assert result["Item"] == {"title": {"S": "first"}}


def test_keys_only_projection_returns_the_table_key(dynamodb: Any) -> None:
    create(dynamodb, Projection={"ProjectionType": "KEYS_ONLY"})
    put(dynamodb, "a", (1.0, 0.0, 0.0), title="first")
    assert search(dynamodb, (1.0, 0.0, 0.0))[0]["Item"] == {"pk": {"S": "a"}}


def test_hash_partition_must_be_given_and_limits_the_search(dynamodb: Any) -> None:
    create(dynamodb, SearchSchema=[{"AttributeName": "tenant", "SearchSchemaElementType": "HASH"}])
    put(dynamodb, "a", (1.0, 0.0, 0.0), tenant="t1")
    put(dynamodb, "b", (1.0, 0.1, 0.0), tenant="t2")
    put(dynamodb, "c", (0.0, 1.0, 0.0), tenant="t1")
    put(dynamodb, "unpartitioned", (1.0, 0.0, 0.0))  # no HASH attribute: not indexed
    results = search(
        dynamodb, (1.0, 0.0, 0.0), SearchConditionExpression="tenant = :t", ExpressionAttributeValues={":t": {"S": "t1"}}
    )
    assert [r["Item"]["pk"]["S"] for r in results] == ["a", "c"]
    assert error(dynamodb.search_vectors, TableName=TABLE, IndexName="emb", SearchVector=vec(1, 0, 0), TopK=1) == (
        "ValidationException",
        "SearchConditionExpression must be provided when SearchSchema has a HASH key",
    )


def test_inline_filters_narrow_the_results(dynamodb: Any) -> None:
    create(
        dynamodb,
        SearchSchema=[
            {"AttributeName": "tenant", "SearchSchemaElementType": "HASH"},
            {"AttributeName": "genre", "SearchSchemaElementType": "INLINE_FILTER"},
        ],
    )
    put(dynamodb, "a", (1.0, 0.0, 0.0), tenant="t", genre="jazz")
    put(dynamodb, "b", (0.9, 0.1, 0.0), tenant="t", genre="rock")
    put(dynamodb, "c", (0.0, 1.0, 0.0), tenant="t", genre="jazz")
    put(dynamodb, "d", (1.0, 0.0, 0.0), tenant="t")  # no filter attribute: indexed, never matches it
    results = search(
        dynamodb,
        (1.0, 0.0, 0.0),
        SearchConditionExpression="#g = :g AND tenant = :t",
        ExpressionAttributeNames={"#g": "genre"},
        ExpressionAttributeValues={":g": {"S": "jazz"}, ":t": {"S": "t"}},
    )
    assert [r["Item"]["pk"]["S"] for r in results] == ["a", "c"]
    assert len(search(dynamodb, (1.0, 0.0, 0.0), SearchConditionExpression="tenant = :t",
                      ExpressionAttributeValues={":t": {"S": "t"}})) == 4


@pytest.mark.parametrize(
    ("expression", "refused"),
    [
        ("tenant <> :t", "comparator"),
        ("tenant > :t", "comparator"),
        ("tenant = :t AND tenant <= :t", "comparator"),
        ("tenant IN (:t)", "operator"),
        ("tenant BETWEEN :t AND :t", "operator"),
        ("tenant = :t OR tenant = :t", "operator"),
    ],
)
def test_only_equality_is_supported(dynamodb: Any, expression: str, refused: str) -> None:
    create(dynamodb, SearchSchema=[{"AttributeName": "tenant", "SearchSchemaElementType": "HASH"}])
    assert error(
        dynamodb.search_vectors, TableName=TABLE, IndexName="emb", SearchVector=vec(1, 0, 0), TopK=1,
        SearchConditionExpression=expression, ExpressionAttributeValues={":t": {"S": "t"}},
    ) == ("ValidationException", f"Invalid SearchConditionExpression: Invalid {refused} used in SearchConditionExpression")


def test_condition_refusals(dynamodb: Any) -> None:
    create(dynamodb, SearchSchema=[{"AttributeName": "tenant", "SearchSchemaElementType": "HASH"}])
    base = {"TableName": TABLE, "IndexName": "emb", "SearchVector": vec(1, 0, 0), "TopK": 1}
    assert error(
        dynamodb.search_vectors, **base, SearchConditionExpression="tenant = :t AND title = :x",
        ExpressionAttributeValues={":t": {"S": "t"}, ":x": {"S": "x"}},
    ) == (
        "ValidationException",
        "SearchConditionExpression must not contain any attributes that is not in SearchSchema. Invalid attribute: title",
    )
    assert error(
        dynamodb.search_vectors, **base, SearchConditionExpression="tenant = :t", ExpressionAttributeValues={":t": {"N": "1"}}
    ) == (
        "ValidationException",
        "Type of 'tenant' attribute in SearchConditionExpression (N) does not match type in search schema (S)",
    )
    assert error(
        dynamodb.search_vectors, **base, SearchConditionExpression="tenant = :t", ExpressionAttributeValues={":t": {"S": ""}}
    ) == (
        "ValidationException",
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty "
        "string value. Key: tenant",
    )


def test_refusals(dynamodb: Any) -> None:
    create(dynamodb)
    base = {"TableName": TABLE, "IndexName": "emb", "SearchVector": vec(1, 0, 0), "TopK": 1}
    assert error(dynamodb.search_vectors, **{**base, "TopK": 101}) == (
        "ValidationException",
        "Provided TopK value '101' is out of valid range. The value must be between 1 and 100 inclusive",
    )
    assert error(dynamodb.search_vectors, **{**base, "SearchVector": vec(1, 0)}) == (
        "ValidationException",
        "Input search vector dimension 2 does not match vector index dimension 3",
    )
    invalid = (
        "ValidationException",
        "Search vector contains invalid values. All values in the search vector must be a 32-bit floating-point "
        "number attribute",
    )
    assert error(dynamodb.search_vectors, **{**base, "SearchVector": [{"S": "1"}]}) == invalid
    assert error(dynamodb.search_vectors, **{**base, "SearchVector": [{"N": "1"}, {"N": "1E+39"}, {"N": "0"}]}) == invalid
    assert error(dynamodb.search_vectors, **{**base, "IndexName": "nope"}) == (
        "ValidationException",
        "The table does not have the specified index: nope",
    )
    assert error(dynamodb.search_vectors, **{**base, "TableName": "missing"}) == (
        "ResourceNotFoundException",
        "Requested resource not found",
    )


def test_table_named_by_arn_and_consumed_capacity(dynamodb: Any) -> None:
    create(dynamodb)
    put(dynamodb, "a", (1.0, 0.0, 0.0))
    arn = dynamodb.describe_table(TableName=TABLE)["Table"]["TableArn"]
    out = dynamodb.search_vectors(
        TableName=arn, IndexName="emb", SearchVector=vec(1, 0, 0), TopK=5, ReturnConsumedCapacity="TOTAL"
    )
    assert [r["Item"]["pk"]["S"] for r in out["SearchResults"]] == ["a"]
    assert out["ConsumedCapacity"] == {"VectorSearchRequestBytes": 1024.0}


def test_deleted_items_and_removed_vectors_leave_the_index(dynamodb: Any) -> None:
    create(dynamodb)
    put(dynamodb, "a", (1.0, 0.0, 0.0))
    put(dynamodb, "b", (0.0, 1.0, 0.0))
    put(dynamodb, "c", (0.0, 0.0, 1.0))
    dynamodb.delete_item(TableName=TABLE, Key={"pk": {"S": "a"}})
    dynamodb.update_item(TableName=TABLE, Key={"pk": {"S": "b"}}, UpdateExpression="REMOVE v")
    dynamodb.update_item(
        TableName=TABLE, Key={"pk": {"S": "c"}}, UpdateExpression="SET v = :v", ExpressionAttributeValues={":v": {"L": vec(1, 0, 0)}}
    )
    results = search(dynamodb, (1.0, 0.0, 0.0))
    assert [(r["Item"]["pk"]["S"], r["Score"]) for r in results] == [("c", 0.0)]
