"""The built-in parsers of AWS vended logs the emulator reads: parseVPC and parseCloudfront.

Both always read the whole message. A VPC flow log record is the default
(version 2) format's fourteen space-separated fields; a CloudFront standard log
record is its tab-separated fields, in the order CloudFront writes them. Field
values are kept as text (guessed: AWS's typing of these values is not documented).
"""

from __future__ import annotations

from .mutate import Config, Step
from .record import ProcessorFailed, Record

VPC_FIELDS = (
    "version", "account_id", "interface_id", "srcaddr", "dstaddr", "srcport", "dstport",
    "protocol", "packets", "bytes", "start", "end", "action", "log_status",
)  # fmt: skip
CLOUDFRONT_FIELDS = (
    "date", "time", "x-edge-location", "sc-bytes", "c-ip", "cs-method", "cs(Host)", "cs-uri-stem",
    "sc-status", "cs(Referer)", "cs(User-Agent)", "cs-uri-query", "cs(Cookie)", "x-edge-result-type",
    "x-edge-request-id", "x-host-header", "cs-protocol", "cs-bytes", "time-taken", "x-forwarded-for",
    "ssl-protocol", "ssl-cipher", "x-edge-response-result-type", "cs-protocol-version", "fle-status",
    "fle-encrypted-fields", "c-port", "time-to-first-byte", "x-edge-detailed-result-type",
    "sc-content-type", "sc-content-len", "sc-range-start", "sc-range-end",
)  # fmt: skip


def parse_vpc(config: Config) -> Step:
    def step(record: Record) -> None:
        values = record.message.split()
        if len(values) != len(VPC_FIELDS):
            raise ProcessorFailed("not a VPC flow log record")
        record.document.update(zip(VPC_FIELDS, values, strict=True))

    return step


def parse_cloudfront(config: Config) -> Step:
    def step(record: Record) -> None:
        values = record.message.rstrip("\n").split("\t")
        if record.message.startswith("#") or len(values) < 2:
            raise ProcessorFailed("not a CloudFront log record")
        record.document.update(zip(CLOUDFRONT_FIELDS, values, strict=False))

    return step
