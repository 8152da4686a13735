"""Keeps secrets out of the SDKs' own debug logs.

botocore logs every request's headers (the session token, the Authorization signature) at DEBUG. The filter
below rewrites such records on the SDK loggers before any handler sees them.
"""

from __future__ import annotations

import logging
import threading

from .errors import redact

SDK_LOGGER_PREFIXES = ("botocore", "boto3", "s3transfer", "urllib3", "minio")
_known_secrets: set[str] = set()
_lock = threading.Lock()


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message, *_known_secrets)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


_FILTER = RedactingFilter()


def protect_sdk_logs(*secrets: str | None) -> None:
    """Remember these secrets and put the filter on every SDK logger that exists now.

    Logger filters do not apply to records propagated from child loggers, so each one gets its own.
    """
    with _lock:
        _known_secrets.update(s for s in secrets if s)
        names = [n for n in logging.Logger.manager.loggerDict if n.split(".")[0] in SDK_LOGGER_PREFIXES]
        for name in [*SDK_LOGGER_PREFIXES, *names]:
            logger = logging.getLogger(name)
            if _FILTER not in logger.filters:
                logger.addFilter(_FILTER)
