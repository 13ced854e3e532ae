"""Templates deployed at start-up and by ``emulator deploy``, exercised end to end."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx

from emulator.testing import EmulatorProcess
from emulator.testing.process import wait_until

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _deployed(emulator: EmulatorProcess, count: int = 1, timeout: float = 60) -> str:
    """The emulator's output once it has reported ``count`` deployments."""

    def done() -> str | None:
        text = "\n".join(emulator.output)
        if "not deployed" in text:
            raise AssertionError(text)
        return text if text.count("Deployed ") >= count else None

    return wait_until(done, timeout=timeout, interval=0.05)


def _api(output: str, kind: str = "REST API") -> tuple[str, str]:
    found = re.findall(rf"{kind} +\w+: http://(\w+)\.execute-api\.localhost:\d+(/\w+)?/", output)
    assert found, output
    api_id, stage = found[-1]
    return api_id, stage


def _call(emulator: EmulatorProcess, api_id: str, method: str, path: str, **kwargs: object) -> httpx.Response:
    host = f"{api_id}.execute-api.localhost:{emulator.port}"
    return httpx.request(method, f"{emulator.url}{path}", headers={"Host": host}, timeout=30, **kwargs)  # type: ignore[arg-type]


def test_todo_example_serves_its_crud_api(tmp_path: Path) -> None:
    with EmulatorProcess("--template", str(EXAMPLES / "todo-rest-api" / "template.yaml")) as emulator:
        output = _deployed(emulator)
        assert "table     todo-rest-api-TodosTable" in output
        assert re.search(r"TryIt = curl .*http://\w+\.execute-api\.localhost:\d+/Prod/todos", output)
        api_id, stage = _api(output)

        invalid = _call(emulator, api_id, "POST", f"{stage}/todos", json={"title": ""})
        assert invalid.status_code == 400
        assert invalid.json() == {"message": "title is required and must be a non-empty string"}

        created = [
            _call(emulator, api_id, "POST", f"{stage}/todos", json={"title": f"task {n}"}).json() for n in range(3)
        ]
        assert all(todo["version"] == 1 for todo in created)

        first = _call(emulator, api_id, "GET", f"{stage}/todos", params={"limit": 2}).json()
        assert len(first["items"]) == 2 and first["next"]
        rest = _call(emulator, api_id, "GET", f"{stage}/todos", params={"limit": 2, "next": first["next"]}).json()
        assert len(rest["items"]) == 1 and "next" not in rest
        assert {t["id"] for t in first["items"] + rest["items"]} == {t["id"] for t in created}

        todo = created[0]
        updated = _call(emulator, api_id, "PUT", f"{stage}/todos/{todo['id']}", json={"done": True, "version": 1})
        assert updated.status_code == 200 and updated.json()["version"] == 2
        stale = _call(emulator, api_id, "PUT", f"{stage}/todos/{todo['id']}", json={"done": False, "version": 1})
        assert stale.status_code == 409 and stale.json()["version"] == 2

        assert _call(emulator, api_id, "GET", f"{stage}/todos/{todo['id']}").json()["done"] is True
        assert _call(emulator, api_id, "DELETE", f"{stage}/todos/{todo['id']}").status_code == 204
        assert _call(emulator, api_id, "GET", f"{stage}/todos/{todo['id']}").status_code == 404


def test_stream_processor_example_totals_orders(tmp_path: Path) -> None:
    with EmulatorProcess("--template", str(EXAMPLES / "stream-processor" / "template.yaml")) as emulator:
        _deployed(emulator)
        dynamodb = emulator.client("dynamodb")
        orders = "stream-processor-OrdersTable"
        for order_id, amount in (("1", "10.5"), ("2", "4.5")):
            dynamodb.put_item(
                TableName=orders,
                Item={"customer": {"S": "ada"}, "orderId": {"S": order_id}, "amount": {"N": amount}},
            )
        dynamodb.delete_item(TableName=orders, Key={"customer": {"S": "ada"}, "orderId": {"S": "2"}})

        def totals() -> dict | None:
            item = dynamodb.get_item(TableName="stream-processor-TotalsTable", Key={"customer": {"S": "ada"}}).get("Item")
            return item if item and item["orders"]["N"] == "1" and item["total"]["N"] == "10.5" else None

        wait_until(totals, timeout=30, interval=0.1)


SMALL_TEMPLATE = """
Transform: AWS::Serverless-2016-10-31
Resources:
  Notes:
    Type: AWS::Serverless::SimpleTable
  Role:
    Type: AWS::IAM::Role
    Properties: {AssumeRolePolicyDocument: {}}
  Queue:
    Type: AWS::SQS::Queue
  Hello:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      CodeUri: src/
      Handler: app.handler
      Role: !GetAtt Role.Arn
      Environment: {Variables: {TABLE: !Ref Notes}}
      Events:
        Http: {Type: HttpApi, Properties: {Path: /hello, Method: get}}
"""


def _small_project(tmp_path: Path, reply: str) -> Path:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text(f"def handler(event, context):\n    return {{'reply': {reply!r}}}\n")
    (tmp_path / "template.yaml").write_text(SMALL_TEMPLATE)
    return tmp_path / "template.yaml"


def test_unsupported_resources_are_listed_in_one_warning_and_the_rest_deploys(tmp_path: Path) -> None:
    template = _small_project(tmp_path, "v1")
    with EmulatorProcess("--template", str(template)) as emulator:
        output = _deployed(emulator)
        notes = [line for line in output.splitlines() if "not emulated" in line]
        assert len(notes) == 1
        assert "Role (AWS::IAM::Role)" in notes[0] and "Queue (AWS::SQS::Queue)" in notes[0]
        api_id, _ = _api(output, "HTTP API")
        assert _call(emulator, api_id, "GET", "/hello").json() == {"reply": "v1"}


def test_handler_edits_and_template_edits_apply_without_restart(tmp_path: Path) -> None:
    template = _small_project(tmp_path, "v1")
    with EmulatorProcess("--template", str(template)) as emulator:
        output = _deployed(emulator)
        api_id, _ = _api(output, "HTTP API")
        assert _call(emulator, api_id, "GET", "/hello").json() == {"reply": "v1"}
        dynamodb = emulator.client("dynamodb")
        table = f"{tmp_path.name}-Notes"
        dynamodb.put_item(TableName=table, Item={"id": {"S": "kept"}})

        time.sleep(0.01)
        (tmp_path / "src" / "app.py").write_text("def handler(event, context):\n    return {'reply': 'v2'}\n")
        assert _call(emulator, api_id, "GET", "/hello").json() == {"reply": "v2"}

        template.write_text(template.read_text().replace("Path: /hello", "Path: /hi"))
        output = _deployed(emulator, count=2)
        assert _api(output, "HTTP API")[0] == api_id
        wait_until(lambda: _call(emulator, api_id, "GET", "/hi").status_code == 200, timeout=30)
        assert _call(emulator, api_id, "GET", "/hello").status_code == 404
        assert dynamodb.get_item(TableName=table, Key={"id": {"S": "kept"}})["Item"] == {"id": {"S": "kept"}}


def test_deploy_command_deploys_to_a_running_emulator(tmp_path: Path, server: EmulatorProcess) -> None:
    project = tmp_path / "project"
    shutil.copytree(EXAMPLES / "todo-rest-api", project)
    result = subprocess.run(
        [sys.executable, "-m", "emulator", "deploy", str(project / "template.yaml"), "--endpoint-url", server.url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    api_id, stage = _api(result.stdout)
    assert _call(server, api_id, "GET", f"{stage}/todos").json() == {"items": []}


def test_template_errors_are_reported_without_a_traceback(tmp_path: Path, server: EmulatorProcess) -> None:
    template = tmp_path / "template.yaml"
    template.write_text("Resources:\n  X:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      TableName: !ImportValue Shared\n")
    result = subprocess.run(
        [sys.executable, "-m", "emulator", "deploy", str(template), "--endpoint-url", server.url],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Fn::ImportValue 'Shared'" in result.stderr
    assert "Traceback" not in result.stderr




LAYER_TEMPLATE = """
Transform: AWS::Serverless-2016-10-31
Parameters:
  Greeting: {Type: String, Default: hello}
Conditions:
  Loud: !Equals [!Ref Greeting, HEY]
Resources:
  Shared:
    Type: AWS::Serverless::LayerVersion
    Properties: {ContentUri: layer/, CompatibleRuntimes: [python3.12]}
  Greeter:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      CodeUri: src/
      Handler: app.handler
      Layers: [!Ref Shared]
      Environment:
        Variables:
          GREETING: !If [Loud, !Sub "${Greeting}!", !Ref Greeting]
      Events:
        Http: {Type: HttpApi, Properties: {Path: /greet, Method: get}}
Outputs:
  Url: {Value: !Sub "https://${ServerlessHttpApi}.execute-api.${AWS::Region}.amazonaws.com/greet"}
"""


def test_layers_parameter_overrides_and_conditions(tmp_path: Path) -> None:
    (tmp_path / "layer" / "python").mkdir(parents=True)
    (tmp_path / "layer" / "python" / "shared_words.py").write_text("def shout(text):\n    return text.upper()\n")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text(
        "import os\nimport shared_words\n\n"
        "def handler(event, context):\n    return {'said': shared_words.shout(os.environ['GREETING'])}\n"
    )
    (tmp_path / "template.yaml").write_text(LAYER_TEMPLATE)
    args = ("--template", str(tmp_path / "template.yaml"), "--parameter-overrides", "Greeting=HEY")
    with EmulatorProcess(*args) as emulator:
        _deployed(emulator)

        def with_outputs() -> str | None:  # the report's lines arrive one by one: Outputs come last
            text = "\n".join(emulator.output)
            return text if "Url = " in text else None

        output = wait_until(with_outputs)
        assert re.search(r"Url = http://\w+\.execute-api\.localhost:\d+/greet", output)
        api_id, _ = _api(output, "HTTP API")
        assert _call(emulator, api_id, "GET", "/greet").json() == {"said": "HEY!"}


DURABLE_TEMPLATE = """
Resources:
  Orders:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: orders
      Runtime: python3.13
      Handler: index.handler
      Role: arn:aws:iam::000000000000:role/durable
      DurableConfig:
        ExecutionTimeout: 900
        RetentionPeriodInDays: 3
      Code:
        ZipFile: |
          from aws_durable_execution_sdk_python import durable_execution

          @durable_execution
          def handler(event, context):
              return context.step(lambda _: event["n"] + 1, name="add")
"""


def test_a_template_function_keeps_its_durable_config(tmp_path: Path, server: EmulatorProcess) -> None:
    template = tmp_path / "template.yaml"
    template.write_text(DURABLE_TEMPLATE)
    command = [sys.executable, "-m", "emulator", "deploy", str(template), "--endpoint-url", server.url]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lambda_client = server.client("lambda")
    configuration = lambda_client.get_function_configuration(FunctionName="orders")
    assert configuration["DurableConfig"] == {"ExecutionTimeout": 900, "RetentionPeriodInDays": 3}
    answer = lambda_client.invoke(FunctionName="orders", Qualifier="$LATEST", Payload=b'{"n": 1}')
    assert answer["Payload"].read() == b"2"
