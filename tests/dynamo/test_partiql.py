"""PartiQL through boto3: ExecuteStatement, BatchExecuteStatement, ExecuteTransaction."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from ddb_helpers import create_table, error_of

MALFORMED = "Statement wasn't well formed, can't be processed: "


def rejected(call: Any, **params: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as caught:
        call(**params)
    return error_of(caught)


@pytest.fixture
def orders(dynamodb: Any) -> str:
    """pk (S) + sk (N), a GSI on status; customer c1 has orders 1..5, c2 one order."""
    create_table(
        dynamodb,
        "orders",
        range_key=("sk", "N"),
        ExtraDefinitions=[{"AttributeName": "status", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by-status",
                "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    )
    for number in range(1, 6):
        dynamodb.put_item(
            TableName="orders",
            Item={
                "pk": {"S": "c1"},
                "sk": {"N": str(number)},
                "status": {"S": "open" if number % 2 else "done"},
                "total": {"N": str(number * 10)},
            },
        )
    dynamodb.put_item(TableName="orders", Item={"pk": {"S": "c2"}, "sk": {"N": "1"}, "total": {"N": "7"}})
    return "orders"


def numbers(items: list[dict[str, Any]], attribute: str = "sk") -> list[int]:
    return [int(found[attribute]["N"]) for found in items]


# -- SELECT --------------------------------------------------------------------


def test_select_on_the_partition_key_queries_in_key_order(dynamodb: Any, orders: str) -> None:
    result = dynamodb.execute_statement(
        Statement='SELECT * FROM "orders" WHERE pk = ? AND sk > 2', Parameters=[{"S": "c1"}]
    )
    assert numbers(result["Items"]) == [3, 4, 5]
    assert result["Items"][0] == {
        "pk": {"S": "c1"},
        "sk": {"N": "3"},
        "status": {"S": "open"},
        "total": {"N": "30"},
    }
    assert "NextToken" not in result


def test_select_order_by_descending(dynamodb: Any, orders: str) -> None:
    result = dynamodb.execute_statement(Statement="SELECT sk FROM orders WHERE pk = 'c1' ORDER BY sk DESC")
    assert result["Items"] == [{"sk": {"N": str(n)}} for n in (5, 4, 3, 2, 1)]


def test_select_with_projection_and_non_key_filter(dynamodb: Any, orders: str) -> None:
    result = dynamodb.execute_statement(
        Statement="SELECT total, status FROM orders WHERE pk = 'c1' AND total >= 20 AND status <> 'open'"
    )
    assert result["Items"] == [
        {"total": {"N": "20"}, "status": {"S": "done"}},
        {"total": {"N": "40"}, "status": {"S": "done"}},
    ]


def test_select_without_key_equality_scans_with_the_filter(dynamodb: Any, orders: str) -> None:
    result = dynamodb.execute_statement(
        Statement="SELECT pk, sk FROM orders WHERE total < 15 OR status IS MISSING"
    )
    assert sorted((found["pk"]["S"], int(found["sk"]["N"])) for found in result["Items"]) == [
        ("c1", 1),
        ("c2", 1),
    ]
    everything = dynamodb.execute_statement(Statement="SELECT * FROM orders")
    assert len(everything["Items"]) == 6


def test_select_functions_in_the_where_clause(dynamodb: Any, orders: str) -> None:
    result = dynamodb.execute_statement(
        Statement="SELECT sk FROM orders WHERE pk = 'c1' AND begins_with(status, 'op') AND attribute_type(total, 'N')"
    )
    assert numbers(result["Items"]) == [1, 3, 5]
    between = dynamodb.execute_statement(
        Statement="SELECT sk FROM orders WHERE pk = 'c1' AND sk BETWEEN 2 AND 3"
    )
    assert numbers(between["Items"]) == [2, 3]
    listed = dynamodb.execute_statement(
        Statement="SELECT sk FROM orders WHERE pk = 'c1' AND total IN [10, 50]"
    )
    assert numbers(listed["Items"]) == [1, 5]


def test_select_from_an_index(dynamodb: Any, orders: str) -> None:
    result = dynamodb.execute_statement(
        Statement='SELECT sk FROM "orders"."by-status" WHERE status = \'done\''
    )
    assert sorted(numbers(result["Items"])) == [2, 4]
    code, message = rejected(
        dynamodb.execute_statement, Statement="SELECT * FROM orders.nope WHERE status = 'done'"
    )
    # Unlike Query's, PartiQL's message does not name the index.
    assert (code, message) == ("ValidationException", "The table does not have the specified index")


def test_select_pages_with_limit_and_next_token(dynamodb: Any, orders: str) -> None:
    seen: list[int] = []
    params: dict[str, Any] = {"Statement": "SELECT sk FROM orders WHERE pk = 'c1'", "Limit": 2}
    pages = 0
    while True:
        result = dynamodb.execute_statement(**params)
        pages += 1
        seen += numbers(result["Items"])
        if "NextToken" not in result:
            break
        params["NextToken"] = result["NextToken"]
    assert seen == [1, 2, 3, 4, 5]
    assert pages == 3


def test_select_consistent_read_on_a_gsi_is_rejected(dynamodb: Any, orders: str) -> None:
    code, message = rejected(
        dynamodb.execute_statement,
        Statement="SELECT * FROM orders.\"by-status\" WHERE status = 'open'",
        ConsistentRead=True,
    )
    # PartiQL's wording, not Query's.
    assert (code, message) == ("ValidationException", "Strongly consistent read is not supported on Global Secondary Indexes")


def test_select_from_a_missing_table(dynamodb: Any) -> None:
    assert rejected(dynamodb.execute_statement, Statement="SELECT * FROM nowhere") == (
        "ResourceNotFoundException",
        "Requested resource not found",
    )


def test_malformed_statements(dynamodb: Any, orders: str) -> None:
    code, message = rejected(dynamodb.execute_statement, Statement="SELECT * FORM orders")
    assert code == "ValidationException" and message.startswith(MALFORMED)
    assert rejected(dynamodb.execute_statement, Statement="SELECT * FROM orders WHERE pk = ?") == (
        "ValidationException",
        "Number of parameters in request and statement don't match.",
    )


# -- INSERT / UPDATE / DELETE --------------------------------------------------


def test_insert_then_duplicate(dynamodb: Any, hash_table: str) -> None:
    statement = f"INSERT INTO \"{hash_table}\" VALUE {{'pk': 'k', 'n': 1, 'tags': <<'a', 'b'>>, 'doc': {{'x': [1, true, null]}}}}"
    assert dynamodb.execute_statement(Statement=statement)["Items"] == []
    stored = dynamodb.get_item(TableName=hash_table, Key={"pk": {"S": "k"}})["Item"]
    assert stored == {
        "pk": {"S": "k"},
        "n": {"N": "1"},
        "tags": {"SS": ["a", "b"]},
        "doc": {"M": {"x": {"L": [{"N": "1"}, {"BOOL": True}, {"NULL": True}]}}},
    }
    assert rejected(dynamodb.execute_statement, Statement=statement) == (
        "DuplicateItemException",
        "Duplicate primary key exists in table",
    )


def test_insert_without_the_key(dynamodb: Any, hash_table: str) -> None:
    assert rejected(dynamodb.execute_statement, Statement=f"INSERT INTO {hash_table} VALUE {{'x': 1}}") == (
        "ValidationException",
        "One or more parameter values were invalid: Missing the key pk in the item",
    )


def test_update_set_remove_and_returning(dynamodb: Any, orders: str) -> None:
    result = dynamodb.execute_statement(
        Statement="UPDATE orders SET total = total + ?, note = 'hi' REMOVE status "
        "SET tags = set_add(tags, <<'x'>>) WHERE pk = 'c1' AND sk = 1 RETURNING ALL NEW *",
        Parameters=[{"N": "5"}],
    )
    assert result["Items"] == [
        {
            "pk": {"S": "c1"},
            "sk": {"N": "1"},
            "total": {"N": "15"},
            "note": {"S": "hi"},
            "tags": {"SS": ["x"]},
        }
    ]


def test_update_of_a_missing_item_fails_its_condition(dynamodb: Any, orders: str) -> None:
    assert rejected(
        dynamodb.execute_statement, Statement="UPDATE orders SET a = 1 WHERE pk = 'zz' AND sk = 1"
    ) == (
        "ConditionalCheckFailedException",
        "The conditional request failed",
    )
    assert dynamodb.scan(TableName=orders)["Count"] == 6


def test_update_with_a_failing_where_condition_returns_the_item_when_asked(
    dynamodb: Any, orders: str
) -> None:
    with pytest.raises(ClientError) as caught:
        dynamodb.execute_statement(
            Statement="UPDATE orders SET a = 1 WHERE pk = 'c1' AND sk = 1 AND total > 100",
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    assert error_of(caught)[0] == "ConditionalCheckFailedException"
    assert caught.value.response["Item"]["total"] == {"N": "10"}


def test_writes_need_equality_on_every_key_attribute(dynamodb: Any, orders: str) -> None:
    for statement in (
        "UPDATE orders SET a = 1 WHERE pk = 'c1'",
        "DELETE FROM orders WHERE pk = 'c1' AND sk > 1",
    ):
        assert rejected(dynamodb.execute_statement, Statement=statement) == (
            "ValidationException",
            "Where clause does not contain a mandatory equality on all key attributes",
        )


def test_delete_returning_all_old(dynamodb: Any, orders: str) -> None:
    result = dynamodb.execute_statement(
        Statement="DELETE FROM orders WHERE pk = 'c2' AND sk = 1 RETURNING ALL OLD *"
    )
    assert result["Items"] == [{"pk": {"S": "c2"}, "sk": {"N": "1"}, "total": {"N": "7"}}]
    assert "Item" not in dynamodb.get_item(TableName=orders, Key={"pk": {"S": "c2"}, "sk": {"N": "1"}})
    assert (
        dynamodb.execute_statement(Statement="DELETE FROM orders WHERE pk = 'c2' AND sk = 1")["Items"] == []
    )


# -- BatchExecuteStatement -----------------------------------------------------


def test_batch_reads_return_items_and_per_statement_errors(dynamodb: Any, orders: str) -> None:
    result = dynamodb.batch_execute_statement(
        Statements=[
            {
                "Statement": "SELECT total FROM orders WHERE pk = ? AND sk = ?",
                "Parameters": [{"S": "c1"}, {"N": "2"}],
            },
            {"Statement": "SELECT * FROM orders WHERE pk = 'c9' AND sk = 1"},
            {"Statement": "SELECT * FROM orders WHERE pk = 'c1'"},
            {"Statement": "SELECT * FROM nowhere WHERE pk = 'c1' AND sk = 1"},
        ]
    )
    responses = result["Responses"]
    assert responses[0] == {"TableName": "orders", "Item": {"total": {"N": "20"}}}
    assert responses[1] == {"TableName": "orders"}
    # A statement that cannot be planned carries no TableName.
    assert responses[2] == {
        "Error": {"Code": "ValidationError", "Message": "Select statements within BatchExecuteStatement must specify the primary key in the where clause."}
    }
    assert responses[3]["Error"] == {"Code": "ResourceNotFound", "Message": "Requested resource not found"}


def test_batch_writes_apply_independently(dynamodb: Any, hash_table: str) -> None:
    dynamodb.put_item(TableName=hash_table, Item={"pk": {"S": "taken"}})
    dynamodb.put_item(TableName=hash_table, Item={"pk": {"S": "other"}})
    result = dynamodb.batch_execute_statement(
        Statements=[
            {"Statement": f"INSERT INTO {hash_table} VALUE {{'pk': 'new'}}"},
            {"Statement": f"INSERT INTO {hash_table} VALUE {{'pk': 'taken'}}"},
            {"Statement": f"UPDATE {hash_table} SET v = 1 WHERE pk = 'other'"},
            {"Statement": f"UPDATE {hash_table} SET v = 1 WHERE pk = 'absent'"},
        ]
    )
    codes = [response.get("Error", {}).get("Code") for response in result["Responses"]]
    assert codes == [None, "DuplicateItem", None, "ConditionalCheckFailed"]
    assert result["Responses"][1] == {
        "TableName": hash_table,
        "Error": {"Code": "DuplicateItem", "Message": "Duplicate primary key exists in table"},
    }
    stored = {found["pk"]["S"]: found for found in dynamodb.scan(TableName=hash_table)["Items"]}
    assert sorted(stored) == ["new", "other", "taken"]
    assert stored["other"]["v"] == {"N": "1"}


def test_batch_writes_return_attributes_and_reject_two_writes_to_one_item(
    dynamodb: Any, hash_table: str
) -> None:
    dynamodb.put_item(TableName=hash_table, Item={"pk": {"S": "k"}, "v": {"N": "1"}})
    result = dynamodb.batch_execute_statement(
        Statements=[{"Statement": f"UPDATE {hash_table} SET v = v + 1 WHERE pk = 'k' RETURNING ALL NEW *"}]
    )
    assert result["Responses"] == [{"TableName": hash_table, "Item": {"pk": {"S": "k"}, "v": {"N": "2"}}}]
    assert rejected(
        dynamodb.batch_execute_statement,
        Statements=[
            {"Statement": f"UPDATE {hash_table} SET v = 5 WHERE pk = 'k'"},
            {"Statement": f"DELETE FROM {hash_table} WHERE pk = ?", "Parameters": [{"S": "k"}]},
        ],
    ) == ("ValidationException", "Provided list of item keys contains duplicates")
    assert dynamodb.get_item(TableName=hash_table, Key={"pk": {"S": "k"}})["Item"]["v"] == {"N": "2"}


def test_batch_cannot_mix_reads_and_writes(dynamodb: Any, hash_table: str) -> None:
    assert rejected(
        dynamodb.batch_execute_statement,
        Statements=[
            {"Statement": f"SELECT * FROM {hash_table} WHERE pk = 'a'"},
            {"Statement": f"DELETE FROM {hash_table} WHERE pk = 'a'"},
        ],
    ) == ("ValidationException", "Read and write requests together in the same batch is not supported.")


# -- ExecuteTransaction --------------------------------------------------------


def test_transaction_writes_all_or_nothing(dynamodb: Any, hash_table: str) -> None:
    dynamodb.put_item(TableName=hash_table, Item={"pk": {"S": "taken"}, "v": {"N": "1"}})
    dynamodb.put_item(TableName=hash_table, Item={"pk": {"S": "other"}, "v": {"N": "1"}})
    before = dynamodb.scan(TableName=hash_table)["Items"]
    with pytest.raises(ClientError) as caught:
        dynamodb.execute_transaction(
            TransactStatements=[
                {"Statement": f"INSERT INTO {hash_table} VALUE {{'pk': 'new'}}"},
                {"Statement": f"UPDATE {hash_table} SET v = 2 WHERE pk = 'other'"},
                {"Statement": f"INSERT INTO {hash_table} VALUE {{'pk': 'taken'}}"},
            ]
        )
    code, message = error_of(caught)
    assert code == "TransactionCanceledException"
    assert (
        message
        == "Transaction cancelled, please refer cancellation reasons for specific reasons [None, None, DuplicateItem]"
    )
    assert caught.value.response["CancellationReasons"] == [
        {"Code": "None"},
        {"Code": "None"},
        {"Code": "DuplicateItem", "Message": "Duplicate primary key exists in table"},
    ]
    assert dynamodb.scan(TableName=hash_table)["Items"] == before

    dynamodb.execute_transaction(
        TransactStatements=[
            {"Statement": f"INSERT INTO {hash_table} VALUE {{'pk': 'new'}}"},
            {
                "Statement": f"UPDATE {hash_table} SET v = v + ? WHERE pk = 'taken'",
                "Parameters": [{"N": "1"}],
            },
        ]
    )
    stored = {found["pk"]["S"]: found for found in dynamodb.scan(TableName=hash_table)["Items"]}
    assert stored["taken"]["v"] == {"N": "2"} and "new" in stored


def test_transaction_reads(dynamodb: Any, orders: str) -> None:
    result = dynamodb.execute_transaction(
        TransactStatements=[
            {"Statement": "SELECT total FROM orders WHERE pk = 'c1' AND sk = 3"},
            {"Statement": "SELECT * FROM orders WHERE pk = 'c1' AND sk = 99"},
        ]
    )
    assert result["Responses"] == [{"Item": {"total": {"N": "30"}}}, {}]


def test_transaction_rules(dynamodb: Any, orders: str) -> None:
    assert rejected(
        dynamodb.execute_transaction,
        TransactStatements=[
            {"Statement": "SELECT * FROM orders WHERE pk = 'c1' AND sk = 3"},
            {"Statement": "DELETE FROM orders WHERE pk = 'c1' AND sk = 3"},
        ],
    ) == (
        "ValidationException",
        "ExecuteTransaction API does not support both read and write operations in the same request.",
    )
    assert rejected(
        dynamodb.execute_transaction,
        TransactStatements=[{"Statement": "SELECT * FROM orders WHERE pk = 'c1'"}],
    ) == (
        "ValidationException",
        "Select statements within ExecuteTransaction must specify the primary key in the where clause.",
    )


def test_transaction_exists_checks_a_condition_on_another_item(dynamodb: Any, orders: str) -> None:
    check = "EXISTS(SELECT * FROM orders WHERE pk = 'c1' AND sk = 1 AND total = ?)"
    update = {"Statement": "UPDATE orders SET flagged = true WHERE pk = 'c2' AND sk = 1"}
    with pytest.raises(ClientError) as caught:
        dynamodb.execute_transaction(
            TransactStatements=[{"Statement": check, "Parameters": [{"N": "999"}]}, update]
        )
    assert caught.value.response["CancellationReasons"] == [
        {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"},
        {"Code": "None"},
    ]
    dynamodb.execute_transaction(
        TransactStatements=[{"Statement": check, "Parameters": [{"N": "10"}]}, update]
    )
    flagged = dynamodb.get_item(TableName=orders, Key={"pk": {"S": "c2"}, "sk": {"N": "1"}})["Item"][
        "flagged"
    ]
    assert flagged == {"BOOL": True}
    assert rejected(dynamodb.execute_statement, Statement=check, Parameters=[{"N": "10"}]) == (
        "ValidationException",
        "EXISTS can only be used in ExecuteTransaction write requests.",
    )


def test_select_with_partition_key_in_a_list_reads_each_partition(dynamodb: Any, orders: str) -> None:
    result = dynamodb.execute_statement(
        Statement="SELECT pk, sk FROM orders WHERE pk IN ['c2', 'c1', 'c9'] AND sk <= 2"
    )
    assert [(found["pk"]["S"], int(found["sk"]["N"])) for found in result["Items"]] == [
        ("c2", 1),
        ("c1", 1),
        ("c1", 2),
    ]
    seen = []
    params: dict[str, Any] = {"Statement": "SELECT sk FROM orders WHERE pk IN ['c1', 'c2']", "Limit": 4}
    while True:
        page = dynamodb.execute_statement(**params)
        seen.append(len(page["Items"]))
        if "NextToken" not in page:
            break
        params["NextToken"] = page["NextToken"]
    assert sum(seen) == 6 and seen[0] == 4


def test_partiql_update_weighs_only_the_finished_item(dynamodb: Any, hash_table: str) -> None:
    """Measured against AWS by a conformance suite: unlike UpdateItem, a PartiQL UPDATE may write a
    finished item of exactly 400 KB at a short key."""
    dynamodb.put_item(TableName=hash_table, Item={"pk": {"S": "X"}})
    padding = {"S": "x" * (400 * 1024 - 3 - 1)}
    dynamodb.execute_statement(Statement=f'UPDATE "{hash_table}" SET p = ? WHERE pk = ?', Parameters=[padding, {"S": "X"}])
    assert len(dynamodb.get_item(TableName=hash_table, Key={"pk": {"S": "X"}})["Item"]["p"]["S"]) == 400 * 1024 - 4


def test_where_takes_attribute_exists_and_type_tests(dynamodb: Any, hash_table: str) -> None:
    """dynamodb-conformance tier2 whereFunctions (four regions, 2026-10): attribute_exists and
    attribute_not_exists in any case, compared with true, IS <type>; on a write, a condition."""
    t = hash_table
    dynamodb.put_item(TableName=t, Item={"pk": {"S": "i"}, "ss": {"SS": ["a"]}, "s": {"S": "str"}, "flag": {"BOOL": True}, "m": {"M": {"sub": {"S": "x"}}}})
    dynamodb.put_item(TableName=t, Item={"pk": {"S": "u"}, "a": {"N": "5"}})

    def keys(condition: str) -> list[str]:
        found = dynamodb.execute_statement(Statement=f"SELECT * FROM \"{t}\" WHERE pk = 'i' AND {condition}")["Items"]
        return [item["pk"]["S"] for item in found]

    for condition, expected in [
        ("attribute_exists(ss)", ["i"]), ("attribute_exists(nope)", []), ("attribute_not_exists(nope)", ["i"]),
        ("NOT attribute_exists(nope)", ["i"]), ("ATTRIBUTE_EXISTS(ss)", ["i"]), ("attribute_exists(ss) = true", ["i"]),
        ('attribute_exists("ss")', ["i"]), ("attribute_exists(m.sub)", ["i"]), ("attribute_exists(m.nope)", []),
        ("(attribute_exists(nope) OR attribute_exists(ss))", ["i"]),
        ("flag IS BOOL", ["i"]), ("s IS STRING", ["i"]), ("s IS BOOL", []),
    ]:
        assert keys(condition) == expected, condition
    assert rejected(dynamodb.execute_statement, Statement=f"SELECT * FROM \"{t}\" WHERE pk = 'i' AND attribute_exists()") == (
        "ValidationException",
        "Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 0",
    )
    assert rejected(dynamodb.execute_statement, Statement=f"SELECT * FROM \"{t}\" WHERE pk = 'i' AND attribute_exists('ss')") == (
        "ValidationException", "Operator or function requires a document path; operator or function: attribute_exists",
    )
    dynamodb.execute_statement(Statement=f"UPDATE \"{t}\" SET z = 1 WHERE pk = 'u' AND attribute_exists(a)")
    assert rejected(dynamodb.execute_statement, Statement=f"DELETE FROM \"{t}\" WHERE pk = 'u' AND attribute_exists(nope)")[0] == (
        "ConditionalCheckFailedException"
    )
    assert dynamodb.get_item(TableName=t, Key={"pk": {"S": "u"}})["Item"]["z"] == {"N": "1"}


def test_set_functions_refused_in_aws_words_and_positions(dynamodb: Any, hash_table: str) -> None:
    """dynamodb-conformance tier3 partiqlFunctions (four regions, 2026-10): ``at line:column:length``."""
    t = hash_table
    dynamodb.put_item(TableName=t, Item={"pk": {"S": "i"}, "ss": {"SS": ["a"]}})

    def refusal(statement: str) -> str:
        code, text = rejected(dynamodb.execute_statement, Statement=statement)
        assert code == "ValidationException"
        return text

    def at(statement: str, token: str, length: int | None = None, start: int = 0) -> str:
        return f"1:{statement.index(token, start) + 1}:{length or len(token)}"

    update = f"UPDATE \"{t}\" SET x = set_add(ss, <<'x'>>) WHERE pk = 'i'"
    assert refusal(update) == f"The first argument to SET_ADD must equal the assignment value at {at(update, 'set_add')}"
    update = f"UPDATE \"{t}\" SET ss = set_add(ss, 'x') WHERE pk = 'i'"
    assert refusal(update) == (
        f"The second argument to SET_ADD must be a value with type SET at {at(update, 'ss', 2, update.index('set_add('))}"
    )
    update = f"UPDATE \"{t}\" SET ss = set_delete(ss) WHERE pk = 'i'"
    assert refusal(update) == f"SET_DELETE must have exactly two arguments at {at(update, 'set_delete')}"
    assert refusal(f"UPDATE \"{t}\" SET ss = set_add(ss, <<>>) WHERE pk = 'i'") == "Empty bags are not supported"
    select = f"SELECT * FROM \"{t}\" WHERE pk = 'i' AND set_add(ss, <<'x'>>) = ss"
    assert refusal(select) == f"Unrecognized function: set_add at {at(select, 'set_add')}"
    select = f"SELECT * FROM \"{t}\" WHERE pk = 'i' AND EXISTS(ss)"
    assert refusal(select) == f"Unrecognized function: exists at {at(select, 'EXISTS')}"


def test_grammar_refusals_in_aws_words(dynamodb: Any, hash_table: str) -> None:
    """dynamodb-conformance tier3 partiqlGrammar (eu-west-2, 2026-10)."""
    t = hash_table
    malformed = "Statement wasn't well formed, can't be processed: "
    overflow = "Number overflow. Attempting to store a number with magnitude larger than supported range"
    for statement, message in [
        (f"SELECT * FROM \"{t}\" t WHERE pk = 'x'", "Aliasing is not supported"),
        (f"SELECT * FROM \"{t}\" AS t WHERE pk = 'x'", "Aliasing is not supported"),
        (f"UPDATE \"{t}\" t SET a = 3 WHERE pk = 'x'", "Aliasing is not supported"),
        (f"DELETE FROM \"{t}\" t WHERE pk = 'x'", "Aliasing is not supported"),
        (f"INSERT INTO \"{t}\" t VALUE {{'pk': 'x'}}", malformed + "Unexpected token after expression"),
        (f"SELECT * FROM \"{t}\" WHERE pk = 1e2147483648", malformed),
        (f"SELECT * FROM \"{t}\" WHERE pk = 1.5e-2147483647", malformed),
        (f"SELECT * FROM \"{t}\" WHERE pk = 1 # note", malformed),
        (f"SELECT * FROM \"{t}\" WHERE pk = 1 /* note", malformed),
        (f"SELECT * FROM \"{t}\" WHERE pk = 1e126", overflow + " under root"),
        (f"INSERT INTO \"{t}\" VALUE {{'pk': 'a', 'm': {{'x': 1e126}}}}", overflow + " under root.x"),
        (f"INSERT INTO \"{t}\" VALUE {{'pk': 'a', 'l': [1, 1e126]}}", overflow + " under root[1]"),
        (f"UPDATE \"{t}\" SET a = 1e-131 WHERE pk = 'a'",
         "Number underflow. Attempting to store a number with magnitude smaller than supported range under root"),
    ]:
        assert rejected(dynamodb.execute_statement, Statement=statement) == ("ValidationException", message), statement
    # A block comment that ends is skipped.
    dynamodb.execute_statement(Statement=f"SELECT * FROM \"{t}\" /* all */ WHERE pk = 'x'")


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("1e99999999999", "The parameter cannot be converted to a numeric value: 1e99999999999"),
        ("1e-2147483648", "The parameter cannot be converted to a numeric value: 1e-2147483648"),
        ("1e2147483647", "Number underflow. Attempting to store a number with magnitude smaller than supported range"),
        ("", "The parameter cannot be converted to a numeric value"),
    ],
)
def test_number_parameters_read_as_big_decimals(dynamodb: Any, hash_table: str, number: str, message: str) -> None:
    """dynamodb-conformance tier3 partiqlParameterNumbers (eu-west-2, us-east-1, 2026-10); BatchWriteItem
    reads them the same way (valueLayers), PutItem in the newer words."""
    for statement in (f"SELECT * FROM \"{hash_table}\" WHERE pk = ?", f"UPDATE \"{hash_table}\" SET n = ? WHERE pk = 'a'"):
        assert rejected(dynamodb.execute_statement, Statement=statement, Parameters=[{"N": number}]) == ("ValidationException", message)
    assert rejected(
        dynamodb.batch_write_item, RequestItems={hash_table: [{"PutRequest": {"Item": {"pk": {"S": "a"}, "n": {"N": number}}}}]}
    ) == ("ValidationException", message)


def test_multi_attribute_index_reads_are_refused(dynamodb: Any) -> None:
    """dynamodb-conformance tier3 partiqlMultiAttributeIndex (eu-west-2, us-east-1, 2026-10): after
    the parse, ahead of the WHERE rules; the table itself stays readable."""
    dynamodb.create_table(
        TableName="multi", BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("id", "h1", "h2", "r1")],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        GlobalSecondaryIndexes=[{"IndexName": "gsi", "KeySchema": [
            {"AttributeName": "h1", "KeyType": "HASH"}, {"AttributeName": "h2", "KeyType": "HASH"},
            {"AttributeName": "r1", "KeyType": "RANGE"},
        ], "Projection": {"ProjectionType": "ALL"}}],
    )
    refused = "PartiQL statements cannot be executed on tables with multi-attribute HASH keys or multi-attribute RANGE keys."
    for where in (" WHERE h1 = 'a'", " WHERE id = 'i1'", ""):
        assert rejected(dynamodb.execute_statement, Statement=f'SELECT * FROM "multi"."gsi"{where}') == ("ValidationException", refused)
    assert rejected(dynamodb.execute_statement, Statement='SELECT * FROM "multi"."gsi" WHERE') == (
        "ValidationException", "Statement wasn't well formed, can't be processed: Unexpected term",
    )
    assert dynamodb.execute_statement(Statement="SELECT * FROM \"multi\" WHERE id = 'i1'")["Items"] == []
