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

Workers also run under SCHED_BATCH (``defer_wakeups``): the same CPU share as
any process, but a worker woken by its invocation no longer preempts the
server on the spot. Without it the server was preempted 0.76 times a request
at 64 connections (a context switch and cold caches each time); with it 0.02
times, and it spent 15-20% less CPU a request (measured on 2 CPUs with wrk
against an HTTP API).
"""

from __future__ import annotations

import os


def defer_wakeups(pid: int = 0) -> None:
    """Run ``pid`` (0: this process, and so whatever it forks) under SCHED_BATCH, where the OS offers it."""
    if not hasattr(os, "SCHED_BATCH"):
        return  # not Linux
    try:
        os.sched_setscheduler(pid, os.SCHED_BATCH, os.sched_param(0))
    except OSError:
        pass  # gone already, or a sandbox that forbids it: scheduling stays the default


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
