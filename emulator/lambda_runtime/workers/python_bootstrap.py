"""The Python runtime as a process of its own, speaking the Lambda Runtime API: for functions whose
``AWS_LAMBDA_EXEC_WRAPPER`` script starts the runtime (it execs ``"$@"``: this interpreter and script).

``python python_bootstrap.py '<settings JSON>'``. A forked worker's environment is set by the zygote;
here it is whatever the wrapper handed on, so it is read, not replaced: the handler (``_HANDLER``), the
import path (``PYTHONPATH``), the task root. Handler loading, event decoding, the context, error
documents and logging are the forked worker's own (``python_worker``), only the transport differs.
Imports nothing of the package (run as a script next to the modules it imports).
"""

from __future__ import annotations

import http.client
import json
import os
import sys
from typing import Any, NoReturn, cast

import framing
import python_worker

_PREFIX = "/2018-06-01/runtime"
_ERROR_TYPE_HEADER = "Lambda-Runtime-Function-Error-Type"


class RuntimeApi:
    """The Runtime API client: one kept-alive connection to ``AWS_LAMBDA_RUNTIME_API``."""

    def __init__(self, address: str) -> None:
        host, _, port = address.rpartition(":")
        self._connection = http.client.HTTPConnection(host, int(port))

    def next(self) -> tuple[http.client.HTTPMessage, bytes]:
        self._connection.request("GET", f"{_PREFIX}/invocation/next")
        response = self._connection.getresponse()
        return response.headers, response.read()

    def post(self, path: str, body: bytes, error_type: str | None = None) -> None:
        headers = {"Content-Type": "application/json"}
        if error_type is not None:
            headers[_ERROR_TYPE_HEADER] = error_type
        self._connection.request("POST", f"{_PREFIX}/{path}", body, headers)
        self._connection.getresponse().read()


def _meta(headers: http.client.HTTPMessage) -> dict[str, Any]:
    """The invocation as ``python_worker.Runtime.invoke`` takes it from the server's frames."""
    identity = headers.get("Lambda-Runtime-Cognito-Identity")
    return {
        "arn": headers.get("Lambda-Runtime-Invoked-Function-Arn", ""),
        "deadline": int(headers.get("Lambda-Runtime-Deadline-Ms", "0")),
        "cc": headers.get("Lambda-Runtime-Client-Context"),
        "ci": json.loads(identity) if identity else None,
    }


def serve(api: RuntimeApi, runtime: python_worker.Runtime) -> NoReturn:
    while True:
        headers, payload = api.next()
        request_id = headers.get("Lambda-Runtime-Aws-Request-Id", "")
        # What the forked worker's serve loop sets per invocation: the log records' and the context's ids.
        python_worker._request_id = request_id
        python_worker._tenant_id = headers.get("Lambda-Runtime-Aws-Tenant-Id")
        runtime.set_trace_id(headers.get("Lambda-Runtime-Trace-Id", ""))
        kind, result = runtime.invoke(request_id, _meta(headers), payload)
        sys.stdout.flush()  # the handler's output goes before the invocation's END
        sys.stderr.flush()
        if kind == framing.KIND_RESULT:
            api.post(f"invocation/{request_id}/response", result)
        else:
            api.post(f"invocation/{request_id}/error", result, json.loads(result)["errorType"])


def main() -> NoReturn:
    settings = json.loads(sys.argv[1])
    del sys.argv[1:]  # the handler sees the script alone, as AWS's runtime shows /var/runtime/bootstrap.py
    python_worker.prepare()
    # PYTHONPATH as the wrapper left it is the function's path (the code, then the layers' folders).
    function_path = [entry for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep) if entry]
    sys.path[:] = [entry for entry in sys.path if entry not in function_path]
    python_worker.isolate(
        {
            "environment": dict(os.environ),
            "code_dir": os.environ.get("LAMBDA_TASK_ROOT", os.getcwd()),
            "shown_paths": settings["shown_paths"],
            "path": function_path,
            "host_packages": settings["host_packages"],
        }
    )
    python_worker.configure_logging(settings["runtime"])
    api = RuntimeApi(os.environ["AWS_LAMBDA_RUNTIME_API"])
    try:
        handler = python_worker.load_handler(os.environ.get("_HANDLER", ""))
    except python_worker.Fault as fault:
        _fail_init(api, python_worker.error_document(fault.message, fault.error_type, fault.trace))
    except Exception as error:
        # From load_handler's frame on, as the forked worker's trace starts: this script's frame is not the user's.
        trace = error.__traceback__.tb_next if error.__traceback__ is not None else None
        _fail_init(api, python_worker.exception_document(error.with_traceback(trace)))
    # The channel is the forked worker's transport, unused here: invoke() is all this runtime calls.
    serve(api, python_worker.Runtime(cast(Any, None), handler, settings["runtime"]))


def _fail_init(api: RuntimeApi, document: dict[str, Any]) -> NoReturn:
    python_worker.log_unhandled(document)
    sys.stdout.flush()
    api.post("init/error", json.dumps(document).encode(), document["errorType"])  # answered once the server has it
    os._exit(1)


if __name__ == "__main__":
    main()
