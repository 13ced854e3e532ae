"""The environment a worker sees: its function's variables plus Lambda's own, nothing else."""

from __future__ import annotations

import base64
import os
import secrets
import sys
import sysconfig
from pathlib import Path

from ..node_sdk import modules_dir as node_sdk_modules
from .spec import FunctionSpec

#: AWS sets these for every function; a function's own variables cannot override them.
_RESERVED = frozenset(
    {
        "_HANDLER",
        "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
        "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_LAMBDA_RUNTIME_API",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "LAMBDA_TASK_ROOT",
        "LAMBDA_RUNTIME_DIR",
    }
)
_RUNTIME_DIR = str(Path(__file__).parent)
_XRAY_DAEMON_HOST, _XRAY_DAEMON_PORT = "127.0.0.1", "2000"
#: AWS_LAMBDA_RUNTIME_API of a forked Python worker. Its invocations come over its private channel: a Runtime
#: API started for it would have none to hand out, so none can truthfully serve it. AWS's form (port 9001 on a
#: local address) where nothing of the emulator listens, as with the X-Ray daemon's address: code that reads the
#: variable finds it; a call to it is refused (unless another program on the machine holds that port).
UNSERVED_RUNTIME_API = "127.0.0.1:9001"
_STANDARD_LIBRARY = sysconfig.get_paths()["stdlib"]
_SITE_PACKAGES = sysconfig.get_paths()["purelib"]
#: The interpreter's folder first, as /var/lang/bin is on AWS.
_SYSTEM_PATH = f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin/:/bin:/opt/bin"


def python_path(spec: FunctionSpec) -> list[str]:
    """Import path entries of the function, in AWS's order: the code, then layers as /opt/python would be."""
    entries = [str(spec.code_dir)]
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for layer in spec.layer_dirs:
        entries += [str(layer / "python" / "lib" / version / "site-packages"), str(layer / "python")]
    return entries


def _coerces_locale(runtime: str) -> bool:
    """python3.12 and later run on Amazon Linux 2023, whose image lacks LANG's en_US.UTF-8 locale: their
    interpreter coerces the C locale and shows LC_CTYPE=C.UTF-8 (PEP 538); the Amazon Linux 2 ones do not."""
    major, _, minor = runtime.removeprefix("python").partition(".")
    return major == "3" and minor.isdigit() and int(minor) >= 12


def session_credentials() -> dict[str, str]:
    """An execution environment's own temporary credentials, as AWS gives each one of the function's role (its
    access keys differ from any other environment's); the emulator accepts any key, so they only need the form."""
    key_id = "ASIA" + "".join(secrets.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))
    return {
        "AWS_ACCESS_KEY_ID": key_id,
        "AWS_SECRET_ACCESS_KEY": base64.b64encode(secrets.token_bytes(30)).decode(),
        "AWS_SESSION_TOKEN": base64.b64encode(secrets.token_bytes(288)).decode(),
    }


def library_path(spec: FunctionSpec) -> list[str]:
    """LD_LIBRARY_PATH in AWS's order (/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:
    /var/task/lib:/opt/lib) on the emulator's folders: a function's own shared libraries load from its code's
    root and lib/, then its layers' lib/."""
    # The runtime's own interpreter folder (AWS's /var/lang/lib) is left out: the host's may hold libraries that
    # a Node.js or custom runtime's executable must not pick up in place of the system's.
    system = ["/lib64", "/usr/lib64", _RUNTIME_DIR, f"{_RUNTIME_DIR}/lib"]
    return [*system, str(spec.code_dir), str(spec.code_dir / "lib"), *(str(layer / "lib") for layer in spec.layer_dirs)]


def paths_as_on_aws(spec: FunctionSpec) -> list[tuple[str, str]]:
    """(local folder, AWS's) prefixes, both ending in "/": the code shows as /var/task, layers as /opt, and
    for Python the interpreter's library as the runtime's /var/lang/lib/pythonX.Y (site-packages first)."""
    paths = [(f"{spec.code_dir}/", "/var/task/"), *((f"{layer}/", "/opt/") for layer in spec.layer_dirs)]
    if spec.is_python:
        library = f"/var/lang/lib/{spec.runtime}/"
        paths += [(f"{_SITE_PACKAGES}/", f"{library}site-packages/"), (f"{_STANDARD_LIBRARY}/", library)]
    return paths


def build_environment(spec: FunctionSpec, log_stream_name: str, runtime_api: str) -> dict[str, str]:
    """The worker's variables; ``runtime_api`` is the Runtime API's address (``UNSERVED_RUNTIME_API`` if none serves it)."""
    user = {name: value for name, value in spec.environment.items() if name not in _RESERVED}
    environment = {
        "PATH": os.pathsep.join(filter(None, [*(str(layer / "bin") for layer in spec.layer_dirs), _SYSTEM_PATH])),
        "LANG": "en_US.UTF-8",
        "TZ": ":UTC",
        "LD_LIBRARY_PATH": os.pathsep.join(library_path(spec)),
        "AWS_ENDPOINT_URL": spec.endpoint_url,
        # X-Ray's settings, as AWS sets them (a function may override them); the daemon's address is
        # this machine's, where nothing listens, so a tracing SDK's segments never leave it.
        "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
        "AWS_XRAY_DAEMON_ADDRESS": f"{_XRAY_DAEMON_HOST}:{_XRAY_DAEMON_PORT}",
        "_AWS_XRAY_DAEMON_ADDRESS": _XRAY_DAEMON_HOST,
        "_AWS_XRAY_DAEMON_PORT": _XRAY_DAEMON_PORT,
        **user,
        "_HANDLER": spec.handler,
        "AWS_EXECUTION_ENV": f"AWS_Lambda_{spec.runtime}",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(spec.memory_mb),
        "AWS_LAMBDA_FUNCTION_NAME": spec.name,
        "AWS_LAMBDA_FUNCTION_VERSION": spec.version,
        "AWS_LAMBDA_INITIALIZATION_TYPE": "provisioned-concurrency" if spec.provisioned else "on-demand",
        "AWS_LAMBDA_LOG_GROUP_NAME": spec.log_group_name,
        "AWS_LAMBDA_LOG_STREAM_NAME": log_stream_name,
        "AWS_LAMBDA_RUNTIME_API": runtime_api,
        "AWS_REGION": spec.region,
        "AWS_DEFAULT_REGION": spec.region,
        **session_credentials(),
        "LAMBDA_TASK_ROOT": str(spec.code_dir),
        "LAMBDA_RUNTIME_DIR": _RUNTIME_DIR,
        "PWD": str(spec.code_dir),  # the working directory, as the runtime's process starts in /var/task
        "SHLVL": "0",
    }
    if spec.is_python:
        environment["PYTHONPATH"] = os.pathsep.join(python_path(spec))
        if _coerces_locale(spec.runtime):
            environment["LC_CTYPE"] = "C.UTF-8"
    if spec.runtime.startswith("nodejs"):
        environment.setdefault("NODE_PATH", os.pathsep.join(node_path(spec)))
    return environment


def node_path(spec: FunctionSpec) -> list[str]:
    """AWS's NODE_PATH on the emulator's folders: /opt/nodejs/node<major>/node_modules, /opt/nodejs/node_modules,
    /var/runtime/node_modules, /var/runtime, /var/task (each layer's folder where /opt's would be).

    Layers are extracted into /opt in order, a later one overwriting an earlier one's files: here the later comes first.
    """
    major = spec.runtime.removeprefix("nodejs").partition(".")[0]
    layers = spec.layer_dirs[::-1]
    return [
        *(str(layer / "nodejs" / f"node{major}" / "node_modules") for layer in layers),
        *(str(layer / "nodejs" / "node_modules") for layer in layers),
        str(node_sdk_modules()),  # the AWS SDK, installed by ``emulator setup node-sdk``
        _RUNTIME_DIR,
        str(spec.code_dir),
    ]
