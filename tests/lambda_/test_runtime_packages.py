"""A Python function imports what AWS's Python runtime carries (the AWS SDK and the standard
library) besides its own code and layers; a package that merely sits beside the emulator fails to
import, as on AWS, unless the emulator runs with --lambda-host-packages. Code run unbuilt from a
local folder (templates' CodeUri, hot reload) uses the environment's packages, as its requirements."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lambda_helpers import make_zip

from emulator.testing import EmulatorProcess
from emulator.testing.functions import create_python_function

USES_YAML = "import yaml\n\ndef handler(event, context):\n    return yaml.safe_load('a: 1')\n"
USES_ORJSON = "def handler(event, context):\n    import orjson\n    return 'imported'\n"
USES_SDK = (
    "import boto3, botocore, dateutil, jmespath, s3transfer, urllib3\n\n"
    "def handler(event, context):\n    return boto3.__version__ == botocore.__version__ or 'sdk'\n"
)


def invoke(lambda_client: Any, name: str) -> tuple[dict[str, Any], Any]:
    answer = lambda_client.invoke(FunctionName=name, Payload=b"{}")
    return answer, json.loads(answer["Payload"].read())


def test_only_the_runtimes_packages_are_importable(create_function: Any, lambda_client: Any) -> None:
    create_function("yaml-user", USES_YAML)
    answer, body = invoke(lambda_client, "yaml-user")
    assert answer["FunctionError"] == "Unhandled"
    assert (body["errorType"], body["errorMessage"]) == (
        "Runtime.ImportModuleError",
        "Unable to import module 'app': No module named 'yaml'",
    )
    create_function("orjson-user", USES_ORJSON)  # the emulator's runtime loaded it for itself: still hidden
    answer, body = invoke(lambda_client, "orjson-user")
    assert (body["errorType"], body["errorMessage"]) == ("ModuleNotFoundError", "No module named 'orjson'")
    create_function("sdk-user", USES_SDK)
    answer, body = invoke(lambda_client, "sdk-user")
    assert "FunctionError" not in answer


def test_a_function_brings_its_own_packages(lambda_client: Any) -> None:
    code = make_zip({"app.py": USES_YAML, "yaml/__init__.py": "def safe_load(text):\n    return {'own': text}\n"})
    lambda_client.create_function(
        FunctionName="bundled", Runtime="python3.12", Role="arn:aws:iam::000000000000:role/r",
        Handler="app.handler", Code={"ZipFile": code},
    )  # fmt: skip
    assert invoke(lambda_client, "bundled")[1] == {"own": "a: 1"}


def test_host_packages_on_request() -> None:
    with EmulatorProcess("--lambda-host-packages") as emulator:
        lambda_client = emulator.client("lambda")
        create_python_function(lambda_client, "yaml-user", USES_YAML)
        assert invoke(lambda_client, "yaml-user")[1] == {"a": 1}


def test_code_run_from_a_local_folder_uses_the_environments_packages(lambda_client: Any, tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(USES_YAML)
    lambda_client.create_function(
        FunctionName="unbuilt", Runtime="python3.12", Role="arn:aws:iam::000000000000:role/r",
        Handler="app.handler", Code={"S3Bucket": "hot-reload", "S3Key": str(tmp_path)},
    )  # fmt: skip
    assert invoke(lambda_client, "unbuilt")[1] == {"a": 1}
