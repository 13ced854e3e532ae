"""The worker pool with Python functions: warm reuse, context, environment, isolation, logs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_pool_support import PoolRunner, make_spec, result_of, write_code

HANDLERS = """
import json
import logging
import os
import sys

INITS = []
INITS.append(1)
print("init ran")
CALLS = 0

def counter(event, context):
    global CALLS
    CALLS += 1
    print("call", CALLS)
    return {"calls": CALLS, "inits": len(INITS)}

def context_fields(event, context):
    return {
        "aws_request_id": context.aws_request_id,
        "function_name": context.function_name,
        "function_version": context.function_version,
        "invoked_function_arn": context.invoked_function_arn,
        "memory_limit_in_mb": context.memory_limit_in_mb,
        "log_group_name": context.log_group_name,
        "log_stream_name": context.log_stream_name,
        "remaining": context.get_remaining_time_in_millis(),
        "cognito_identity_id": context.identity.cognito_identity_id,
        "client_custom": context.client_context.custom if context.client_context else None,
        "client_app_title": context.client_context.client.app_title if context.client_context else None,
    }

def environment(event, context):
    return {"environ": dict(os.environ), "cwd": os.getcwd(), "path0": sys.path[0]}

def trace(event, context):
    return os.environ["_X_AMZN_TRACE_ID"]

def echo(event, context):
    return event

def logs(event, context):
    print("to stdout")
    print("to stderr", file=sys.stderr)
    logger = logging.getLogger()
    logger.setLevel(logging.INFO)
    logger.info("through logging")
    return None

def numbers(event, context):
    from decimal import Decimal
    return {"int": Decimal("3"), "float": Decimal("1.5")}
"""


@pytest.fixture
def code(tmp_path: Path) -> Path:
    return write_code(tmp_path / "code", {"app.py": HANDLERS})


def test_warm_worker_keeps_module_state_and_runs_init_once(runner: PoolRunner, code: Path) -> None:
    spec = make_spec(code, "app.counter")
    first = runner.invoke(spec, {})
    second = runner.invoke(spec, {})
    assert result_of(first) == {"calls": 1, "inits": 1}
    assert result_of(second) == {"calls": 2, "inits": 1}
    assert first.init_duration_ms is not None and first.init_duration_ms > 0
    assert second.init_duration_ms is None
    assert first.log_stream_name == second.log_stream_name
    assert first.function_error is None


def test_context_carries_the_invocation_and_function(runner: PoolRunner, code: Path) -> None:
    spec = make_spec(code, "app.context_fields", name="ctxfn", memory_mb=256, timeout_s=5)
    client_context = '{"custom": {"k": "v"}, "client": {"app_title": "app"}, "env": {}}'
    result = runner.invoke(
        spec,
        {},
        request_id="11111111-2222-3333-4444-555555555555",
        client_context=client_context,
        cognito_identity={"cognitoIdentityId": "id-1", "cognitoIdentityPoolId": "pool-1"},
    )
    fields = result_of(result)
    assert fields["aws_request_id"] == "11111111-2222-3333-4444-555555555555"
    assert fields["function_name"] == "ctxfn"
    assert fields["function_version"] == "$LATEST"
    assert fields["invoked_function_arn"] == spec.arn
    assert fields["memory_limit_in_mb"] == "256"
    assert fields["log_group_name"] == "/aws/lambda/ctxfn"
    assert fields["log_stream_name"] == result.log_stream_name
    assert 4000 < fields["remaining"] <= 5000
    assert fields["cognito_identity_id"] == "id-1"
    assert fields["client_custom"] == {"k": "v"}
    assert fields["client_app_title"] == "app"


def test_custom_log_group(runner: PoolRunner, code: Path) -> None:
    spec = make_spec(code, "app.context_fields", name="grouped", log_group="/custom/group")
    assert result_of(runner.invoke(spec, {}))["log_group_name"] == "/custom/group"


def test_log_stream_name_has_date_version_and_id(runner: PoolRunner, code: Path) -> None:
    result = runner.invoke(make_spec(code, "app.echo"), {})
    date, _, rest = result.log_stream_name.rpartition("/")
    assert len(date.split("/")) == 3
    assert rest.startswith("[$LATEST]") and len(rest) == len("[$LATEST]") + 32


def test_qualified_invoke_arn_and_version(runner: PoolRunner, code: Path) -> None:
    spec = make_spec(code, "app.context_fields", name="verfn", version="3")
    fields = result_of(runner.invoke(spec, {}))
    assert fields["function_version"] == "3"
    assert fields["invoked_function_arn"] == spec.arn + ":3"
    aliased = result_of(runner.invoke(spec, {}, invoked_arn=spec.arn + ":live"))
    assert aliased["invoked_function_arn"] == spec.arn + ":live"


def test_environment_is_the_functions_and_lambdas_only(runner: PoolRunner, code: Path) -> None:
    os.environ["POOL_TEST_SERVER_SECRET"] = "server-only"
    try:
        spec = make_spec(code, "app.environment", name="envfn", environment={"TABLE": "orders", "AWS_REGION": "eu-west-9"})
        result = runner.invoke(spec, {})
        seen = result_of(result)
    finally:
        del os.environ["POOL_TEST_SERVER_SECRET"]
    environ = seen["environ"]
    assert environ["TABLE"] == "orders"
    assert "POOL_TEST_SERVER_SECRET" not in environ
    assert environ["AWS_REGION"] == "us-east-1"  # reserved: the function cannot override it
    assert environ["AWS_DEFAULT_REGION"] == "us-east-1"
    assert environ["AWS_LAMBDA_FUNCTION_NAME"] == "envfn"
    assert environ["AWS_LAMBDA_FUNCTION_VERSION"] == "$LATEST"
    assert environ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "128"
    assert environ["AWS_LAMBDA_LOG_GROUP_NAME"] == "/aws/lambda/envfn"
    assert environ["AWS_LAMBDA_LOG_STREAM_NAME"] == result.log_stream_name
    assert environ["AWS_EXECUTION_ENV"] == "AWS_Lambda_python3.12"
    assert environ["_HANDLER"] == "app.environment"
    assert environ["LAMBDA_TASK_ROOT"] == str(code)
    assert environ["TZ"] == ":UTC"
    assert environ["AWS_ENDPOINT_URL"] == "http://localhost:4566"
    assert environ["AWS_ACCESS_KEY_ID"] and environ["AWS_SECRET_ACCESS_KEY"] and environ["AWS_SESSION_TOKEN"]
    assert environ["PYTHONPATH"].split(":")[0] == str(code)
    assert environ["AWS_LAMBDA_RUNTIME_API"] == "127.0.0.1:9001"  # AWS's form: Python talks over its private channel
    assert seen["cwd"] == str(code) == environ["PWD"]
    assert seen["path0"] == str(code)
    assert (environ["AWS_XRAY_CONTEXT_MISSING"], environ["_AWS_XRAY_DAEMON_PORT"], environ["SHLVL"]) == ("LOG_ERROR", "2000", "0")
    allowed = {
        "PATH", "LANG", "TZ", "AWS_ENDPOINT_URL", "TABLE", "_HANDLER", "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
        "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "AWS_LAMBDA_RUNTIME_API", "PYTHONPATH", "_X_AMZN_TRACE_ID", "PWD", "SHLVL",
        "AWS_XRAY_CONTEXT_MISSING", "AWS_XRAY_DAEMON_ADDRESS", "_AWS_XRAY_DAEMON_ADDRESS", "_AWS_XRAY_DAEMON_PORT",
        "LD_LIBRARY_PATH", "LC_CTYPE",
    }  # fmt: skip
    assert set(environ) <= allowed


def test_each_invocation_gets_a_trace_id(runner: PoolRunner, code: Path) -> None:
    spec = make_spec(code, "app.trace")
    first, second = result_of(runner.invoke(spec, {})), result_of(runner.invoke(spec, {}))
    assert first != second
    assert first.startswith("Root=1-") and ";Parent=" in first and first.endswith(";Sampled=0")
    given = "Root=1-00000000-000000000000000000000001;Parent=0000000000000001;Sampled=1"
    assert result_of(runner.invoke(spec, {}, trace_id=given)) == given


def test_functions_do_not_share_environment_or_module_state(runner: PoolRunner, tmp_path: Path) -> None:
    source = """
        import os
        STATE = {"owner": os.environ["OWNER"], "calls": 0}
        def handler(event, context):
            STATE["calls"] += 1
            return {"state": STATE, "other": os.environ.get("OTHER_SECRET")}
    """
    first_code = write_code(tmp_path / "one", {"app.py": source})
    second_code = write_code(tmp_path / "two", {"app.py": source})
    first = make_spec(first_code, "app.handler", name="one", environment={"OWNER": "one", "ONE_SECRET": "1"})
    second = make_spec(second_code, "app.handler", name="two", environment={"OWNER": "two"})
    runner.invoke(first, {})
    runner.invoke(first, {})
    assert result_of(runner.invoke(second, {})) == {"state": {"owner": "two", "calls": 1}, "other": None}
    assert result_of(runner.invoke(first, {})) == {"state": {"owner": "one", "calls": 3}, "other": None}


def test_log_lines_of_an_invocation(runner: PoolRunner, code: Path) -> None:
    spec = make_spec(code, "app.logs", name="logfn")
    result = runner.invoke(spec, {}, request_id="req-1")
    lines = result.log_tail.splitlines()
    assert lines[0] == "START RequestId: req-1 Version: $LATEST"
    assert "to stdout" in lines and "to stderr" in lines
    logged = [line for line in lines if line.startswith("[INFO]")]
    assert len(logged) == 1 and logged[0].endswith("\treq-1\tthrough logging")
    assert lines[-2] == "END RequestId: req-1"
    report = lines[-1].split("\t")
    assert report[0] == "REPORT RequestId: req-1"
    assert report[1].startswith("Duration: ") and report[1].endswith(" ms")
    assert report[2].startswith("Billed Duration: ")
    assert report[3] == "Memory Size: 128 MB"
    assert report[4].startswith("Max Memory Used: ") and result.max_memory_used_mb > 0
    assert report[5].startswith("Init Duration: ")
    assert report[6:] == [""]  # AWS ends a successful invocation's REPORT with a tab
    assert result.billed_duration_ms >= 1
    # Every line also reached the listener, under the worker's stream; init output came before START.
    streamed = [line for name, stream, _, line in runner.logs if stream == result.log_stream_name]
    assert streamed.index("init ran") < streamed.index("START RequestId: req-1 Version: $LATEST")
    assert streamed[-1] == lines[-1]


def test_results_with_decimals_are_numbers(runner: PoolRunner, code: Path) -> None:
    assert result_of(runner.invoke(make_spec(code, "app.numbers"), {})) == {"int": 3, "float": 1.5}


def test_empty_payload_is_an_empty_event(runner: PoolRunner, code: Path) -> None:
    assert result_of(runner.invoke(make_spec(code, "app.echo"))) == {}


def test_nested_module_handler_and_layers(runner: PoolRunner, tmp_path: Path) -> None:
    code = write_code(
        tmp_path / "code",
        {
            "pkg/__init__.py": "",
            "pkg/sub/__init__.py": "",
            "pkg/sub/mod.py": "import shared\ndef handler(event, context):\n    return shared.NAME\n",
        },
    )
    layer = write_code(tmp_path / "layer", {"python/shared.py": "NAME = 'from layer'\n"})
    spec = make_spec(code, "pkg.sub.mod.handler", layer_dirs=[layer])
    assert result_of(runner.invoke(spec, {})) == "from layer"


def test_bundled_module_wins_over_the_preloaded_one(runner: PoolRunner, tmp_path: Path) -> None:
    code = write_code(
        tmp_path / "code",
        {
            "boto3/__init__.py": "BUNDLED = True\n",
            "app.py": "import boto3\ndef handler(event, context):\n    return getattr(boto3, 'BUNDLED', False)\n",
        },
    )
    assert result_of(runner.invoke(make_spec(code, "app.handler"), {})) is True


def test_a_function_module_named_like_the_standard_library_does_not_replace_it(runner: PoolRunner, tmp_path: Path) -> None:
    code = write_code(
        tmp_path / "code",
        {"json.py": "BROKEN = True\n", "app.py": "import json\ndef handler(event, context):\n    return json.dumps([1])\n"},
    )
    assert result_of(runner.invoke(make_spec(code, "app.handler"), {})) == "[1]"


def test_large_payloads_round_trip(runner: PoolRunner, code: Path) -> None:
    event = {"blob": "x" * (5 * 1024 * 1024)}
    result = runner.invoke(make_spec(code, "app.echo"), event)
    assert result_of(result) == event


def test_boto3_sessions_in_a_handler_are_its_own(runner: PoolRunner, tmp_path: Path) -> None:
    code = write_code(
        tmp_path / "code",
        {
            "app.py": """
                import os
                import boto3
                def handler(event, context):
                    first, second = boto3.session.Session(), boto3.session.Session()
                    return {
                        "distinct": first._session is not second._session,
                        "own key": first.get_credentials().access_key == os.environ["AWS_ACCESS_KEY_ID"],
                        "region": second.region_name,
                    }
            """
        },
    )
    spec = make_spec(code, "app.handler", environment={"AWS_DEFAULT_REGION": "ignored"})
    assert result_of(runner.invoke(spec, {})) == {"distinct": True, "own key": True, "region": "us-east-1"}


def test_boto3_inside_a_handler_targets_the_emulator(runner: PoolRunner, tmp_path: Path) -> None:
    code = write_code(
        tmp_path / "code",
        {
            "app.py": """
                import boto3
                client = boto3.client("dynamodb")
                def handler(event, context):
                    return {"url": client.meta.endpoint_url, "region": client.meta.region_name}
            """
        },
    )
    spec = make_spec(code, "app.handler", endpoint_url="http://localhost:45999")
    assert result_of(runner.invoke(spec, {})) == {"url": "http://localhost:45999", "region": "us-east-1"}
