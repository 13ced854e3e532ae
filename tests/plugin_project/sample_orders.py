import orders


def test_saved_order_can_be_loaded(aws_endpoint):
    orders.create_table()
    orders.save("o-1", 42)
    assert orders.load("o-1") == {"id": "o-1", "amount": 42}


def test_each_test_starts_with_an_empty_emulator(emulator):
    assert emulator.client("dynamodb").list_tables()["TableNames"] == []
    orders_table = emulator.resource("dynamodb")
    assert list(orders_table.tables.all()) == []


def test_fixture_clients_and_application_code_see_the_same_data(emulator, aws_endpoint):
    orders.create_table()
    emulator.client("dynamodb").put_item(TableName="orders", Item={"id": {"S": "o-2"}, "amount": {"N": "7"}})
    assert orders.load("o-2")["amount"] == 7
