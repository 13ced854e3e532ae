"""Runtimes beyond Python, end to end through boto3: Node.js handlers and a shell-script custom runtime."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from lambda_helpers import ROLE

NODE_HANDLER = """
exports.handler = async (event, context) => ({ doubled: event.n * 2, name: context.functionName });
"""

#: A custom runtime: a bash bootstrap speaking the Lambda Runtime API (python3 does the HTTP).
BOOTSTRAP = """#!/bin/bash
set -euo pipefail
while true; do
  HEADERS=$(mktemp)
  EVENT=$(python3 -c "
import os, sys, urllib.request
r = urllib.request.urlopen('http://' + os.environ['AWS_LAMBDA_RUNTIME_API'] + '/2018-06-01/runtime/invocation/next')
open('$HEADERS', 'w').write(r.headers['Lambda-Runtime-Aws-Request-Id'])
sys.stdout.write(r.read().decode())
")
  REQUEST_ID=$(cat "$HEADERS")
  python3 -c "
import os, sys, urllib.request
body = ('{\\"echo\\": ' + sys.argv[1] + '}').encode()
urllib.request.urlopen(urllib.request.Request('http://' + os.environ['AWS_LAMBDA_RUNTIME_API'] + '/2018-06-01/runtime/invocation/$REQUEST_ID/response', data=body, method='POST'))
" "$EVENT"
done
"""


def zip_with_executable(files: dict[str, str], executable: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(name)
            if name == executable:
                info.external_attr = 0o755 << 16
            archive.writestr(info, text)
    return buffer.getvalue()


def test_nodejs_handler(lambda_client: Any) -> None:
    lambda_client.create_function(
        FunctionName="node-fn",
        Runtime="nodejs20.x",
        Role=ROLE,
        Handler="index.handler",
        Code={"ZipFile": zip_with_executable({"index.js": NODE_HANDLER}, "")},
    )
    answer = lambda_client.invoke(FunctionName="node-fn", Payload=json.dumps({"n": 21}))
    assert json.loads(answer["Payload"].read()) == {"doubled": 42, "name": "node-fn"}


def test_custom_runtime_bootstrap(lambda_client: Any) -> None:
    lambda_client.create_function(
        FunctionName="custom",
        Runtime="provided.al2023",
        Role=ROLE,
        Handler="unused",
        Code={"ZipFile": zip_with_executable({"bootstrap": BOOTSTRAP}, "bootstrap")},
    )
    for n in (1, 2):
        answer = lambda_client.invoke(FunctionName="custom", Payload=json.dumps({"n": n}))
        assert json.loads(answer["Payload"].read()) == {"echo": {"n": n}}
