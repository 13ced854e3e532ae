"""Function and layer code: zips unpacked into content-addressed folders, and hot-reload folders.

Unpacked code lives in ``<root>/<sha256 hex>/`` so that versions and functions
sharing a zip share one folder; the zip itself is kept beside it for
``GetFunction``'s ``Code.Location``.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import InvalidParameterValueException

#: ``Code={'S3Bucket': 'hot-reload', 'S3Key': '/abs/folder'}``, as LocalStack users type it.
HOT_RELOAD_BUCKET = "hot-reload"
HOT_RELOAD_SHA = "hot-reloading-hash-not-available"
MAX_UNZIPPED_BYTES = 262_144_000

_UNZIP_FAILED = "Could not unzip uploaded file. Please check your file, then try to upload again."


@dataclass(slots=True)
class Code:
    sha256: str  # base64 of the zip's SHA-256, as AWS's CodeSha256
    size: int
    directory: str
    hot_reload: bool = False

    @property
    def digest(self) -> str:
        """The folder name: hex of the SHA-256 (or empty for hot-reload code)."""
        return "" if self.hot_reload else Path(self.directory).name


class CodeStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def store_zip(self, data: bytes) -> Code:
        digest = hashlib.sha256(data)
        directory = self.root / digest.hexdigest()
        if not directory.is_dir():
            staging = Path(tempfile.mkdtemp(dir=self.root, prefix=".unpack-"))
            try:
                _unpack(data, staging)
                (self.root / f"{directory.name}.zip").write_bytes(data)
                os.replace(staging, directory)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        return Code(base64.b64encode(digest.digest()).decode(), len(data), str(directory))

    def archive(self, digest: str) -> bytes | None:
        """The zip whose SHA-256 (hex) is ``digest``, if stored."""
        path = self.root / f"{digest}.zip"
        is_digest = len(digest) == 64 and all(c in "0123456789abcdef" for c in digest)
        return path.read_bytes() if is_digest and path.is_file() else None

    def collect(self, in_use: set[str]) -> None:
        """Delete unpacked code no function, version or layer refers to any more."""
        for entry in self.root.iterdir():
            name = entry.name.removesuffix(".zip")
            if name not in in_use and not name.startswith("."):
                if entry.is_dir():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)


def hot_reload_code(folder: str) -> Code:
    path = Path(folder)
    if not path.is_absolute() or not path.is_dir():
        raise InvalidParameterValueException(
            f"When using hot reloading, the S3Key must be an absolute path to an existing folder: {folder}"
        )
    return Code(HOT_RELOAD_SHA, 0, str(path), hot_reload=True)


#: Folders whose edits do not reload the function: dependencies, caches, version control.
_UNWATCHED = frozenset({"__pycache__", "node_modules", ".git", ".venv", "venv", ".mypy_cache", ".pytest_cache", ".ruff_cache"})
#: A folder slower than this to scan is scanned at most once a second.
_CHEAP_SCAN_S = 0.005


def fingerprint(folder: str) -> int:
    """A cheap change detector for a hot-reload folder: newest mtime and file count."""
    newest = 0
    count = 0
    stack = [folder]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.name in _UNWATCHED:
                    continue
                stat = entry.stat(follow_symlinks=False)
                newest = max(newest, stat.st_mtime_ns)
                count += 1
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
    return newest ^ count


class FolderWatch:
    """Whether a hot-reload folder changed since the last look; ``generation`` counts the changes."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.generation = 0
        self._fingerprint = self._scan()
        self._checked_at = time.monotonic()

    def changed(self) -> bool:
        now = time.monotonic()
        if self._scan_s > _CHEAP_SCAN_S and now - self._checked_at < 1.0:
            return False
        self._checked_at = now
        current = self._scan()
        if current == self._fingerprint:
            return False
        self._fingerprint = current
        self.generation += 1
        return True

    def _scan(self) -> int:
        started = time.perf_counter()
        try:
            return fingerprint(self.folder)
        except OSError:
            return 0
        finally:
            self._scan_s = time.perf_counter() - started


def purge_bytecode(folder: str) -> None:
    """Drop a hot-reload folder's ``__pycache__``: a module edited within the second it was
    compiled, keeping its size, would otherwise be loaded from the stale ``.pyc``."""
    for directory, subdirectories, _ in os.walk(folder):
        if "__pycache__" in subdirectories:
            subdirectories.remove("__pycache__")
            shutil.rmtree(os.path.join(directory, "__pycache__"), ignore_errors=True)


def decode_zip(text: str) -> bytes:
    """``ZipFile`` arrives base64 in the JSON body (the protocol layer checked the base64)."""
    return base64.b64decode(text)


def _unpack(data: bytes, destination: Path) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise InvalidParameterValueException(_UNZIP_FAILED) from None
    if sum(member.file_size for member in members) > MAX_UNZIPPED_BYTES:
        raise InvalidParameterValueException(f"Unzipped size must be smaller than {MAX_UNZIPPED_BYTES} bytes")
    for member in members:
        relative = PurePosixPath(member.filename.replace("\\", "/"))
        if relative.is_absolute() or ".." in relative.parts:
            raise InvalidParameterValueException(_UNZIP_FAILED)
    try:
        with archive:
            for member in members:
                target = Path(archive.extract(member, destination))
                mode = member.external_attr >> 16
                if mode & 0o111 and not member.is_dir():
                    target.chmod(0o755)
    except (zipfile.BadZipFile, OSError, EOFError):
        raise InvalidParameterValueException(_UNZIP_FAILED) from None
