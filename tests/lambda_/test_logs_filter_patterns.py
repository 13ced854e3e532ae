"""CloudWatch Logs filter patterns, as the user guide's "Filter pattern syntax" pages describe them (pure unit tests)."""

from __future__ import annotations

import json

import pytest

from emulator.lambda_runtime.logs.filter import PatternError, compile_extractor, compile_filter

APACHE = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326'
EVENT = json.dumps(
    {"eventType": "UpdateTrail", "bandwidth": 80, "ok": True, "gone": None, "user": {"email": "a@b.c"}, "items": [{"id": 7}]}
)


@pytest.mark.parametrize(
    ("pattern", "message", "matched"),
    [
        ("", "anything", True),
        ('""', "anything", True),
        ("ERROR", "[ERROR] 400 BAD REQUEST", True),
        ("ERROR", "error: lower case", False),
        ("ERROR ARGUMENTS", "ERROR: missing ARGUMENTS", True),
        ("ERROR ARGUMENTS", "ERROR only", False),
        ("?ERROR ?WARN", "WARN disk", True),
        ("?ERROR ?WARN", "INFO fine", False),
        ("ERROR -Exiting", "ERROR Exiting now", False),
        ('"timed out"', "the call timed out", True),
        ('"timed out"', "timed, then out", False),
        ("%ERROR|WARN%", "a WARN here", True),
        ("%^ERROR [0-9]+%", "ERROR 42 happened", True),
        ("%^ERROR [0-9]+%", "an ERROR 42", False),
        ('{ $.eventType = "UpdateTrail" }', EVENT, True),
        ("{ $.eventType = Update* }", EVENT, True),
        ("{ $.eventType = *Trail }", EVENT, True),
        ("{ $.eventType = *dateTr* }", EVENT, True),
        ("{ $.eventType = Up*Trail }", EVENT, False),  # a * inside is itself
        ("{ $.user = * }", EVENT, False),  # an object is never compared
        ("{ $.user != 1 }", EVENT, False),
        ("{ $.items != 1 }", EVENT, False),
        ("{ $.gone != 1 }", EVENT, False),
        ("{ $.absent != 1 }", EVENT, False),
        ('{ $.eventType != "UpdateTrail" }', EVENT, False),
        ("{ $.bandwidth > 75 }", EVENT, True),
        ("{ $.bandwidth <= 75 }", EVENT, False),
        ("{ $.bandwidth = 80 }", EVENT, True),
        ('{ $.user.email = "a@b.c" }', EVENT, True),
        ("{ $.items[0].id = 7 }", EVENT, True),
        ("{ $.ok IS TRUE }", EVENT, True),
        ("{ $.gone IS NULL }", EVENT, True),
        ("{ $.absent NOT EXISTS }", EVENT, True),
        ("{ $.user NOT EXISTS }", EVENT, False),
        ("{ $.eventType = %^Update% }", EVENT, True),
        ('{ ($.bandwidth > 100 || $.ok IS TRUE) && $.eventType = "UpdateTrail" }', EVENT, True),
        ('{ $.bandwidth > 100 || $.ok IS FALSE && $.eventType = "UpdateTrail" }', EVENT, False),
        ("{ $.bandwidth > 75 }", "not json", False),
        ("[ip, user, username, timestamp, request, status_code, bytes]", APACHE, True),
        ("[ip, user, username, timestamp, request, status_code = 2*, bytes > 1000]", APACHE, True),
        ("[ip, user, username, timestamp, request, status_code = 4*, bytes]", APACHE, False),
        ("[ip, user, username, timestamp, request, status_code != 200 && status_code != 404, bytes]", APACHE, False),
        ("[ip, user]", APACHE, False),
        ("[ip, ..., bytes < 5000]", APACHE, True),
        ("[w1 = ERROR || w1 = WARN, w2]", "WARN message", True),
        ("[w1 = ERROR || w1 = WARN, w2]", "INFO message", False),
        ("[ip, user, username, timestamp, request = *html*, status_code, bytes]", APACHE, False),
        ("[ip, user, username, timestamp, request = *gif*, status_code, bytes]", APACHE, True),
        ("[]", APACHE, True),
    ],
)
def test_pattern_matches(pattern: str, message: str, matched: bool) -> None:
    assert compile_filter(pattern)(message) is matched


def test_space_delimited_fields_group_quotes_and_brackets() -> None:
    extracted = compile_extractor("[ip, user, username, timestamp, request, status_code, bytes]")(APACHE)
    assert extracted == {
        "$ip": "127.0.0.1",
        "$user": "-",
        "$username": "frank",
        "$timestamp": "10/Oct/2000:13:25:15 -0700",
        "$request": "GET /apache_pb.gif HTTP/1.0",
        "$status_code": "200",
        "$bytes": "2326",
    }


def test_unnamed_fields_are_extracted_by_position() -> None:
    """The user guide's example: fields under the ellipsis, or left unnamed, go by their 1-based position."""
    line = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534'
    assert compile_extractor("[..., request=*.html*, status_code=4*,]")(line) == {
        "$1": "127.0.0.1",
        "$2": "-",
        "$3": "frank",
        "$4": "10/Oct/2000:13:25:15 -0700",
        "$request": "GET /index.html HTTP/1.0",
        "$status_code": "404",
        "$7": "1534",
    }


def test_json_patterns_extract_nothing() -> None:
    assert compile_extractor("{ $.bandwidth > 75 && $.user.email = * }")(EVENT) == {}


@pytest.mark.parametrize("pattern", ["{ $.a = ", "{ $.a > x }", "{ a = 1 }", "{ $.a = 1", "[a, b", "[..., a, ...]"])
def test_malformed_patterns_are_refused(pattern: str) -> None:
    with pytest.raises(PatternError):
        compile_filter(pattern)
