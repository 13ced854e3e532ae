"""The response head: headers that could split or corrupt a response are refused."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from emulator.http_protocol import _head

CONNECTION = SimpleNamespace(server_state=SimpleNamespace(default_headers=[(b"date", b"today")]))


def test_a_valid_head() -> None:
    head = _head(CONNECTION, 200, [(b"content-type", b"text/plain"), (b"x-y", b"a b")], 3)  # type: ignore[arg-type]
    assert head == b"HTTP/1.1 200 OK\r\ndate: today\r\ncontent-type: text/plain\r\nx-y: a b\r\ncontent-length: 3\r\n\r\n"


@pytest.mark.parametrize(
    "header",
    [
        (b"x", b"a\r\nx-injected: 1"),
        (b"x", b"a\nb"),
        (b"x", b"a\rb"),
        (b"x\r\nx-injected", b"1"),
        (b"x y", b"1"),
        (b"x:", b"1"),
        (b"", b"1"),
        (b"x(y)", b"1"),
    ],
)
def test_a_header_that_would_split_or_corrupt_the_head_is_refused(header: tuple[bytes, bytes]) -> None:
    # After a valid use of the same name too: the names' cache must not let a bad value through.
    _head(CONNECTION, 200, [(b"x", b"fine")], None)  # type: ignore[arg-type]
    with pytest.raises(RuntimeError, match="Invalid HTTP header"):
        _head(CONNECTION, 200, [(b"content-type", b"text/plain"), header], None)  # type: ignore[arg-type]
