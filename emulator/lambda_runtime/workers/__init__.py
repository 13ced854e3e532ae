"""Execution environments for Lambda functions: a zygote, worker processes, and the pool.

Handlers never run in the server process. Python functions run in processes
forked from a zygote (``zygote.py``, spawned once) that pre-imported the
common modules (boto3 included); the server talks to each worker in
length-prefixed frames on a private socketpair (``framing.py``), and the
worker's stdout/stderr become the function's log. Other runtimes (Node.js
through ``node_bootstrap.js``, custom ``bootstrap`` executables) are spawned
and served the Lambda Runtime API on a port of their own (``runtime_api.py``).

The control plane uses three things: a ``FunctionSpec`` per function
revision, ``WorkerPool.invoke`` returning an ``InvokeResult``, and
``WorkerPool.retire`` / ``reset`` when functions change or state is dropped.
"""

from .pool import WorkerPool
from .spec import FunctionSpec, InvokeResult

__all__ = ["FunctionSpec", "InvokeResult", "WorkerPool"]
