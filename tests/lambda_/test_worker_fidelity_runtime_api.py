"""AWS_LAMBDA_RUNTIME_API in every runtime's environment, as AWS always sets it (the Runtime API's address).

A Node.js, custom or wrapped Python runtime polls the emulator's Runtime API at the address it is given; a forked
Python worker takes its invocations over its private channel, so no Runtime API serves it: it gets AWS's form,
port 9001 on the local host, for the code and libraries that read the variable.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any

import pytest

from emulator.testing.functions import ROLE, make_zip

PYTHON = """import os

AT_INIT = os.environ["AWS_LAMBDA_RUNTIME_API"]


def handler(event, context):
    return {"init": AT_INIT, "invoke": os.environ["AWS_LAMBDA_RUNTIME_API"]}
"""
NODE = """const AT_INIT = process.env.AWS_LAMBDA_RUNTIME_API;

exports.handler = async () => ({ init: AT_INIT, invoke: process.env.AWS_LAMBDA_RUNTIME_API });
"""
SERVED = re.compile(r"127\.0\.0\.1:(\d+)")


def invoke(lambda_client: Any, name: str) -> dict[str, str]:
    answer = lambda_client.invoke(FunctionName=name, Payload=b"{}")
    assert "FunctionError" not in answer
    return json.loads(answer["Payload"].read())


@pytest.mark.parametrize("runtime", ["python3.9", "python3.12", "python3.14"])
def test_a_forked_python_function_reads_aws_s_runtime_api_address(lambda_client: Any, runtime: str) -> None:
    name = "runtime-api-" + runtime.replace(".", "-")
    lambda_client.create_function(
        FunctionName=name, Runtime=runtime, Role=ROLE, Handler="app.handler", Code={"ZipFile": make_zip({"app.py": PYTHON})}
    )
    assert invoke(lambda_client, name) == {"init": "127.0.0.1:9001", "invoke": "127.0.0.1:9001"}


@pytest.mark.parametrize("runtime", ["nodejs20.x", "nodejs24.x"])
def test_a_node_function_reads_the_address_of_the_runtime_api_serving_it(lambda_client: Any, runtime: str) -> None:
    name = "runtime-api-" + runtime.removesuffix(".x")
    lambda_client.create_function(
        FunctionName=name, Runtime=runtime, Role=ROLE, Handler="index.handler", Code={"ZipFile": make_zip({"index.js": NODE})}
    )
    seen = invoke(lambda_client, name)
    assert seen["init"] == seen["invoke"]
    served = SERVED.fullmatch(seen["invoke"])
    assert served is not None and served[1] != "9001"  # a port of its own, where its runtime polls


def test_a_python_function_behind_an_exec_wrapper_reads_the_address_it_is_served_at(lambda_client: Any) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", PYTHON)
        wrapper = zipfile.ZipInfo("wrapper")
        wrapper.external_attr = 0o100755 << 16
        archive.writestr(wrapper, '#!/bin/bash\nexec "$@"\n')
    lambda_client.create_function(
        FunctionName="runtime-api-wrapped",
        Runtime="python3.12",
        Role=ROLE,
        Handler="app.handler",
        Code={"ZipFile": buffer.getvalue()},
        Environment={"Variables": {"AWS_LAMBDA_EXEC_WRAPPER": "/var/task/wrapper"}},
    )
    seen = invoke(lambda_client, "runtime-api-wrapped")
    served = SERVED.fullmatch(seen["invoke"])
    assert seen["init"] == seen["invoke"] and served is not None and served[1] != "9001"


def test_a_function_cannot_set_the_variable_itself(lambda_client: Any) -> None:
    with pytest.raises(lambda_client.exceptions.InvalidParameterValueException) as refused:
        lambda_client.create_function(
            FunctionName="runtime-api-own",
            Runtime="python3.12",
            Role=ROLE,
            Handler="app.handler",
            Code={"ZipFile": make_zip({"app.py": PYTHON})},
            Environment={"Variables": {"AWS_LAMBDA_RUNTIME_API": "10.0.0.1:80"}},
        )
    assert "AWS_LAMBDA_RUNTIME_API" in refused.value.response["Error"]["Message"]
