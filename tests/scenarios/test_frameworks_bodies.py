"""FastAPI (Mangum) and Flask (apig-wsgi) behind every front receive request bodies and send response
bodies as they do in-process: JSON and text in UTF-8, urlencoded and multipart forms, binary uploads
and downloads (base64 through the events, the REST API's binaryMediaTypes deciding there).
"""

from __future__ import annotations

import pytest
from frameworks import Deployment, InProcess, same

#: Every byte value: a body no text decoding survives.
BINARY = bytes(range(256)) * 4


def test_json_and_text_bodies_in_utf8(deployments: list[Deployment], in_process: InProcess) -> None:
    same(deployments, in_process, "POST", "/echo", json={"name": "naïve ☃", "n": [1, 2.5, None]})
    same(
        deployments,
        in_process,
        "POST",
        "/echo",
        content="grüße ☃ 𝄞".encode(),
        headers={"content-type": "text/plain; charset=utf-8"},
    )
    same(deployments, in_process, "GET", "/text")


def test_urlencoded_forms(deployments: list[Deployment], in_process: InProcess) -> None:
    same(deployments, in_process, "POST", "/form", data={"a": "1 2", "b": ["x", "y"], "c": "é&=+"})


def test_multipart_forms_with_files(deployments: list[Deployment], in_process: InProcess) -> None:
    files = {
        "upload": ("pic.png", BINARY, "image/png"),
        "notes": ("notes.txt", "ünïcode".encode(), "text/plain"),
    }
    same(deployments, in_process, "POST", "/form", data={"field": "välue"}, files=files)


@pytest.mark.parametrize("content_type", ["application/octet-stream", "image/png"])
def test_binary_uploads(deployments: list[Deployment], in_process: InProcess, content_type: str) -> None:
    same(deployments, in_process, "POST", "/upload", content=BINARY, headers={"content-type": content_type})


def test_binary_downloads(deployments: list[Deployment], in_process: InProcess) -> None:
    # The REST API decodes a base64 body for a request accepting one of its binaryMediaTypes.
    same(deployments, in_process, "GET", "/download", headers={"accept": "application/octet-stream"})
