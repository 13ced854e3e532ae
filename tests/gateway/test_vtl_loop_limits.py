"""Loops in mapping templates: API Gateway's quota stops a ``#foreach`` after 1,000 iterations
(the developer guide's REST API quotas table; Velocity's maxloops ends the loop quietly), and a
template whose nested loops would run for minutes fails its request (500) instead of holding the
emulator's event loop."""

from __future__ import annotations

import time

from test_rest_support import RestApiBuilder, call

from emulator.gateway.rest.vtl import Template, TemplateError
from emulator.testing import EmulatorProcess


def test_a_foreach_stops_after_1000_iterations() -> None:
    rendered = Template("#foreach($i in [1..5000])x#end").render({})
    assert rendered == "x" * 1000


def test_loops_over_the_render_budget_fail_the_template() -> None:
    try:
        Template("#foreach($i in [1..1000])#foreach($j in [1..1000])#end#end").render({})
    except TemplateError:
        return
    raise AssertionError("a million iterations rendered")


def test_a_runaway_template_fails_its_request_and_the_server_keeps_serving(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    builder.mock_method("/runaway", "GET", "#foreach($i in [1..1000])#foreach($j in [1..1000])#foreach($k in [1..1000])x#end#end#end")
    builder.mock_method("/fine", "GET", "fine")
    builder.deploy("dev")
    started = time.monotonic()
    runaway = call(server, builder.api_id, "GET", "/dev/runaway")
    assert (runaway.status_code, runaway.json()) == (500, {"message": "Internal server error"})
    assert time.monotonic() - started < 10
    assert call(server, builder.api_id, "GET", "/dev/fine").text == "fine"
