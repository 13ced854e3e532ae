"""The Python execution environment: runs in a process forked from the zygote.

It imports the handler once (init), then serves invocations one at a time
over the private channel, keeping module state between them. Output written
to stdout/stderr goes to a pipe the server reads as the function's log.
Imports nothing of the package (the zygote loads it as a top-level module).
"""

from __future__ import annotations

import decimal
import fcntl
import importlib
import json
import logging
import os
import resource
import signal
import socket
import struct
import sys
import termios
import time
import traceback
from collections.abc import Callable
from typing import Any, NoReturn

import framing
import json_logging
import local_endpoints
import runtime_packages
from lambda_context import LambdaContext

Handler = Callable[[Any, LambdaContext], Any]


try:  # an interpreter built without libffi has no ctypes: the trace id then goes through setenv
    import ctypes
except ImportError:
    ctypes = None  # type: ignore[assignment]

try:  # the server's interpreter always has it; the fallback keeps the runtime self-contained
    from orjson import JSONDecodeError as _FastDecodeError
    from orjson import loads as _fast_loads
except ImportError:
    _fast_loads = json.loads
    _FastDecodeError = ValueError

_MODULES_OF_THE_RUNTIME = (
    "framing",
    "json_logging",
    "lambda_context",
    "local_endpoints",
    "python_worker",
    "runtime_packages",
    "warm_botocore",
    "zygote",
)
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
_FILESYSTEM_ENCODING = sys.getfilesystemencoding()
#: CPU seconds between two looks at the resident set (see limit_memory).
_MEMORY_SAMPLE_S = 0.02
#: Invocations shorter than this report the peak resident set read last: in so little
#: time a handler cannot fault in more than a few MB, and each reading is a system call.
_MEMORY_READING_MS = 0.5

_NOTHING_READ = bytes(4)
#: FIONREAD's answer, written in place: given bytes, ioctl first tries them as a writable
#: buffer and makes (and drops) an exception on every call, which doubles its cost.
_unread_count = bytearray(4)
#: A reply's frame header and its OUTCOME, packed in one call (see framing.pack).
_REPLY_HEADER = struct.Struct(framing.LENGTH.format + "c" + framing.OUTCOME.format.lstrip("!"))
#: What a reply's frame length counts besides the result: the kind byte and the OUTCOME.
_REPLY_OVERHEAD = 1 + framing.OUTCOME.size
#: orjson reads integers beyond 64 bits as floats, json as ints: documents with a run of
#: 19 digits go to json. Found by mapping digits to "0" and the rest to " ": a regular
#: expression for the run costs more than orjson saves.
_DIGITS_ONLY = bytes(48 if 48 <= byte <= 57 else 32 for byte in range(256))
_LONG_DIGIT_RUN = b"0" * 19

_request_id = ""
#: The tenant of the invocation running now (TenancyConfig PER_TENANT), for the context and JSON log lines.
_tenant_id: str | None = None
#: (local folder, AWS's) prefixes: stack traces name the code's files as AWS does (set by ``isolate``).
_SHOWN_PATHS: list[tuple[str, str]] = []
#: Top-level modules the zygote imported (set by ``prepare``).
_PRELOADED: frozenset[str] = frozenset()
#: The root logger's handler, installed by ``setup_logging``; its format is the function's (``configure_logging``).
_log_handler = json_logging.RecordHandler(sys.stdout)


class Fault(Exception):
    """A failure the runtime reports with its own error type (``Runtime.*``)."""

    def __init__(self, error_type: str, message: str, trace: list[str] | None = None) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.trace = trace


def error_document(message: str, error_type: str, trace: list[str] | None, request_id: str = "") -> dict[str, Any]:
    return {"errorMessage": message, "errorType": error_type, "requestId": request_id, "stackTrace": trace or []}


def exception_document(error: BaseException, request_id: str = "") -> dict[str, Any]:
    frames = traceback.extract_tb(error.__traceback__)
    # The first frames are this runtime's (the call into the handler): not the user's.
    while frames and frames[0].filename == __file__:
        frames.pop(0)
    for frame in frames:  # each frame's source line is read already: renaming its file is safe
        for local, shown in _SHOWN_PATHS:
            if frame.filename.startswith(local):
                frame.filename = shown + frame.filename[len(local) :]
                break
    # As (file, line, name, source) only: AWS's runtime shows no column markers (^^^).
    bare = [(frame.filename, frame.lineno, frame.name, frame.line) for frame in frames]
    return error_document(str(error), type(error).__name__, traceback.format_list(bare), request_id)


#: What AWS's Python runtime logs (a warning of the root logger) before each unhandled error.
UNHANDLED_WARNING = (
    "LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function code. However, in rare"
    " cases, a Lambda runtime update can cause unexpected function behavior. For functions using managed runtimes,"
    " runtime updates can be triggered by a function change, or can be applied automatically. To determine if the"
    " runtime has been updated, check the runtime version in the INIT_START log entry. If this error correlates with"
    " a change in the runtime version, you may be able to mitigate this error by temporarily rolling back to the"
    " previous runtime version. For more information, see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html"
)


def log_unhandled(document: dict[str, Any]) -> None:
    """An unhandled error in the log: the runtime's warning, then the error itself."""
    logging.warning(UNHANDLED_WARNING)
    log_error(document)


def log_error_as_text(document: dict[str, Any]) -> None:
    """One log event for the error, its lines joined by newlines and none after the last, as AWS's runtime frames it."""
    sys.stdout.write(json_logging.whole_event(json_logging.error_text(document)) + "\n")


#: How an uncaught error is logged: as text, or as one JSON object (set once by ``configure_logging``).
log_error: Callable[[dict[str, Any]], None] = log_error_as_text


def load_handler(handler: str) -> Handler:
    try:
        module_name, function_name = handler.rsplit(".", 1)
    except ValueError as error:
        raise Fault("Runtime.MalformedHandlerName", f"Bad handler '{handler}': {error}") from None
    if module_name.split(".")[0] in sys.builtin_module_names:
        raise Fault("Runtime.BuiltInModuleConflict", f"Cannot use built-in module {module_name} as a handler module")
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as error:
        raise Fault("Runtime.ImportModuleError", f"Unable to import module '{module_name}': {error}") from None
    except SyntaxError as error:
        trace = [f'  File "{error.filename}" Line {error.lineno}\n    {error.text}']
        raise Fault("Runtime.UserCodeSyntaxError", f"Syntax error in module '{module_name}': {error}", trace) from None
    try:
        return getattr(module, function_name)
    except AttributeError:
        raise Fault("Runtime.HandlerNotFound", f"Handler '{function_name}' missing on module '{module_name}'") from None


def _client_context(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError as error:
        raise Fault("Runtime.LambdaContextUnmarshalError", f"Unable to parse Client Context JSON: {error}") from None


class ResultEncoder(json.JSONEncoder):
    """JSON as the AWS runtime writes results; ``Decimal`` (boto3's numbers) as numbers."""

    def default(self, o: Any) -> Any:
        if isinstance(o, decimal.Decimal):
            return int(o) if o == o.to_integral_value() else float(o)
        return super().default(o)


def result_encoder(ensure_ascii: bool) -> Callable[[Any], bytes]:
    """``json.dumps(result, cls=ResultEncoder, ensure_ascii=ensure_ascii).encode()``, same bytes and errors.

    ``JSONEncoder.encode`` builds a new C encoder (and a closure) on every call, a
    third of the time a small result takes: this one is built once.
    """
    encoder = ResultEncoder(ensure_ascii=ensure_ascii)
    if json.encoder.c_make_encoder is None:  # an interpreter without _json
        return lambda result: encoder.encode(result).encode()
    markers: dict[int, Any] = {}
    encode_text = json.encoder.encode_basestring_ascii if ensure_ascii else json.encoder.encode_basestring
    encode_object = json.encoder.c_make_encoder(  # as JSONEncoder.iterencode makes it
        markers,
        encoder.default,
        encode_text,
        encoder.indent,
        encoder.key_separator,
        encoder.item_separator,
        encoder.sort_keys,
        encoder.skipkeys,
        encoder.allow_nan,
    )

    def encode(result: Any) -> bytes:
        try:
            return "".join(encode_object(result, 0)).encode()
        except BaseException:
            # A failure leaves the containers it was inside in markers (the circular
            # reference check): one of them returned again, fixed, would read as circular.
            markers.clear()
            raise

    return encode


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.aws_request_id = _request_id
        if _tenant_id is not None:
            record.tenant_id = _tenant_id
        return True


def setup_logging() -> None:
    """The root logger's handler and its text format, as the AWS Python runtime installs them."""
    logging.Formatter.converter = time.gmtime
    _log_handler.setFormatter(json_logging.TextFormatter(_SHOWN_PATHS))
    _log_handler.addFilter(_RequestIdFilter())
    logging.getLogger().addHandler(_log_handler)


def configure_logging(runtime: str) -> None:
    """The level and format the function's LoggingConfig sets (AWS_LAMBDA_LOG_LEVEL / _FORMAT), once per worker."""
    global log_error
    level = os.environ.get("AWS_LAMBDA_LOG_LEVEL", "").upper()
    level = "DEBUG" if level == "TRACE" else level  # Python's logging has no TRACE: AWS's runtime reads it as DEBUG
    if level in logging.getLevelNamesMapping():
        logging.getLogger().setLevel(level)
    if os.environ.get("AWS_LAMBDA_LOG_FORMAT", "").upper() == "JSON":
        _log_handler.setFormatter(json_logging.JsonFormatter(_SHOWN_PATHS))
        ensure_ascii = runtime != "python3.12"  # as the runtime's result encoder

        def log_error_as_json(document: dict[str, Any]) -> None:
            # One event, no newline after it: AWS's runtime frames the object alone, unlike a record's.
            sys.stdout.write(json_logging.whole_event(json_logging.error_entry(document, ensure_ascii=ensure_ascii)) + "\n")

        log_error = log_error_as_json


def limit_memory(limit_mb: int) -> None:
    """SIGKILL this worker once its resident set exceeds the function's memory size.

    Sampled on a CPU-time timer: memory only grows while the worker runs, and an
    idle worker costs nothing. The server reads a SIGKILL it did not send as this.
    """
    limit_pages = limit_mb * 1024 * 1024 // _PAGE_SIZE
    statm = os.open("/proc/self/statm", os.O_RDONLY)

    def check(signum: int, frame: object) -> None:
        if int(os.pread(statm, 64, 0).split()[1]) > limit_pages:
            os.kill(os.getpid(), signal.SIGKILL)

    signal.signal(signal.SIGPROF, check)
    signal.setitimer(signal.ITIMER_PROF, _MEMORY_SAMPLE_S, _MEMORY_SAMPLE_S)


def max_memory_used_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def load_event(payload: bytes) -> Any:
    """The event as ``json.loads`` reads it (as the AWS runtime does), through orjson when it can.

    orjson gives the same objects for the documents it is given here and is
    three times faster; what it refuses (NaN, lone surrogates, UTF-16) json reads.
    """
    if not payload:
        return {}
    if payload.translate(_DIGITS_ONLY).find(_LONG_DIGIT_RUN) >= 0:  # find: bytes `in` raises inside first
        return json.loads(payload)
    try:
        return _fast_loads(payload)
    except _FastDecodeError:
        return json.loads(payload)


def output_pending() -> bool:
    """Whether this worker's output pipe (fd 1) holds bytes the server has not read yet."""
    try:
        fcntl.ioctl(1, termios.FIONREAD, _unread_count, True)
    except OSError:  # the handler replaced fd 1: let the server look
        return True
    return _unread_count != _NOTHING_READ


class TraceIdVariable:
    """Sets ``_X_AMZN_TRACE_ID`` for every invocation without growing the process.

    ``os.environ[name] = value`` calls glibc's setenv(), which copies each new value
    into memory it never frees (and keeps every value seen in a search tree that
    each call walks): a worker would grow by ~100 bytes an invocation until its
    memory limit kills it. Instead the C environment points (putenv) at a buffer
    this runtime owns and overwrites in place, which children started with the
    default environment inherit, and ``os.environ``'s mapping gets the value
    without setenv. A handler that sets or deletes the variable replaces the C
    entry: the next invocation sees the entry no longer is the buffer and puts it back.
    One per process, kept for its life: the C environment points into its buffer.
    """

    NAME = "_X_AMZN_TRACE_ID"
    _PREFIX = NAME.encode() + b"="

    def __init__(self, libc: ctypes.CDLL) -> None:
        self._putenv = libc.putenv
        self._putenv.argtypes = (ctypes.c_void_p,)
        self._getenv = libc.getenv
        self._getenv.argtypes = (ctypes.c_char_p,)
        self._getenv.restype = ctypes.c_void_p
        self._name = self.NAME.encode()
        self._buffer = bytearray()
        self._view: ctypes.Array[ctypes.c_char] | None = None
        self._value_address = 0
        self._value_end = 0

    def set(self, value: str) -> None:
        encoded = value.encode(_FILESYSTEM_ENCODING, "surrogateescape")  # as os.environ encodes values
        if len(encoded) + len(self._PREFIX) == self._value_end:
            self._buffer[len(self._PREFIX) : self._value_end] = encoded
        else:
            self._attach(bytearray(self._PREFIX + encoded + b"\0"))
        if self._getenv(self._name) != self._value_address:
            self._attach(self._buffer)
        try:
            os.environ._data[self._name] = encoded  # type: ignore[attr-defined]
        except AttributeError:  # the handler replaced os.environ with a mapping of its own
            os.environ[self.NAME] = value

    def _attach(self, buffer: bytearray) -> None:
        # The ctypes view keeps the bytearray exported, so it can never be resized (moved)
        # while the C environment points into it; the previous buffer is freed only after
        # putenv has replaced the entry that pointed into it.
        view = (ctypes.c_char * len(buffer)).from_buffer(buffer)
        self._putenv(ctypes.addressof(view))
        self._buffer, self._view = buffer, view
        self._value_address = ctypes.addressof(view) + len(self._PREFIX)
        self._value_end = len(buffer) - 1


def _trace_id_setter() -> Callable[[str], None]:
    """``TraceIdVariable.set`` where libc's putenv can be called; plain ``os.environ`` otherwise."""
    if ctypes is None or not hasattr(os.environ, "_data"):
        return _set_trace_id_plainly
    try:
        return TraceIdVariable(ctypes.CDLL(None)).set
    except (OSError, AttributeError):  # no C library to load, or one without putenv/getenv
        return _set_trace_id_plainly


def _set_trace_id_plainly(value: str) -> None:
    os.environ[TraceIdVariable.NAME] = value


class Runtime:
    """Serves invocations to the handler, one at a time, until the server hangs up."""

    def __init__(self, channel: socket.socket, handler: Handler, runtime: str) -> None:
        self.channel = channel
        self.handler = handler
        self.encode = result_encoder(ensure_ascii=runtime != "python3.12")
        self.set_trace_id = _trace_id_setter()

    def serve(self) -> NoReturn:
        global _request_id, _tenant_id
        # Bound once: this loop runs for every invocation the worker serves.
        read = framing.BlockingFrameReader(self.channel).read
        send = self.channel.sendall
        invoke = self.invoke
        set_trace_id = self.set_trace_id
        clock = time.perf_counter
        meta_size_of = framing.INVOKE.unpack_from
        reply_header = _REPLY_HEADER.pack
        memory_mb = max_memory_used_mb()
        while True:
            try:
                _, body = read()
            except (EOFError, ConnectionError):
                os._exit(0)
            (meta_size,) = meta_size_of(body)
            meta = _fast_loads(body[4 : 4 + meta_size])
            _request_id = request_id = meta["id"]
            _tenant_id = meta.get("tenant")
            set_trace_id(meta["trace"])
            started = clock()
            kind, result = invoke(request_id, meta, body[4 + meta_size :])
            duration_ms = (clock() - started) * 1000
            sys.stdout.flush()  # looked up each time: the handler may have replaced them
            sys.stderr.flush()
            if duration_ms >= _MEMORY_READING_MS:
                memory_mb = max_memory_used_mb()
            header = reply_header(_REPLY_OVERHEAD + len(result), kind, duration_ms, memory_mb, output_pending())
            send(header + result)

    def invoke(self, request_id: str, meta: dict[str, Any], payload: bytes) -> tuple[bytes, bytes]:
        try:
            try:
                event = load_event(payload)
            except ValueError as error:
                raise Fault("Runtime.UnmarshalError", f"Unable to unmarshal input: {error}") from None
            context = LambdaContext(request_id, meta["arn"], meta["deadline"], _client_context(meta["cc"]), meta["ci"])
            context.tenant_id = _tenant_id
            response = self.handler(event, context)
            if isinstance(response, bytes):
                return framing.KIND_RESULT, response
            try:
                return framing.KIND_RESULT, self.encode(response)
            except Exception as error:
                raise Fault("Runtime.MarshalError", f"Unable to marshal response: {error}") from None
        except Fault as fault:
            document = error_document(fault.message, fault.error_type, fault.trace, request_id)
        except Exception as error:
            document = exception_document(error, request_id)
        log_unhandled(document)
        return framing.KIND_ERROR, json.dumps(document).encode()


def prepare() -> None:
    """In the zygote, before any fork: what every worker needs, done once."""
    global _PRELOADED
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    sys.stderr.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    setup_logging()
    local_endpoints.install()
    # The standard library is never replaced: on AWS a function's json.py does not shadow json either.
    standard = frozenset(sys.builtin_module_names) | sys.stdlib_module_names
    _PRELOADED = frozenset(name.partition(".")[0] for name in sys.modules) - standard


def isolate(config: dict[str, Any]) -> None:
    """Forget the zygote: its environment, its path, modules the function brings its own copy of."""
    os.environ.clear()
    os.environ.update(config["environment"])
    os.chdir(config["code_dir"])
    _SHOWN_PATHS[:] = [tuple(pair) for pair in config["shown_paths"]]
    base_path = [entry for entry in sys.path if entry != os.path.dirname(__file__)]
    sys.path[:] = [*config["path"], *base_path]
    for name in _MODULES_OF_THE_RUNTIME:
        sys.modules.pop(name, None)
    shadowed = _top_level_names(config["path"]) & _PRELOADED
    if shadowed:
        for name in [name for name in sys.modules if name.partition(".")[0] in shadowed]:
            del sys.modules[name]
    if not config.get("host_packages"):
        runtime_packages.hide_host_packages()


def _top_level_names(folders: list[str]) -> set[str]:
    names: set[str] = set()
    for folder in folders:
        try:
            entries = os.listdir(folder)
        except OSError:
            continue
        for entry in entries:
            stem, dot, suffix = entry.partition(".")
            if not dot or suffix in ("py", "pyc") or suffix.endswith("so"):
                names.add(stem)
    return names


def run(channel: socket.socket, config: dict[str, Any]) -> NoReturn:
    """The worker's life: isolate, init (import the handler), then serve until the server hangs up."""
    isolate(config)
    configure_logging(config["runtime"])
    limit_memory(config["memory_mb"])
    started = time.perf_counter()
    try:
        handler = load_handler(config["handler"])
    except Fault as fault:
        _fail_init(channel, started, error_document(fault.message, fault.error_type, fault.trace))
    except Exception as error:
        _fail_init(channel, started, exception_document(error))
    init_ms = (time.perf_counter() - started) * 1000
    sys.stdout.flush()
    channel.sendall(framing.pack(framing.KIND_READY, framing.INIT.pack(init_ms, max_memory_used_mb())))
    Runtime(channel, handler, config["runtime"]).serve()


def _fail_init(channel: socket.socket, started: float, document: dict[str, Any]) -> NoReturn:
    log_unhandled(document)
    sys.stdout.flush()
    init_ms = (time.perf_counter() - started) * 1000
    channel.sendall(framing.pack(framing.KIND_INIT_ERROR, framing.INIT.pack(init_ms, max_memory_used_mb()), json.dumps(document).encode()))
    os._exit(1)
