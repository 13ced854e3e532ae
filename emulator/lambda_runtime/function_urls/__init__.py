"""Function URLs: the HTTP endpoints ``CreateFunctionUrlConfig`` gives a function, served on the emulator's port."""

from .server import FunctionUrlServer, claims

__all__ = ["FunctionUrlServer", "claims"]
