"""The environment a handler sees, against LocalStack's AWS-validated recordings of it."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from lambda_helpers import ROLE, make_zip

ENVIRONMENT = "import os\n\ndef handler(event, context):\n    return dict(os.environ)\n"
NODE_ENVIRONMENT = "exports.handler = async () => ({...process.env});\n"


def environment_of(lambda_client: Any, name: str) -> dict[str, str]:
    answer = lambda_client.invoke(FunctionName=name)
    assert "FunctionError" not in answer
    return json.loads(answer["Payload"].read())


def test_python_sees_the_library_path_and_the_coerced_locale(
    create_function: Callable[..., dict[str, Any]], lambda_client: Any
) -> None:
    # LocalStack's AWS-validated snapshot test_lambda.snapshot.json::TestLambdaBehavior::test_lambda_init_environment
    # (python3.14, recorded 2026-02-18): LD_LIBRARY_PATH is
    # /var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib, LC_CTYPE C.UTF-8.
    create_function("py-env", ENVIRONMENT, Runtime="python3.14")
    environment = environment_of(lambda_client, "py-env")
    assert environment["LC_CTYPE"] == "C.UTF-8"
    library_path = environment["LD_LIBRARY_PATH"].split(":")
    task_root = environment["LAMBDA_TASK_ROOT"]
    # The system's folders first, then the runtime's, then the function's code and its lib/ (AWS's /var/task...).
    assert library_path[:2] == ["/lib64", "/usr/lib64"]
    assert library_path[2:4] == [environment["LAMBDA_RUNTIME_DIR"], environment["LAMBDA_RUNTIME_DIR"] + "/lib"]
    assert library_path[4:] == [task_root, task_root + "/lib"]


def test_layers_libraries_follow_the_code_s(lambda_client: Any) -> None:
    # test_lambda_common.snapshot.json::test_introspection_invoke (every runtime): /opt/lib closes LD_LIBRARY_PATH.
    layer = lambda_client.publish_layer_version(LayerName="libs", Content={"ZipFile": make_zip({"lib/README": "x"})})
    lambda_client.create_function(
        FunctionName="py-layer-env",
        Runtime="python3.12",
        Role=ROLE,
        Handler="app.handler",
        Code={"ZipFile": make_zip({"app.py": ENVIRONMENT})},
        Layers=[layer["LayerVersionArn"]],
    )
    environment = environment_of(lambda_client, "py-layer-env")
    library_path = environment["LD_LIBRARY_PATH"].split(":")
    task_root = environment["LAMBDA_TASK_ROOT"]
    assert library_path[-3:-1] == [task_root, task_root + "/lib"]
    assert library_path[-1].endswith("/lib") and library_path[-1] != task_root + "/lib"


def test_amazon_linux_2_pythons_do_not_coerce_the_locale(
    create_function: Callable[..., dict[str, Any]], lambda_client: Any
) -> None:
    # test_lambda_common.snapshot.json::test_introspection_invoke[python3.10] and [python3.11] (recorded 2023-11-20): no
    # LC_CTYPE, where [python3.12] (Amazon Linux 2023) shows LC_CTYPE C.UTF-8.
    for runtime in ("python3.11", "python3.12"):
        name = "coerce-" + runtime.replace(".", "-")
        create_function(name, ENVIRONMENT, Runtime=runtime)
        assert ("LC_CTYPE" in environment_of(lambda_client, name)) is (runtime == "python3.12")


def test_node_sees_the_library_path_and_no_coerced_locale(lambda_client: Any) -> None:
    # test_lambda_common.snapshot.json::test_introspection_invoke[nodejs*]: LD_LIBRARY_PATH as for Python, and no
    # LC_CTYPE (only Python's interpreter coerces the C locale).
    lambda_client.create_function(
        FunctionName="node-env",
        Runtime="nodejs20.x",
        Role=ROLE,
        Handler="index.handler",
        Code={"ZipFile": make_zip({"index.js": NODE_ENVIRONMENT})},
    )
    environment = environment_of(lambda_client, "node-env")
    assert "LC_CTYPE" not in environment
    task_root = environment["LAMBDA_TASK_ROOT"]
    assert environment["LD_LIBRARY_PATH"].split(":")[-2:] == [task_root, task_root + "/lib"]


SLEEPING_ENVIRONMENT = """
import os
import time

def handler(event, context):
    time.sleep(event.get("sleep", 0))
    return {name: os.environ[name] for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                                                "AWS_LAMBDA_LOG_STREAM_NAME")}
"""


def test_each_environment_has_credentials_of_its_own(create_function: Callable[..., dict[str, Any]], lambda_client: Any) -> None:
    # test_lambda.snapshot.json::TestLambdaBaseFeatures::test_lambda_different_iam_keys_environment (recorded
    # 2025-11-24): two environments running at once have different access keys, secrets and session tokens.
    create_function("keys", SLEEPING_ENVIRONMENT, Timeout=30)

    def invoke(sleep: float) -> dict[str, str]:
        answer = lambda_client.invoke(FunctionName="keys", Payload=json.dumps({"sleep": sleep}))
        return json.loads(answer["Payload"].read())

    with ThreadPoolExecutor(2) as executor:
        first, second = executor.map(invoke, [1, 1])
    assert first["AWS_LAMBDA_LOG_STREAM_NAME"] != second["AWS_LAMBDA_LOG_STREAM_NAME"]
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        assert first[name] != second[name]
    # Temporary credentials' form: an ASIA key id of 20 characters.
    assert re.fullmatch(r"ASIA[A-Z2-7]{16}", first["AWS_ACCESS_KEY_ID"])
    # A warm environment keeps its own.
    again = invoke(0)
    assert again in (first, second)
