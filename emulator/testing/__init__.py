"""Running an emulator from tests: a child process on a free port."""

from .process import EmulatorProcess

__all__ = ["EmulatorProcess"]
