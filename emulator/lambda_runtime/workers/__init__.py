"""Execution environments for Lambda functions: a zygote, worker processes, and the pool.

Handlers never run in the server process. Python functions run in processes
forked from a zygote that pre-imported the common modules, and talk to the
server over length-prefixed frames on a private socket; other runtimes run
their ``bootstrap`` against a Lambda Runtime API served per worker.
"""

from .pool import WorkerPool
from .spec import FunctionSpec, InvokeResult

__all__ = ["FunctionSpec", "InvokeResult", "WorkerPool"]
