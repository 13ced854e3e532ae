"""Web-framework apps run on Lambda through their adapters (Mangum for FastAPI, apig-wsgi for Flask),
deployed behind each front AWS offers (REST API proxy, HTTP API payload 2.0 and 1.0, function URL),
and the same apps called in-process, for comparing the two answers.

The apps are one source (``APP``): deployed as the function's code, and executed here for the
in-process clients (Starlette's TestClient, Flask's test client).
"""

from __future__ import annotations

import types
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx

from emulator.testing import EmulatorProcess
from emulator.testing.functions import create_python_function

#: The same routes written for FastAPI and for Flask; each answers what it saw as JSON.
APP = """
import hashlib, os

def _values(headers):
    # A header's values however they came: repeated, or joined with "," or ", " (each adapter joins its way).
    return [value.strip() for header in headers for value in header.split(",")]

def _file(name, size, digest):
    return {"filename": name, "size": size, "sha256": digest}

# -- FastAPI behind Mangum ---------------------------------------------------------------------
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from mangum import Mangum

fastapi_app = FastAPI()

def _seen(request, **extra):
    return {"method": request.method, "path": request.url.path, "query": [list(p) for p in request.query_params.multi_items()],
            "multi": _values(request.headers.getlist("x-multi")), **extra}

@fastapi_app.get("/")
def root(request: Request):
    return _seen(request, root=True)

@fastapi_app.get("/items/{item_id}")
def item(item_id: str, request: Request):
    return _seen(request, id=item_id)

@fastapi_app.get("/slash/")
def slash(request: Request):
    return _seen(request, slash=True)

@fastapi_app.get("/caf\\u00e9/{name}")
def unicode_path(name: str, request: Request):
    return _seen(request, name=name)

@fastapi_app.post("/echo")
async def echo(request: Request):
    body = await request.body()
    return _seen(request, type=request.headers.get("content-type"), text=body.decode())

@fastapi_app.post("/form")
async def form(request: Request):
    fields = []
    async with request.form() as data:
        for key, value in data.multi_items():
            if isinstance(value, str):
                fields.append([key, value])
            else:
                content = await value.read()
                fields.append([key, _file(value.filename, len(content), hashlib.sha256(content).hexdigest())])
    return _seen(request, fields=fields)

@fastapi_app.post("/upload")
async def upload(request: Request):
    body = await request.body()
    return _seen(request, size=len(body), sha256=hashlib.sha256(body).hexdigest())

@fastapi_app.get("/download")
def download():
    return Response(bytes(range(256)) * 4, media_type="application/octet-stream")

@fastapi_app.get("/text")
def text():
    return PlainTextResponse("gr\\u00fc\\u00dfe \\u2603")

@fastapi_app.get("/cookies")
def cookies(request: Request):
    response = JSONResponse(_seen(request, cookies=dict(request.cookies)))
    response.set_cookie("session", "abc", httponly=True)
    response.set_cookie("theme", "dark", path="/")
    return response

@fastapi_app.get("/redirect")
def redirect():
    return RedirectResponse("/items/1?from=redirect", status_code=302)

@fastapi_app.get("/multi")
def multi():
    response = PlainTextResponse("many")
    response.headers.append("x-many", "one")
    response.headers.append("x-many", "two")
    return response

@fastapi_app.api_route("/status/{code}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def status(code: int):
    return Response(status_code=code, headers={"location": "/items/new"} if code == 201 else None)

asgi_handler = Mangum(fastapi_app, lifespan="off", api_gateway_base_path=os.environ.get("BASE_PATH", "/"))

# -- Flask behind apig-wsgi --------------------------------------------------------------------
from flask import Flask, jsonify, make_response, redirect as flask_redirect, request as flask_request
from apig_wsgi import make_lambda_handler

flask_app = Flask(__name__)

def _flask_seen(**extra):
    return {"method": flask_request.method, "path": flask_request.path,
            "query": [list(p) for p in flask_request.args.items(multi=True)],
            "multi": _values(flask_request.headers.getlist("x-multi")), **extra}

@flask_app.get("/")
def flask_root():
    return _flask_seen(root=True)

@flask_app.get("/items/<item_id>")
def flask_item(item_id):
    return _flask_seen(id=item_id)

@flask_app.get("/slash/")
def flask_slash():
    return _flask_seen(slash=True)

@flask_app.get("/caf\\u00e9/<name>")
def flask_unicode_path(name):
    return _flask_seen(name=name)

@flask_app.post("/echo")
def flask_echo():
    return _flask_seen(type=flask_request.headers.get("content-type"), text=flask_request.get_data(as_text=True))

@flask_app.post("/form")
def flask_form():
    fields = [[key, value] for key, value in flask_request.form.items(multi=True)]
    for key, stored in flask_request.files.items(multi=True):
        content = stored.read()
        fields.append([key, _file(stored.filename, len(content), hashlib.sha256(content).hexdigest())])
    return _flask_seen(fields=fields)

@flask_app.post("/upload")
def flask_upload():
    body = flask_request.get_data()
    return _flask_seen(size=len(body), sha256=hashlib.sha256(body).hexdigest())

@flask_app.get("/download")
def flask_download():
    return flask_app.response_class(bytes(range(256)) * 4, mimetype="application/octet-stream")

@flask_app.get("/text")
def flask_text():
    return flask_app.response_class("gr\\u00fc\\u00dfe \\u2603", mimetype="text/plain")

@flask_app.get("/cookies")
def flask_cookies():
    response = make_response(jsonify(_flask_seen(cookies=dict(flask_request.cookies))))
    response.set_cookie("session", "abc", httponly=True)
    response.set_cookie("theme", "dark", path="/")
    return response

@flask_app.get("/redirect")
def flask_redirect_route():
    return flask_redirect("/items/1?from=redirect", code=302)

@flask_app.get("/multi")
def flask_multi():
    response = flask_app.response_class("many", mimetype="text/plain")
    response.headers.add("x-many", "one")
    response.headers.add("x-many", "two")
    return response

@flask_app.route("/status/<int:code>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def flask_status(code):
    return "", code, {"location": "/items/new"} if code == 201 else {}

wsgi_handler = make_lambda_handler(flask_app, binary_support=True)

handler = asgi_handler if os.environ.get("FRAMEWORK", "asgi") == "asgi" else wsgi_handler
"""

FRAMEWORKS = ("fastapi", "flask")
PAYLOAD_2 = ("http-v2", "url")
#: What the REST API treats as binary: request bodies of these types reach the function as base64,
#: and base64 response bodies are decoded for requests accepting them.
BINARY_MEDIA_TYPES = ["application/octet-stream", "multipart/form-data", "image/png"]
#: The response headers a framework sets and a front must pass on unchanged.
COMPARED_HEADERS = ("content-type", "location", "set-cookie", "x-many", "allow")
STAGE = "prod"


def app_module() -> types.ModuleType:
    """``APP`` as a module of this process, for the in-process clients."""
    module = types.ModuleType("framework_app")
    exec(compile(APP, "framework_app.py", "exec"), module.__dict__)
    return module


@dataclass(frozen=True)
class Answer:
    """A response reduced to what the comparison looks at."""

    status: int
    headers: dict[str, list[str]]
    body: bytes

    def json(self) -> Any:
        import json

        return json.loads(self.body)


def answer(status: int, header_pairs: list[tuple[str, str]], body: bytes) -> Answer:
    headers: dict[str, list[str]] = {}
    for name, value in header_pairs:
        name = name.lower()
        if name in COMPARED_HEADERS:
            if name == "location":
                value = _origin_free(value)
            elif name == "x-many":  # payload 2.0 has no multiValueHeaders: the values arrive comma-joined
                headers.setdefault(name, []).extend(value.split(","))
                continue
            elif name == "allow":  # Flask lists its methods from a set: their order varies by process
                value = ", ".join(sorted(value.split(", ")))
            headers.setdefault(name, []).append(value)
    return Answer(status, headers, body)


def _origin_free(location: str) -> str:
    """A Location without scheme and host: frameworks write the request's host, which differs by design."""
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class InProcess:
    """The apps called directly, the way each framework's own test client calls them."""

    def __init__(self) -> None:
        from fastapi.testclient import TestClient

        module = app_module()
        self.clients = {
            "fastapi": TestClient(module.fastapi_app, follow_redirects=False),
            "flask": module.flask_app.test_client(use_cookies=False),
        }

    def call(self, framework: str, method: str, path: str, **options: Any) -> Answer:
        client = self.clients[framework]
        if framework == "fastapi":
            headers = _header_list(options)
            client.cookies.clear()  # each call stands alone, as each call to a front does
            response = client.request(method, path, headers=headers, **options)
            return answer(response.status_code, response.headers.multi_items(), response.content)
        return self._flask(client, method, path, **options)

    @staticmethod
    def _flask(client: Any, method: str, path: str, **options: Any) -> Answer:
        headers = _header_list(options)
        # The same request bytes as httpx sends: built by httpx, handed to Flask's client.
        request = httpx.Request(method, f"http://localhost{path}", headers=headers, **options)
        body = request.read()
        response = client.open(
            request.url.raw_path.decode(),
            method=method,
            headers=[
                (k, v)
                for k, v in request.headers.multi_items()
                if k not in ("host", "content-length", "transfer-encoding")
            ],
            data=body,
        )
        return answer(response.status_code, list(response.headers.items()), response.get_data())


@dataclass
class Deployment:
    """One framework's function behind every front: where to send a request for each."""

    server: EmulatorProcess
    framework: str
    #: Front name -> the Host to call it with (fronts named ``http...`` are HTTP APIs).
    hosts: dict[str, str]
    prefixes: dict[str, str]

    def call(self, front: str, method: str, path: str, **options: Any) -> Answer:
        headers = [("Host", f"{self.hosts[front]}:{self.server.port}"), *_header_list(options)]
        url = f"http://127.0.0.1:{self.server.port}{self.prefixes[front]}{path}"
        _CLIENT.cookies.clear()  # each call stands alone
        response = _CLIENT.request(method, url, headers=headers, **options)
        # A framework writes the request's host into a redirect's page: the in-process one's is "localhost".
        body = response.content.replace(
            f"http://{self.hosts[front]}:{self.server.port}".encode(), b"http://localhost"
        )
        return answer(response.status_code, response.headers.multi_items(), body)


def _header_list(options: dict[str, Any]) -> list[tuple[str, str]]:
    """``headers`` (a dict or pairs) and ``cookies`` of a call's options, as header pairs."""
    given = options.pop("headers", None) or []
    headers = list(given.items() if isinstance(given, dict) else given)
    cookies = options.pop("cookies", None)
    if cookies:
        headers.append(("cookie", "; ".join(f"{name}={value}" for name, value in cookies.items())))
    return headers


_CLIENT = httpx.Client(timeout=30, follow_redirects=False)


def _lambda_uri(function_arn: str) -> str:
    return f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{function_arn}/invocations"


def deploy_all(server: EmulatorProcess) -> list[Deployment]:
    """Both apps behind every front, on an emulator emptied first (a module's deployments: the
    functions import this environment's FastAPI/Flask, as a deployment package would bundle them)."""
    server.reset()
    return [deploy(server, framework) for framework in FRAMEWORKS]


def app_function(server: EmulatorProcess, name: str, framework: str, base_path: str = "/") -> str:
    """The app's function, answering with ``framework``'s app (Mangum told the ``base_path``); its ARN."""
    environment = {
        "Variables": {"FRAMEWORK": "asgi" if framework == "fastapi" else "wsgi", "BASE_PATH": base_path}
    }
    return create_python_function(
        server.client("lambda"), name, APP, Timeout=30, MemorySize=512, Environment=environment
    )["FunctionArn"]


def deploy(server: EmulatorProcess, framework: str) -> Deployment:
    """The app's function (``framework``'s handler), behind a REST API (``/`` and ``/{proxy+}``, stage
    ``prod``), an HTTP API per payload format (``$default`` route and stage) and a function URL."""
    name = f"{framework}-app"
    arn = app_function(server, name, framework)
    hosts = {"rest": f"{rest_api(server, arn)}.execute-api.localhost"}
    prefixes = {"rest": f"/{STAGE}", "http-v2": "", "http-v1": "", "url": ""}
    for front, version in (("http-v2", "2.0"), ("http-v1", "1.0")):
        hosts[front] = f"{http_api(server, arn, version)}.execute-api.localhost"
    hosts["url"] = function_url(server, name)
    return Deployment(server, framework, hosts, prefixes)


def function_url(server: EmulatorProcess, name: str) -> str:
    """A public (``NONE``) URL for the function; its host."""
    lambda_client = server.client("lambda")
    url = lambda_client.create_function_url_config(FunctionName=name, AuthType="NONE")["FunctionUrl"]
    lambda_client.add_permission(
        FunctionName=name,
        StatementId="url",
        Action="lambda:InvokeFunctionUrl",
        Principal="*",
        FunctionUrlAuthType="NONE",
    )
    return urlsplit(url).hostname or ""


def rest_api(server: EmulatorProcess, function_arn: str) -> str:
    client = server.client("apigateway")
    created = client.create_rest_api(name="app", binaryMediaTypes=BINARY_MEDIA_TYPES)
    api_id, root = created["id"], created["rootResourceId"]
    proxy = client.create_resource(restApiId=api_id, parentId=root, pathPart="{proxy+}")["id"]
    for resource in (root, proxy):
        client.put_method(restApiId=api_id, resourceId=resource, httpMethod="ANY", authorizationType="NONE")
        client.put_integration(
            restApiId=api_id,
            resourceId=resource,
            httpMethod="ANY",
            type="AWS_PROXY",
            integrationHttpMethod="POST",
            uri=_lambda_uri(function_arn),
        )
    client.create_deployment(restApiId=api_id, stageName=STAGE)
    return api_id


def http_api(
    server: EmulatorProcess, function_arn: str, payload_version: str, stage: str = "$default"
) -> str:
    client = server.client("apigatewayv2")
    api_id = client.create_api(Name=f"app-{payload_version}", ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(
        ApiId=api_id,
        IntegrationType="AWS_PROXY",
        IntegrationUri=function_arn,
        PayloadFormatVersion=payload_version,
    )["IntegrationId"]
    client.create_route(ApiId=api_id, RouteKey="$default", Target=f"integrations/{integration}")
    client.create_stage(ApiId=api_id, StageName=stage, AutoDeploy=True)
    return api_id


def http_api_path(path: str) -> str:
    """The path an HTTP API hands its function: percent-decoded (``a%2Fb`` is ``a/b``), as AWS does."""
    route, mark, query = path.partition("?")
    return unquote(route) + mark + query


def same(
    deployments: list[Deployment], in_process: InProcess, method: str, path: str, **options: Any
) -> None:
    """Each front answers every app's request as the app answers it in-process.

    Where AWS itself changes the request the expectation follows AWS: an HTTP API decodes the path
    before the app sees it, and fronts give a response without a content type one of their own.
    """
    for deployment in deployments:
        framework = deployment.framework
        direct = in_process.call(framework, method, path, **_copied(options))
        decoded = http_api_path(path)
        for front in deployment.hosts:
            http_api = front.startswith("http")
            if http_api and framework == "flask" and not decoded.isascii():
                # apig-wsgi reads the decoded path as latin-1 (WSGI's PATH_INFO): on AWS too the app fails.
                continue
            expected = in_process.call(framework, method, decoded, **_copied(options)) if http_api else direct
            if framework == "flask" and front in PAYLOAD_2 and "x-many" in expected.headers:
                # apig-wsgi writes payload 2.0's headers into a dict: a repeated header keeps its last value.
                expected = replace(
                    expected, headers={**expected.headers, "x-many": expected.headers["x-many"][-1:]}
                )
            got = deployment.call(front, method, path, **_copied(options))
            headers = got.headers
            if "content-type" not in expected.headers:
                headers = {name: values for name, values in headers.items() if name != "content-type"}
            where = f"{framework} via {front}: {method} {path}"
            assert (got.status, headers) == (expected.status, expected.headers), (
                f"{where}: {got} != {expected}"
            )
            assert got.body == expected.body, f"{where}: {got.body[:300]!r} != {expected.body[:300]!r}"


def _copied(options: dict[str, Any]) -> dict[str, Any]:
    return {key: dict(value) if isinstance(value, dict) else value for key, value in options.items()}
