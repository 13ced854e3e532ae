"""Which CPUs the server's event loop and its workers run on.

The server's event loop (one thread: HTTP, routing, events) keeps to one CPU
(``pin_server``), chosen when it starts. A forked worker runs on that CPU when
its invocation is the only one in flight, and on the others beside other
invocations (``place``, applied as the pool starts each invocation).

One invocation at a time, the server waits for the worker and the two hand
the request back and forth: on one CPU that is a context switch; across CPUs
each hand-over wakes an idle CPU (an interrupt, on a virtual machine an exit
to the hypervisor) and the caches are cold; and a server left free to move
shares a CPU with its client now and then. Measured with bench/gateway_ab.py
on 2 CPUs against an HTTP API, pinning served 3,641 requests/s at 1 connection
where the unpinned server served 3,005 (medians of 5 rounds), and 8% and 16%
more at 8 and 64 connections. A lone invocation that runs longer than
``LONE_INVOCATION_S`` is moved off the server's CPU (by the pool), so a
CPU-bound handler does not share a CPU with the server while another idles.

Under concurrent load the server is the bottleneck, and a worker woken on its
CPU preempts it or is moved off with cold caches: keeping workers off the
server's CPU served 28-56% more requests/s at 64 connections and 7-17% more at
8. A worker is moved only when its placement changes, so a steady load costs
no system call. The price: handlers that are CPU-bound and run side by side
share one CPU fewer. That matters on a 2-CPU machine only.

Workers also run under SCHED_BATCH (``defer_wakeups``): the same CPU share as
any process, but a worker woken by its invocation no longer preempts the
server on the spot. Without it the server was preempted 0.76 times a request
at 64 connections (a context switch and cold caches each time); with it 0.02
times, and it spent 15-20% less CPU a request (measured on 2 CPUs with wrk
against an HTTP API).

Processes the server starts (the zygote, runtime-API workers) would inherit
the event loop's CPU: ``unpin_child`` gives them every CPU before they exec.
Threads the server starts later (its thread pool) keep to the event loop's CPU:
they contend with it for the interpreter's lock anyway.
"""

from __future__ import annotations

import os
from collections.abc import Callable

#: A lone invocation running longer than this leaves the server's CPU.
LONE_INVOCATION_S = 0.05

#: The CPUs the server may use, as it found them before pinning its event loop.
_all_cpus: frozenset[int] = frozenset()
#: The CPU the event loop is pinned to; None when it is not (one CPU, not Linux, refused).
_server_cpu: int | None = None


def defer_wakeups(pid: int = 0) -> None:
    """Run ``pid`` (0: this process, and so whatever it forks) under SCHED_BATCH, where the OS offers it."""
    if not hasattr(os, "SCHED_BATCH"):
        return  # not Linux
    try:
        os.sched_setscheduler(pid, os.SCHED_BATCH, os.sched_param(0))
    except OSError:
        pass  # gone already, or a sandbox that forbids it: scheduling stays the default


def _current_cpu() -> int | None:
    """The CPU the calling thread last ran on (field 39 of /proc/thread-self/stat)."""
    try:
        with open("/proc/thread-self/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
    except OSError:
        return None
    return int(fields[36])


def pin_server() -> None:
    """Keep the calling thread (the event loop) on the CPU it runs on now, if it may use several."""
    global _all_cpus, _server_cpu
    if not hasattr(os, "sched_setaffinity"):
        return  # not Linux
    allowed = frozenset(os.sched_getaffinity(0))
    cpu = _current_cpu()
    if len(allowed) < 2 or cpu not in allowed:
        return
    try:
        os.sched_setaffinity(0, {cpu})
    except OSError:
        return
    _all_cpus, _server_cpu = allowed, cpu


def unpin_child() -> Callable[[], None] | None:
    """What a child process runs before it execs (``preexec_fn``): None, unless the event loop is pinned.

    None keeps subprocess's faster spawn (a preexec function makes it fork the whole server).
    """
    if _server_cpu is None:
        return None
    cpus = _all_cpus
    return lambda: os.sched_setaffinity(0, cpus)


def place(pid: int, alone: bool) -> None:
    """Put the process ``pid`` on the server's CPU (``alone``) or on the others."""
    if _server_cpu is None:
        return
    _set(pid, {_server_cpu} if alone else _all_cpus - {_server_cpu})


def _set(pid: int, cpus: set[int] | frozenset[int]) -> None:
    try:
        os.sched_setaffinity(pid, cpus)
    except OSError:
        pass  # gone already; it had nothing to run
