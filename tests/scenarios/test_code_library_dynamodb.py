"""AWS's code library DynamoDB scenarios, replayed call for call through boto3.

Sources (awsdocs/aws-doc-sdk-examples, python/example_code/dynamodb): hello/hello_dynamodb.py,
GettingStarted/scenario_getting_started_movies.py and update_and_query.py, batching/dynamo_batching.py,
partiql/scenario_partiql_single.py and scenario_partiql_batch.py. The movie data is generated here;
each test asserts what the scenario reads back or catches.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess

MOVIE_KEYS = [{"AttributeName": "year", "KeyType": "HASH"}, {"AttributeName": "title", "KeyType": "RANGE"}]
MOVIE_ATTRIBUTES = [
    {"AttributeName": "year", "AttributeType": "N"},
    {"AttributeName": "title", "AttributeType": "S"},
]
THROUGHPUT = {"ReadCapacityUnits": 10, "WriteCapacityUnits": 10}


def sample_movies(count: int) -> list[dict[str, Any]]:
    """Movies shaped like the guide's moviedata.json: year/title keys, a nested info map."""
    return [
        {
            "year": 1990 + number % 25,
            "title": f"Picture {number:03d}",
            "info": {
                "plot": f"Plot of picture {number}.",
                "rating": Decimal(str(round(1 + (number % 90) / 10, 1))),
                "genres": ["Drama", "Comedy"][: 1 + number % 2],
                "directors": [f"Director {number % 7}"],
                "actors": [f"Actor {(number + shift) % 40}" for shift in range(3)],
            },
        }
        for number in range(count)
    ]


def create_movie_table(dynamodb: Any, name: str) -> Any:
    table = dynamodb.create_table(
        TableName=name,
        KeySchema=MOVIE_KEYS,
        AttributeDefinitions=MOVIE_ATTRIBUTES,
        ProvisionedThroughput=THROUGHPUT,
    )
    table.wait_until_exists()
    return table


def error_code(caught: pytest.ExceptionInfo[ClientError]) -> str:
    return caught.value.response["Error"]["Code"]


def test_hello_lists_tables_with_the_paginator(server: EmulatorProcess) -> None:
    client = server.client("dynamodb")
    assert [
        name for page in client.get_paginator("list_tables").paginate(Limit=10) for name in page["TableNames"]
    ] == []
    names = [f"hello-{index:02d}" for index in range(12)]
    for name in names:
        client.create_table(
            TableName=name,
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
    pages = list(client.get_paginator("list_tables").paginate(Limit=10))
    assert [len(page["TableNames"]) for page in pages] == [10, 2]
    assert [name for page in pages for name in page["TableNames"]] == names


def test_getting_started_movies(server: EmulatorProcess) -> None:
    dynamodb = server.resource("dynamodb")
    name = "doc-example-table-movies"

    # Movies.exists: Table.load() is DescribeTable; the scenario treats ResourceNotFoundException as "absent".
    with pytest.raises(ClientError) as missing:
        dynamodb.Table(name).load()
    assert error_code(missing) == "ResourceNotFoundException"

    table = create_movie_table(dynamodb, name)
    table.load()
    assert table.table_status == "ACTIVE"
    assert table.key_schema == MOVIE_KEYS
    assert [table.name for table in dynamodb.tables.all()] == [name]

    table.put_item(
        Item={
            "year": 2024,
            "title": "My Movie",
            "info": {"plot": "Nothing happens.", "rating": Decimal("3.5")},
        }
    )
    updated = table.update_item(
        Key={"year": 2024, "title": "My Movie"},
        UpdateExpression="set info.rating=:r, info.plot=:p",
        ExpressionAttributeValues={":r": Decimal("8.25"), ":p": "Something happens."},
        ReturnValues="UPDATED_NEW",
    )
    assert updated["Attributes"] == {"info": {"rating": Decimal("8.25"), "plot": "Something happens."}}

    movies = sample_movies(250)
    with table.batch_writer() as writer:
        for movie in movies:
            writer.put_item(Item=movie)

    assert table.get_item(Key={"year": 1993, "title": "Picture 003"})["Item"] == movies[3]

    released = table.query(KeyConditionExpression=Key("year").eq(1995))["Items"]
    expected = sorted((movie for movie in movies if movie["year"] == 1995), key=lambda movie: movie["title"])
    assert [movie["title"] for movie in released] == [movie["title"] for movie in expected]

    # scan_movies: a filtered, projected scan followed page by page through LastEvaluatedKey.
    scanned: list[dict[str, Any]] = []
    arguments: dict[str, Any] = {
        "FilterExpression": Key("year").between(2000, 2004),
        "ProjectionExpression": "#yr, title, info.rating",
        "ExpressionAttributeNames": {"#yr": "year"},
    }
    while True:
        page = table.scan(**arguments)
        scanned.extend(page["Items"])
        if "LastEvaluatedKey" not in page:
            break
        arguments["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    in_range = [movie for movie in movies if 2000 <= movie["year"] <= 2004]
    assert len(scanned) == len(in_range)
    assert all(set(item) == {"year", "title", "info"} and set(item["info"]) == {"rating"} for item in scanned)

    table.delete_item(Key={"year": 2024, "title": "My Movie"})
    assert "Item" not in table.get_item(Key={"year": 2024, "title": "My Movie"})
    table.delete()
    table.wait_until_not_exists()
    assert list(dynamodb.tables.all()) == []


def test_update_and_query_conditions(server: EmulatorProcess) -> None:
    table = create_movie_table(server.resource("dynamodb"), "doc-example-table-movies")
    title, year = "Fellowship", 2001
    table.put_item(
        Item={
            "year": year,
            "title": title,
            "info": {"rating": Decimal("5.2"), "genres": ["Fantasy"], "actors": ["A", "B", "C", "D"]},
        }
    )

    # Arithmetic in an update expression, read back with UPDATED_NEW.
    raised = table.update_item(
        Key={"year": year, "title": title},
        UpdateExpression="set info.rating = info.rating + :val",
        ExpressionAttributeValues={":val": Decimal("3.3")},
        ReturnValues="UPDATED_NEW",
    )
    assert raised["Attributes"] == {"info": {"rating": Decimal("8.5")}}

    # remove_actors: fails the size() condition first, succeeds with a lower threshold.
    def remove_first_actor(threshold: int) -> dict[str, Any]:
        return table.update_item(
            Key={"year": year, "title": title},
            UpdateExpression="remove info.actors[0]",
            ConditionExpression="size(info.actors) > :num",
            ExpressionAttributeValues={":num": threshold},
            ReturnValues="ALL_NEW",
        )["Attributes"]

    with pytest.raises(ClientError) as too_few:
        remove_first_actor(5)
    assert error_code(too_few) == "ConditionalCheckFailedException"
    assert too_few.value.response["Error"]["Message"] == "The conditional request failed"
    assert remove_first_actor(2)["info"]["actors"] == ["B", "C", "D"]

    # delete_underrated_movie: the conditional delete refuses, then deletes at a higher threshold.
    table.put_item(Item={"year": 2013, "title": "Overrated", "info": {"rating": Decimal("3.1")}})

    def delete_if_rated_at_most(rating: str) -> None:
        table.delete_item(
            Key={"year": 2013, "title": "Overrated"},
            ConditionExpression="info.rating <= :val",
            ExpressionAttributeValues={":val": Decimal(rating)},
        )

    with pytest.raises(ClientError) as rated_higher:
        delete_if_rated_at_most("2")
    assert error_code(rated_higher) == "ConditionalCheckFailedException"
    delete_if_rated_at_most("5")
    assert "Item" not in table.get_item(Key={"year": 2013, "title": "Overrated"})

    # query_and_project_movies: key condition with between on the sort key, projection of a list element.
    for movie_title in ("Apple", "Pear", "Quince", "Vanilla", "Walnut"):
        table.put_item(
            Item={
                "year": 2000,
                "title": movie_title,
                "info": {"genres": ["Drama"], "actors": ["X", "Y"], "plot": "p"},
            }
        )
    projected = table.query(
        ProjectionExpression="#yr, title, info.genres, info.actors[0]",
        ExpressionAttributeNames={"#yr": "year"},
        KeyConditionExpression=Key("year").eq(2000) & Key("title").between("P", "V"),
    )["Items"]
    assert projected == [
        {"year": 2000, "title": movie_title, "info": {"genres": ["Drama"], "actors": ["X"]}}
        for movie_title in ("Pear", "Quince")
    ]


def test_batching_fills_gets_and_archives(server: EmulatorProcess) -> None:
    dynamodb = server.resource("dynamodb")
    movie_table = create_movie_table(dynamodb, "demo-batch-movies")
    actor_table = dynamodb.create_table(
        TableName="demo-batch-actors",
        KeySchema=[{"AttributeName": "name", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "name", "AttributeType": "S"}],
        ProvisionedThroughput=THROUGHPUT,
    )
    actor_table.wait_until_exists()

    movies = sample_movies(500)
    actors: dict[str, dict[str, set[str]]] = {}
    for movie in movies:
        for actor in movie["info"]["actors"]:
            entry = actors.setdefault(actor, {"directors": set(), "costars": set()})
            entry["directors"].update(movie["info"]["directors"])
            entry["costars"].update(other for other in movie["info"]["actors"] if other != actor)
    with movie_table.batch_writer() as writer:
        for movie in movies:
            writer.put_item(Item=movie)
    with actor_table.batch_writer() as writer:
        for actor, sets in actors.items():
            writer.put_item(Item={"name": actor, **sets})

    # do_batch_get: 50 movies and 40 actors in one BatchGetItem, retrying UnprocessedKeys.
    wanted = movies[:50]
    request = {
        movie_table.name: {"Keys": [{"year": movie["year"], "title": movie["title"]} for movie in wanted]},
        actor_table.name: {"Keys": [{"name": actor} for actor in list(actors)[:50]]},
    }
    retrieved: dict[str, list[dict[str, Any]]] = {name: [] for name in request}
    for _ in range(5):
        response = dynamodb.batch_get_item(RequestItems=request)
        for name, items in response["Responses"].items():
            retrieved[name] += items
        if not response["UnprocessedKeys"]:
            break
        request = response["UnprocessedKeys"]
    assert len(retrieved[movie_table.name]) == 50
    assert len(retrieved[actor_table.name]) == len(actors)
    by_title = {item["title"]: item for item in retrieved[movie_table.name]}
    assert by_title["Picture 007"] == movies[7]
    actor = next(item for item in retrieved[actor_table.name] if item["name"] == "Actor 5")
    assert actor["directors"] == actors["Actor 5"]["directors"] and isinstance(actor["costars"], set)

    # archive_movies: a table copied from the first one's description.
    archive = dynamodb.create_table(
        TableName=f"{movie_table.name}-archive",
        KeySchema=movie_table.key_schema,
        AttributeDefinitions=movie_table.attribute_definitions,
        ProvisionedThroughput={
            "ReadCapacityUnits": movie_table.provisioned_throughput["ReadCapacityUnits"],
            "WriteCapacityUnits": movie_table.provisioned_throughput["WriteCapacityUnits"],
        },
    )
    archive.wait_until_exists()
    duplicated = movies[:10] + movies[:10]
    with pytest.raises(ClientError) as duplicates, archive.batch_writer() as writer:
        for movie in duplicated:
            writer.put_item(Item=movie)
    assert error_code(duplicates) == "ValidationException"
    assert duplicates.value.response["Error"]["Message"] == "Provided list of item keys contains duplicates"
    assert archive.scan()["Count"] == 0

    with archive.batch_writer(overwrite_by_pkeys=["year", "title"]) as writer:
        for movie in duplicated:
            writer.put_item(Item=movie)
    with movie_table.batch_writer(overwrite_by_pkeys=["year", "title"]) as writer:
        for movie in duplicated:
            writer.delete_item(Key={"year": movie["year"], "title": movie["title"]})
    assert archive.scan()["Count"] == 10
    assert movie_table.scan(Select="COUNT")["Count"] == 490

    for table in (archive, movie_table, actor_table):
        table.delete()
    assert list(dynamodb.tables.all()) == []


def test_partiql_single_statements(server: EmulatorProcess) -> None:
    dynamodb = server.resource("dynamodb")
    name = "doc-example-table-partiql-movies"
    create_movie_table(dynamodb, name)
    # The scenario sends plain Python values: the resource's client serializes Parameters.
    client = dynamodb.meta.client
    title, year = "24 Hour PartiQL People", 2026

    client.execute_statement(
        Statement=f"INSERT INTO \"{name}\" VALUE {{'title': ?, 'year': ?, 'info': ?}}",
        Parameters=[title, year, {"plot": "Developers discover a query language.", "rating": Decimal("9.9")}],
    )
    select = f'SELECT * FROM "{name}" WHERE title=? AND year=?'
    found = client.execute_statement(Statement=select, Parameters=[title, year])["Items"]
    assert found == [
        {
            "title": title,
            "year": year,
            "info": {"plot": "Developers discover a query language.", "rating": Decimal("9.9")},
        }
    ]

    client.execute_statement(
        Statement=f'UPDATE "{name}" SET info.rating=? WHERE title=? AND year=?',
        Parameters=[Decimal("2.4"), title, year],
    )
    assert client.execute_statement(Statement=select, Parameters=[title, year])["Items"][0]["info"][
        "rating"
    ] == Decimal("2.4")

    client.execute_statement(
        Statement=f'DELETE FROM "{name}" WHERE title=? AND year=?', Parameters=[title, year]
    )
    assert client.execute_statement(Statement=select, Parameters=[title, year])["Items"] == []

    # The wrapper logs ResourceNotFoundException apart: a statement on a table that does not exist.
    dynamodb.Table(name).delete()
    with pytest.raises(ClientError) as missing:
        client.execute_statement(Statement=select, Parameters=[title, year])
    assert error_code(missing) == "ResourceNotFoundException"


def test_partiql_batch_statements(server: EmulatorProcess) -> None:
    dynamodb = server.resource("dynamodb")
    name = "doc-example-table-partiql-movies"
    create_movie_table(dynamodb, name)
    client = dynamodb.meta.client
    movies = [
        {"title": "House PartiQL", "year": 2021, "info": {"plot": "Wacky.", "rating": Decimal("8.5")}},
        {"title": "House PartiQL 2", "year": 2023, "info": {"plot": "Moderate.", "rating": Decimal("6.5")}},
        {"title": "House PartiQL 3", "year": 2025, "info": {"plot": "Tepid.", "rating": Decimal("2.5")}},
    ]

    def run_batch(statement: str, parameters: list[list[Any]]) -> list[dict[str, Any]]:
        output = client.batch_execute_statement(
            Statements=[{"Statement": statement, "Parameters": values} for values in parameters]
        )
        return output["Responses"]

    inserted = run_batch(
        f"INSERT INTO \"{name}\" VALUE {{'title': ?, 'year': ?, 'info': ?}}",
        [[movie["title"], movie["year"], movie["info"]] for movie in movies],
    )
    assert len(inserted) == 3 and all("Error" not in response for response in inserted)

    keys = [[movie["title"], movie["year"]] for movie in movies]
    selected = run_batch(f'SELECT * FROM "{name}" WHERE title=? AND year=?', keys)
    assert [response["Item"] for response in selected] == movies
    assert [response["TableName"] for response in selected] == [name] * 3

    ratings = [Decimal("7.7"), Decimal("5.5"), Decimal("1.3")]
    run_batch(
        f'UPDATE "{name}" SET info.rating=? WHERE title=? AND year=?',
        [[rating, *key] for rating, key in zip(ratings, keys, strict=True)],
    )
    projected = client.execute_statement(Statement=f'SELECT title, info.rating FROM "{name}"')["Items"]
    assert sorted(projected, key=lambda item: item["title"]) == [
        {"title": movie["title"], "info": {"rating": rating}}
        for movie, rating in zip(movies, ratings, strict=True)
    ]

    run_batch(f'DELETE FROM "{name}" WHERE title=? AND year=?', keys)
    assert client.execute_statement(Statement=f'SELECT * FROM "{name}"')["Items"] == []


def test_try_dax_with_the_boto3_client(server: EmulatorProcess) -> None:
    """TryDax 01-06 run without a DAX endpoint: plain DynamoDB through boto3."""
    dynamodb = server.resource("dynamodb")
    table = dynamodb.create_table(
        TableName="TryDaxTable",
        KeySchema=[
            {"AttributeName": "partition_key", "KeyType": "HASH"},
            {"AttributeName": "sort_key", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": "partition_key", "AttributeType": "N"},
            {"AttributeName": "sort_key", "AttributeType": "N"},
        ],
        ProvisionedThroughput=THROUGHPUT,
    )
    table.wait_until_exists()

    client = server.client("dynamodb")
    # An older 02-write-data.py names the keys pk/sk, which this table does not have.
    with pytest.raises(ClientError) as wrong_keys:
        client.put_item(
            TableName="TryDaxTable", Item={"pk": {"N": "1"}, "sk": {"N": "1"}, "someData": {"S": "X"}}
        )
    assert error_code(wrong_keys) == "ValidationException"
    assert (
        wrong_keys.value.response["Error"]["Message"]
        == "One or more parameter values were invalid: Missing the key partition_key in the item"
    )

    some_data = "X" * 1000
    for partition in range(1, 11):
        for sort in range(1, 11):
            table.put_item(Item={"partition_key": partition, "sort_key": sort, "some_data": some_data})

    for partition in range(1, 11):
        for sort in range(1, 11):
            item = table.get_item(Key={"partition_key": partition, "sort_key": sort})["Item"]
            assert (item["partition_key"], item["sort_key"]) == (partition, sort)
    queried = table.query(KeyConditionExpression=Key("partition_key").eq(5) & Key("sort_key").between(2, 9))
    assert [item["sort_key"] for item in queried["Items"]] == list(range(2, 10))
    scanned = client.scan(TableName="TryDaxTable")
    assert scanned["Count"] == scanned["ScannedCount"] == 100 and "LastEvaluatedKey" not in scanned

    table.delete()
    table.wait_until_not_exists()
