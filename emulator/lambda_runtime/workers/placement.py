"""Which CPUs a forked worker may run on: all of the server's when it runs alone, else all but the server's.

Under concurrent load the server process (one thread: HTTP, routing, events)
is the bottleneck, and a worker woken on the server's CPU preempts it or is
moved off with cold caches: measured with bench/gateway_ab.py on 2 CPUs,
keeping workers off the server's CPU served 28-56% more requests/s at 64
connections and 7-17% more at 8. One invocation at a time is the opposite
case: the server waits for the worker, and the two hand the request back and
forth fastest on one CPU (no cross-CPU wake-up, shared caches), 22% more
requests/s at 1 connection than with the worker kept off. So the pool places a
worker each time it starts an invocation: anywhere when nothing else is in
flight, off the server's CPU otherwise. A worker is moved only when that
changes, so a steady load costs no system call.

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


def place(pid: int, alone: bool) -> None:
    """Let the process ``pid`` run on every CPU this server may use, or (not ``alone``) all but the one it runs on."""
    if not hasattr(os, "sched_setaffinity"):
        return  # not Linux
    allowed = os.sched_getaffinity(0)
    if len(allowed) < 2:
        return
    if not alone:
        cpu = _server_cpu()
        if cpu is None or cpu not in allowed:
            return
        allowed = allowed - {cpu}
    try:
        os.sched_setaffinity(pid, allowed)
    except OSError:
        pass  # gone already; it had nothing to run
