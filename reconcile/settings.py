"""Values read from the environment and the matcher's thresholds, in one place."""

import getpass
import os

DEFAULT_DATABASE_URL = "sqlite:///reconcile.db"


def database_url(override: str | None = None) -> str:
    """The database to use: the explicit override, then RECONCILE_DATABASE_URL, then ./reconcile.db."""
    return override or os.environ.get("RECONCILE_DATABASE_URL") or DEFAULT_DATABASE_URL


DEFAULT_NLP_MODEL = "pipeline"


def nlp_model(override: str | None = None) -> str:
    """How plain reports are read: --nlp-model, then RECONCILE_NLP_MODEL, then the shipped pipeline."""
    return override or os.environ.get("RECONCILE_NLP_MODEL") or DEFAULT_NLP_MODEL


def default_reviewer() -> str:
    """Who a decision is recorded for when --reviewer is not given: RECONCILE_REVIEWER, else the OS user."""
    try:
        return os.environ.get("RECONCILE_REVIEWER") or getpass.getuser()
    except (KeyError, OSError):  # no such user in the password database (some containers)
        return ""


# Entity resolution: name similarity (0-100) above which two names are the same person on names alone,
# and the weaker band that needs a shared role or affiliation as well.
PERSON_STRONG_NAME = 90.0
PERSON_WEAK_NAME = 75.0
# Organisations and documents: similarity of folded names that makes them one.
ORG_NAME = 92.0

# Event identity: posterior probability bands of "same event".
EVENT_SAME = 0.80
EVENT_DIFFERENT = 0.35

# Person titles are compared across reports published within this many days of each other.
TITLE_WINDOW_DAYS = 365

# Two free-text set members (topics, stances, quotes) are one member at or above this token-set
# similarity of their stemmed content words.
MEMBER_SIMILARITY = 80.0

# SQLite: how long a writer waits for another process's write transaction before giving up with a clear error.
SQLITE_BUSY_SECONDS = 120.0

# How long a command that changes the matched store waits for another one to finish (`--wait`): long enough for a
# daily batch to let the one before it finish.
LOCK_WAIT_SECONDS = 600.0
# A decision in the browser that re-clusters waits less: the reviewer is looking at the page.
WEB_LOCK_WAIT_SECONDS = 30.0
