"""A function's Code.Location URL serves its zip, as S3's presigned URL does on AWS."""

from __future__ import annotations

import io
import zipfile

import httpx


def test_code_location_downloads_the_deployed_zip(server, lambda_client) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", "def handler(event, context):\n    return 1\n")
    lambda_client.create_function(
        FunctionName="zipped",
        Runtime="python3.12",
        Role="arn:aws:iam::000000000000:role/r",
        Handler="app.handler",
        Code={"ZipFile": buffer.getvalue()},
    )
    location = lambda_client.get_function(FunctionName="zipped")["Code"]["Location"]
    response = httpx.get(location if location.startswith("http") else f"{server.url}{location}")
    assert response.status_code == 200
    assert zipfile.ZipFile(io.BytesIO(response.content)).read("app.py").startswith(b"def handler")
