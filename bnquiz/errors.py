"""The one error type bnquiz raises for anything the user can fix."""

from __future__ import annotations


class BnquizError(Exception):
    """A failure to report to the user as one line, with an exit status.

    `cli.py` turns it into `error: <message>` on stderr and exits with `exit_code`:
    1 for a failed run (bad bank, unwritable file), 2 for a bad command line.
    """

    exit_code = 1


class UsageError(BnquizError):
    """The command line asks for something that does not exist (topic, question id, …)."""

    exit_code = 2
