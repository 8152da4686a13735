"""The one wording of a job's outcome: what completed, what did not, in numbers a user can read at a glance.

Every job's notification goes through ``summarize``, so a cancelled copy and a cancelled download say the same
kind of thing: how many of how many got done (those are complete and kept), and how many were not.
"""

from __future__ import annotations

from objstore_tui.services.formatting import Noun, plural

__all__ = ["PREVIEW_KEYS", "Noun", "duration", "plural", "summarize"]

PREVIEW_KEYS = 5
"""Keys a confirmation or question names before it says 'and N more'."""


def duration(seconds: float) -> str:
    """'0.4 s', '38 s', '3 min 05 s', '2 h 04 min': as precise as a glance needs."""
    if seconds < 10:
        return f"{seconds:.1f} s"
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60} min {whole % 60:02d} s"
    return f"{whole // 3600} h {whole % 3600 // 60:02d} min"


def summarize(
    *,
    done: int,
    total: int,
    skipped: int = 0,
    refused: int = 0,
    failed: int = 0,
    not_done: int = 0,
    verb: str,
    noun: Noun,
    where: str = "",
    seconds: float,
    cancelled: bool,
) -> str:
    """'12 files downloaded to /tmp in 3.1 s; 1 skipped, 2 refused, 1 failed', or after a cancel
    'cancelled after 1.2 s: 3 of 10 files uploaded to logs; 7 not uploaded'.

    ``total`` counts the items the job ran (planning's refusals are counted apart), ``not_done`` the ones a
    cancel stopped; ``verb`` is a past participle ('copied', 'deleted'); ``where`` ends the main clause
    ('to archive', 'from logs').
    """
    place = f" {where}" if where else ""
    if cancelled:
        text = f"cancelled after {duration(seconds)}: {done:,} of {plural(total, noun)} {verb}{place}"
    else:
        text = f"{plural(done, noun)} {verb}{place} in {duration(seconds)}"
    tallies = ((skipped, "skipped"), (refused, "refused"), (failed, "failed"))
    others = [f"{count:,} {word}" for count, word in tallies if count]
    if not_done:
        others.append(f"{not_done:,} not {verb}")
    return f"{text}; {', '.join(others)}" if others else text
