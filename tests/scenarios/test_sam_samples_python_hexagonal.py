"""aws-samples/serverless-test-samples: python-test-samples/hexagonal-architectures.

A stock converter behind an HTTP API: handler, adapters, ports and domain in packages under src/,
reading two DynamoDB tables; replayed as its integration test does.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sam_samples import deploy, request, write_sample

from emulator.testing import EmulatorProcess

# -- hexagonal-architectures ---------------------------------------------------------------

STOCKS_TEMPLATE = """
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: hexagonal-arch-sample
Globals:
  Function:
    Timeout: 20
Resources:
  StocksConverterFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ./
      Handler: src.app.lambda_handler
      Runtime: python3.9
      MemorySize: 256
      Policies:
        - DynamoDBReadPolicy:
            TableName: !Ref StocksTable
        - DynamoDBReadPolicy:
            TableName: !Ref CurrenciesTable
      Environment:
        Variables:
          STOCKS_DB_TABLE: !Ref StocksTable
          CURRENCIES_DB_TABLE: !Ref CurrenciesTable
      Events:
        StocksConverter:
          Type: HttpApi
          Properties:
            ApiId: !Ref StocksGateway
            Path: /stock/{StockID}
            Method: get
  StocksTable:
    Type: AWS::DynamoDB::Table
    Properties:
      AttributeDefinitions:
      - AttributeName: STOCK_ID
        AttributeType: S
      KeySchema:
      - AttributeName: STOCK_ID
        KeyType: HASH
      BillingMode: PAY_PER_REQUEST
  CurrenciesTable:
    Type: AWS::DynamoDB::Table
    Properties:
      AttributeDefinitions:
      - AttributeName: CURRENCY
        AttributeType: S
      KeySchema:
      - AttributeName: CURRENCY
        KeyType: HASH
      BillingMode: PAY_PER_REQUEST
  StocksGateway:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowMethods:
          - GET
          - POST
        AllowOrigins:
          - "*"
Outputs:
  StocksTableName:
    Value: !Ref StocksTable
  CurrenciesTableName:
    Value: !Ref CurrenciesTable
"""

# The sample's layers: an HTTP adapter calls the domain through a port, the domain reads the stock
# (in euros) and the rates through ports backed by DynamoDB adapters. An unknown stock is a ValueError.
STOCKS_CODE = {
    "src/app.py": """
        from src.adapters import handle_stock_request


        def lambda_handler(event, context):
            try:
                return handle_stock_request.get_stocks_request(event["pathParameters"]["StockID"])
            except ValueError:
                return {"statusCode": 404, "body": "Stock not found"}
    """,
    "src/adapters/handle_stock_request.py": """
        import json

        from src.ports import http_handler


        def get_stocks_request(stock_id):
            return {"statusCode": 200, "body": json.dumps({"message": http_handler.retrieve_stock(stock_id)})}
    """,
    "src/ports/http_handler.py": """
        from src.domains import stock


        def retrieve_stock(stock_id):
            return stock.retrieve_stock_values(stock_id)
    """,
    "src/domains/stock.py": """
        from decimal import Decimal

        from src.ports import currencies_service, stocks_service

        CURRENCIES = ["USD", "CAD", "AUD"]


        def retrieve_stock_values(stock_id):
            item = stocks_service.get_stock_data(stock_id)["Item"]
            rates = currencies_service.get_currencies_data(CURRENCIES)
            values = {"EUR": float(item["Value"])}
            for currency in CURRENCIES:
                values[currency] = float(Decimal(item["Value"]) * rates[currency])
            return {"stock": item["STOCK_ID"], "values": values}
    """,
    "src/ports/stocks_service.py": """
        from src.adapters import stocks_db


        def get_stock_data(stock_id):
            return stocks_db.get_stock_value(stock_id)
    """,
    "src/ports/currencies_service.py": """
        from src.adapters import currency_exchange_db


        def get_currencies_data(currencies):
            return currency_exchange_db.get_currencies(currencies)
    """,
    "src/adapters/stocks_db.py": """
        from os import environ

        import boto3


        def get_stock_value(stock_id):
            response = boto3.resource("dynamodb").Table(environ["STOCKS_DB_TABLE"]).get_item(Key={"STOCK_ID": stock_id})
            if "Item" not in response:
                raise ValueError("Stock not found")
            return response
    """,
    "src/adapters/currency_exchange_db.py": """
        from os import environ

        import boto3


        def get_currencies(currencies):
            table = boto3.resource("dynamodb").Table(environ["CURRENCIES_DB_TABLE"])
            rates = {}
            for currency in currencies:
                item = table.get_item(Key={"CURRENCY": currency})["Item"]
                rates[item["CURRENCY"]] = item["Rate"]
            return rates
    """,
}


def test_hexagonal_architecture_stock_converter(tmp_path: Path, server: EmulatorProcess) -> None:
    template = write_sample(tmp_path / "hexagonal-architectures", STOCKS_TEMPLATE, STOCKS_CODE)
    outputs = deploy(server, template, "hexagonal").outputs
    dynamodb = server.resource("dynamodb")
    currencies = dynamodb.Table(outputs["CurrenciesTableName"])
    for currency, rate in (("USD", "1.31"), ("CAD", "1.41"), ("AUD", "1.51")):
        currencies.put_item(Item={"CURRENCY": currency, "Rate": Decimal(rate)})
    dynamodb.Table(outputs["StocksTableName"]).put_item(Item={"STOCK_ID": "1", "Value": 3})

    (api,) = server.client("apigatewayv2").get_apis()["Items"]
    endpoint = f"http://{api['ApiId']}.execute-api.localhost:{server.port}/stock/{{stock_id}}"
    found = request(server, endpoint.replace("{stock_id}", "1"), headers={"Origin": "https://example.com"})
    assert found.status_code == 200
    assert found.json() == {
        "message": {"stock": "1", "values": {"EUR": 3.0, "USD": 3.93, "CAD": 4.23, "AUD": 4.53}}
    }
    # The HTTP API's CORS configuration answers any origin.
    assert found.headers["access-control-allow-origin"] == "*"
    missing = request(server, endpoint.replace("{stock_id}", "2"))
    assert (missing.status_code, missing.text) == (404, "Stock not found")
