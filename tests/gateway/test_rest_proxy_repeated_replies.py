"""A REST API's Lambda proxy replies that repeat: the same headers reply after reply (the usual
function) reach the client the same each time, with each request's own gateway headers, and a
header value that merely equals an earlier one (``1`` after ``true``) is judged on its own."""

from __future__ import annotations

import httpx
from test_http_support import create_function
from test_proxy_results import ANSWERS_AS_ASKED, ask, rest_api

from emulator.testing import EmulatorProcess


def _api(server: EmulatorProcess) -> tuple[str, str]:
    return rest_api(server, create_function(server, "answers", ANSWERS_AS_ASKED)), "/prod"


def test_the_same_headers_twice_reach_the_client_the_same(server: EmulatorProcess) -> None:
    api = _api(server)
    reply = {"statusCode": 201, "headers": {"x-kind": "cat", "Content-Length": "99", "date": "then"}, "body": "meow"}
    answers: list[httpx.Response] = [ask(server, api, reply) for _ in range(3)]
    for answer in answers:
        assert answer.status_code == 201
        assert answer.text == "meow"
        assert answer.headers["x-kind"] == "cat"
        assert answer.headers["x-amzn-remapped-content-length"] == "99"
        assert answer.headers["x-amzn-remapped-date"] == "then"
        assert answer.headers["content-type"] == "application/json"
        assert answer.headers.get_list("x-amzn-trace-id") == [answer.headers["x-amzn-trace-id"]]
    assert len({answer.headers["x-amzn-requestid"] for answer in answers}) == 3
    assert len({answer.headers["x-amzn-trace-id"] for answer in answers}) == 3


def test_a_number_header_is_malformed_after_an_equal_boolean_was_not(server: EmulatorProcess) -> None:
    api = _api(server)
    assert ask(server, api, {"statusCode": 200, "headers": {"x-flag": True}}).headers["x-flag"] == "true"
    answer = ask(server, api, {"statusCode": 200, "headers": {"x-flag": 1}})
    assert (answer.status_code, answer.json()) == (502, {"message": "Internal server error"})


def test_known_headers_with_a_body_that_is_no_string_are_malformed(server: EmulatorProcess) -> None:
    api = _api(server)
    assert ask(server, api, {"statusCode": 200, "headers": {"x-kind": "dog"}, "body": "woof"}).text == "woof"
    answer = ask(server, api, {"statusCode": 200, "headers": {"x-kind": "dog"}, "body": {"not": "text"}})
    assert (answer.status_code, answer.json()) == (502, {"message": "Internal server error"})
