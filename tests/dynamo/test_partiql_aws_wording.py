"""PartiQL's own wording for index reads, FROM paths, transactions and filters.

PartiQL answers several conditions in other words than Query does; these are
the messages AWS gives through ExecuteStatement and ExecuteTransaction.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from ddb_helpers import create_table, error_of

INVALID = "One or more parameter values were invalid: "


@pytest.fixture
def indexed(dynamodb: Any) -> str:
    """pk + sk, a GSI projecting only ``x``, an LSI keeping keys only; one item with x and np."""
    create_table(
        dynamodb,
        "indexed",
        range_key=("sk", "N"),
        ExtraDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[
            {"IndexName": "gsi-inc", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
             "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x"]}},
        ],
        LocalSecondaryIndexes=[
            {"IndexName": "lsi-keys", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "g", "KeyType": "RANGE"}],
             "Projection": {"ProjectionType": "KEYS_ONLY"}},
        ],
    )
    item = {"pk": {"S": "p"}, "sk": {"N": "1"}, "g": {"S": "y"}, "x": {"S": "1"}, "np": {"S": "np1"}}
    dynamodb.put_item(TableName="indexed", Item=item)
    return "indexed"


def statement_error(dynamodb: Any, statement: str, **params: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as caught:
        dynamodb.execute_statement(Statement=statement, **params)
    return error_of(caught)


def test_index_reads_touch_only_projected_attributes(dynamodb: Any, indexed: str) -> None:
    assert statement_error(dynamodb, "SELECT pk FROM indexed.\"gsi-inc\" WHERE g = 'y' AND np = 'np1'") == (
        "ValidationException", INVALID + "Secondary index gsi-inc does not project one or more filter attributes: [np]"
    )
    assert statement_error(dynamodb, "SELECT pk FROM indexed.\"lsi-keys\" WHERE pk = 'p' AND np = 'np1'") == (
        "ValidationException", INVALID + "Secondary index lsi-keys does not project one or more filter attributes: [np]"
    )
    assert statement_error(dynamodb, "SELECT np FROM indexed.\"gsi-inc\" WHERE g = 'y'") == (
        "ValidationException", INVALID + "Global secondary index gsi-inc does not project [np]"
    )
    # Unkeyed, the read scans the index, which lacks the attribute: nothing matches, nothing is refused.
    assert dynamodb.execute_statement(Statement="SELECT pk FROM indexed.\"gsi-inc\" WHERE np = 'np1'")["Items"] == []
    either = "SELECT pk FROM indexed.\"gsi-inc\" WHERE (g = 'y' AND np = 'np1') OR (g = 'none')"
    assert dynamodb.execute_statement(Statement=either)["Items"] == []
    assert statement_error(dynamodb, "SELECT pk FROM indexed.\"gsi-inc\" WHERE g IN ['y', 'z'] AND NOT np = 'np1'")[1].endswith("[np]")
    projected = dynamodb.execute_statement(Statement="SELECT pk, x FROM indexed.\"gsi-inc\" WHERE g = 'y' AND x = '1'")
    assert projected["Items"] == [{"pk": {"S": "p"}, "x": {"S": "1"}}]
    # An LSI fetches unprojected attributes from the table.
    fetched = dynamodb.execute_statement(Statement="SELECT np FROM indexed.\"lsi-keys\" WHERE pk = 'p'")
    assert fetched["Items"] == [{"np": {"S": "np1"}}]


def test_index_read_rejections_in_partiql_words(dynamodb: Any, indexed: str) -> None:
    assert statement_error(dynamodb, "SELECT * FROM indexed.\"gsi-inc\" WHERE g = 'y'", ConsistentRead=True) == (
        "ValidationException", "Strongly consistent read is not supported on Global Secondary Indexes"
    )
    assert statement_error(dynamodb, "SELECT * FROM indexed.\"indexed\" WHERE pk = 'p'") == (
        "ValidationException", "The table does not have the specified index"
    )


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ("SELECT * FROM indexed.\"gsi-inc\".\"extra\" WHERE pk = 'p'", "A path may contain at most 2 components in the FROM clause"),
        ("SELECT * FROM indexed.\"\" WHERE pk = 'p'", "Path component cannot be an empty string"),
        ("SELECT * FROM \"\" WHERE pk = 'p'", "Path component cannot be an empty string"),
    ],
)
def test_from_paths_are_checked(dynamodb: Any, indexed: str, statement: str, message: str) -> None:
    assert statement_error(dynamodb, statement) == ("ValidationException", message)


def test_where_clause_type_errors_do_not_name_an_expression(dynamodb: Any, indexed: str) -> None:
    assert statement_error(dynamodb, "SELECT pk FROM indexed WHERE pk = 'p' AND val < ?", Parameters=[{"BOOL": True}]) == (
        "ValidationException", "Incorrect operand type for operator or function; operator or function: <, operand type: BOOL"
    )


@pytest.mark.parametrize(
    ("statements", "message"),
    [
        (["SELECT * FROM indexed.\"gsi-inc\" WHERE g = 'y'"],
         "Validation failed in TransactStatements[0]: Reads on indices are not supported within transactions."),
        (["INSERT INTO indexed VALUE {'pk': 'q', 'sk': 1}", "UPDATE indexed SET d = 'v' WHERE pk = 'p' AND sk = 1 RETURNING ALL NEW *"],
         "Validation failed in TransactStatements[1]: RETURNING clause is not supported in ExecuteTransaction."),
    ],
)
def test_transaction_statement_rules(dynamodb: Any, indexed: str, statements: list[str], message: str) -> None:
    with pytest.raises(ClientError) as caught:
        dynamodb.execute_transaction(TransactStatements=[{"Statement": s} for s in statements])
    assert error_of(caught) == ("ValidationException", message)
    assert dynamodb.scan(TableName="indexed")["Count"] == 1


def test_batch_selects_of_an_index_are_refused_like_keyless_ones(dynamodb: Any, indexed: str) -> None:
    result = dynamodb.batch_execute_statement(
        Statements=[
            {"Statement": "SELECT * FROM indexed.\"gsi-inc\" WHERE g = 'y'"},
            {"Statement": "SELECT * FROM indexed.\"gsi-inc\" WHERE pk = 'p' AND sk = 1"},
            {"Statement": "SELECT x FROM indexed WHERE pk = 'p' AND sk = 1"},
        ]
    )
    refused = {"Code": "ValidationError", "Message": "Select statements within BatchExecuteStatement must specify the primary key in the where clause."}
    assert [r.get("Error") for r in result["Responses"]] == [refused, refused, None]
    assert result["Responses"][2]["Item"] == {"x": {"S": "1"}}
