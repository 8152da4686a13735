"""Keeps signatures, secret keys and session tokens out of every log record the SDKs make.

At DEBUG, botocore logs each request's headers (the Authorization signature, the session token), the canonical
request and the signature it computed, and the body of an error such as SignatureDoesNotMatch, which echoes
``<SignatureProvided>``, ``<StringToSign>`` and ``<CanonicalRequest>``; urllib3 logs URLs, presigned ones with
their ``X-Amz-Signature``.

Why at record creation: a filter on the SDK loggers would miss loggers created after it was attached, and
logging applies a logger's filters only to records logged on that very logger, never to those propagated from
its children; a filter on handlers depends on the application's handlers. The record factory sees every
record, whichever logger makes it and whichever handler emits it, before any handler does. It is global to the
process, so it is installed once, chains to the factory that was in place (other factories keep working),
and touches only records of the SDK loggers below. The message is formatted once, redacted and stored without
args; an exception's traceback is formatted and redacted into ``exc_text`` (which ``logging.Formatter``
prints as is) and ``exc_info`` is dropped, so no formatter can render the raw exception again.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from .errors import redact

SDK_LOGGER_PREFIXES = frozenset({"botocore", "boto3", "s3transfer", "urllib3", "minio"})
_known_secrets: frozenset[str] = frozenset()
"""Replaced whole under the lock, never changed in place, so records made meanwhile read it safely."""
_lock = threading.Lock()
_installed = False


def protect_sdk_logs(*secrets: str | None) -> None:
    """Remember these secret values (redacted wherever they appear) and make sure the record factory is in."""
    global _installed, _known_secrets
    with _lock:
        _known_secrets = _known_secrets | {s for s in secrets if s}
        if not _installed:
            logging.setLogRecordFactory(_redacting(logging.getLogRecordFactory()))
            _installed = True


def _redacting(previous: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if record.name.partition(".")[0] in SDK_LOGGER_PREFIXES:
            _redact_record(record)
        return record

    return factory


def _redact_record(record: logging.LogRecord) -> None:
    secrets = _known_secrets
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: logging would print the raw args to stderr, so drop them
        message = f"(unformattable log message from {record.name})"
    record.msg, record.args = redact(message, *secrets), None
    if record.exc_info and record.exc_info[0] is not None:
        text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        record.exc_text, record.exc_info = redact(text, *secrets), None
    if record.stack_info:
        record.stack_info = redact(record.stack_info, *secrets)
