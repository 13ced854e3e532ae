"""Which CPUs a forked worker may run on: every CPU the server may use but its own.

Under concurrent load the server process (one thread: HTTP, routing, events)
is the bottleneck, and a worker woken on the server's CPU preempts it or is
moved off with cold caches. Measured with bench/gateway_ab.py on 2 CPUs,
keeping workers off the server's CPU served 28-56% more requests/s at 64
connections and 7-17% more at 8, with no clear change at 1.

The price: handlers that are CPU-bound and run side by side share one CPU
fewer. That matters on a 2-CPU machine only; with more CPUs it is a small part.
"""

from __future__ import annotations

import os


def _server_cpu() -> int | None:
    """The CPU this process last ran on (field 39 of /proc/self/stat)."""
    try:
        with open("/proc/self/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
    except OSError:
        return None
    return int(fields[36])


def keep_off_server_cpu(pid: int) -> None:
    """Let the process ``pid`` run on every CPU this server may use, except the one it runs on."""
    if not hasattr(os, "sched_setaffinity"):
        return  # not Linux
    allowed = os.sched_getaffinity(0)
    cpu = _server_cpu()
    if cpu is None or cpu not in allowed or len(allowed) < 2:
        return
    try:
        os.sched_setaffinity(pid, allowed - {cpu})
    except OSError:
        pass  # gone already; it had nothing to run
