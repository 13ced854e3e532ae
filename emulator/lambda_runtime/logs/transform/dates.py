"""The dateTimeConverter processor: a date in one of ``matchPatterns`` rewritten in ``targetFormat``.

Patterns are Java ``DateTimeFormatter`` patterns (``yyyy-MM-dd'T'HH:mm:ss.SSSXXX``);
the common letters are translated to Python's ``strptime`` / ``strftime``. The
source is read in ``sourceTimezone`` (UTC unless given) when it names none, and
written in ``targetTimezone``. ``epoch`` as a pattern reads seconds since 1970.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .mutate import Config, Step
from .record import ProcessorFailed, Record

DEFAULT_TARGET_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"
#: Java pattern letters (by run) and the Python directive that reads and writes them.
_DIRECTIVES = {
    "yyyy": "%Y", "uuuu": "%Y", "yy": "%y", "MMMM": "%B", "MMM": "%b", "MM": "%m", "M": "%m",
    "dd": "%d", "d": "%d", "HH": "%H", "H": "%H", "hh": "%I", "h": "%I", "mm": "%M", "m": "%M",
    "ss": "%S", "s": "%S", "a": "%p", "EEEE": "%A", "EEE": "%a", "E": "%a", "DDD": "%j",
    "Z": "%z", "ZZ": "%z", "ZZZ": "%z", "X": "%z", "XX": "%z", "XXX": "%z", "x": "%z", "xx": "%z", "xxx": "%z", "z": "%Z",
}  # fmt: skip
_TOKEN = re.compile(r"'([^']*)'|([A-Za-z])\2*|(.)", re.S)


class DateFormatError(ValueError):
    pass


def date_time_converter(config: Config) -> Step:
    patterns = [_translate(pattern, reading=True) for pattern in config["matchPatterns"]]
    target_format = _translate(config.get("targetFormat") or DEFAULT_TARGET_FORMAT, reading=False)
    source_zone = zone(config.get("sourceTimezone"))
    target_zone = zone(config.get("targetTimezone"))

    def step(record: Record) -> None:
        value = record.get(config["source"])
        if value is None:
            return
        moment = _read(str(value), patterns, source_zone)
        record.set(config["target"], _write(moment.astimezone(target_zone), target_format))

    return step


def zone(name: str | None) -> ZoneInfo | type[UTC] | object:
    if not name or name.upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise DateFormatError(f"Invalid timezone: {name}") from None


def check(config: Config) -> None:
    for pattern in config["matchPatterns"]:
        _translate(pattern, reading=True)
    _translate(config.get("targetFormat") or DEFAULT_TARGET_FORMAT, reading=False)
    zone(config.get("sourceTimezone"))
    zone(config.get("targetTimezone"))


def _read(text: str, patterns: list[str | None], source_zone: object) -> datetime:
    for pattern in patterns:
        try:
            if pattern is None:  # epoch seconds (or milliseconds when that large)
                number = float(text)
                return datetime.fromtimestamp(number / 1000 if number > 1e11 else number, UTC)
            parsed = datetime.strptime(text, pattern)
        except ValueError:
            continue
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=source_zone)  # type: ignore[arg-type]
    raise ProcessorFailed("no match pattern reads the source")


def _write(moment: datetime, target: str | None) -> str:
    if target is None:
        return str(int(moment.timestamp()))
    text = moment.strftime(target)
    return text.replace("\ue000", f"{moment.microsecond // 1000:03d}")


def _translate(pattern: str, reading: bool) -> str | None:
    """The strptime (``reading``) or strftime form of a Java pattern; written milliseconds are a
    placeholder ``_write`` fills in (strftime has microseconds only)."""
    if pattern == "epoch":
        return None
    out: list[str] = []
    for found in _TOKEN.finditer(pattern):
        quoted, letter, other = found.group(1), found.group(2), found.group(3)
        if quoted is not None:
            out.append(quoted.replace("%", "%%") if quoted else "'")
        elif other is not None:
            out.append(other.replace("%", "%%"))
        else:
            run = found.group(0)
            if letter == "S":
                out.append("%f" if reading or len(run) > 3 else "\ue000")
            elif run in _DIRECTIVES:
                out.append(_DIRECTIVES[run])
            else:
                raise DateFormatError(f"Unsupported date pattern letters: {run}")
    return "".join(out)

