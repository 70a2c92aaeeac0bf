"""Errors a user can act on; each carries the exit code the command line returns for it."""

from __future__ import annotations


class ReconcileError(Exception):
    """Base of every error that is reported to the user without a traceback."""

    exit_code = 1


class InputError(ReconcileError):
    """An input file is unreadable or does not match its schema."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("\n".join(f"{printable(path)}: {problem}" for problem in problems))

    def __reduce__(self) -> tuple[type[InputError], tuple[str, list[str]]]:
        """Files are read in worker processes; the error must cross back whole."""
        return (InputError, (self.path, self.problems))


class DatabaseError(ReconcileError):
    """The database cannot be reached or has not been initialised."""


class DataLossError(ReconcileError):
    """A downgrade would delete rows and was not run with --force."""


class NotFoundError(ReconcileError):
    """A report, entity or event the user named does not exist."""


def printable(name: str) -> str:
    """A file name as text any terminal or database takes: bytes that are not UTF-8 (which Python keeps as
    lone surrogates) are written as \\xNN escapes."""
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that no undecodable byte made
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


class LockTimeoutError(ReconcileError):
    """Another run held the store lock for longer than this one would wait; nothing was changed.

    Its own exit code (75, EX_TEMPFAIL in sysexits.h: try again later), so a scheduled batch can tell it from bad
    input and retry.
    """

    exit_code = 75
