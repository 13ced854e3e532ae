"""Logs Insights QL's pieces without a server: AWS's natural sort example, and where parse errors point."""

from __future__ import annotations

import random

import pytest

from emulator.lambda_runtime.logs.insights.lex import QueryError
from emulator.lambda_runtime.logs.insights.parse import parse_query
from emulator.lambda_runtime.logs.insights.sort import natural_key

#: The ascending order the sort command's reference shows (CWL_QuerySyntax-Sort).
AWS_EXAMPLE = [
    "!:",
    "#",
    "*%04",
    "0#",
    "5A",
    "111A",
    "2345_",
    "@",
    "@_",
    "A",
    "A9876fghj",
    "a12345hfh",
    "0",
    "01",
    "1",
    "2",
    "3",
]


def test_natural_sort_matches_the_reference_example() -> None:
    shuffled = AWS_EXAMPLE[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=natural_key) == AWS_EXAMPLE
    assert sorted(shuffled, key=natural_key, reverse=True) == AWS_EXAMPLE[::-1]


@pytest.mark.parametrize(
    ("query", "message", "start"),
    [
        ("fields a\n| bogus", "unexpected symbol found bogus", 11),
        ("filter a = 'x", "unterminated string", 11),
        ("filter a like /x", "unterminated regular expression", 14),
        ("stats count(*) by", "unexpected symbol found <EOF>", 17),
        ("fields bin(5parsecs)", "unexpected symbol found 5parsecs", 11),
        (
            'parse @message "a=* b=*" as x',
            "Number of wildcards (2) in the pattern must match the number of fields (1)",
            15,
        ),
    ],
)
def test_compile_errors_point_at_the_offending_text(query: str, message: str, start: int) -> None:
    with pytest.raises(QueryError) as info:
        parse_query(query)
    assert (info.value.message, info.value.start) == (message, start)


def test_pipes_and_hashes_inside_strings_and_regexes_are_text() -> None:
    (condition,) = parse_query("filter @message like /a|b#c/ or @message = 'x | y # z'").commands
    assert condition.condition.text == "@message like /a|b#c/ or @message = 'x | y # z'"  # type: ignore[union-attr]
