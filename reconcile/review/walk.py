"""`reconcile review next`: walk the open queue, conflicts first, one key per answer.

Each answer is its own transaction, so stopping at any moment (q, Ctrl-C, end of input) loses nothing
already decided. Undo withdraws the walk's last decision, which puts that item back in the queue
exactly as it was: the walk only visits open items.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from reconcile.lock import Turns
from reconcile.review.decisions import WITHDRAW, ReviewError, Ruling
from reconcile.review.queue import Item, queue
from reconcile.review.service import decide

FINDING_KEYS = {"a": "accept", "d": "dispute", "r": "reject"}
LINK_KEYS = {"y": "same", "n": "different"}
ENTITY_KEYS = {"y": "merge", "n": "split"}
COMMON_KEYS = {"s": "skip", "u": "undo", "q": "quit"}


@dataclass
class Walk:
    """The state of one walk: who decides, what was decided here (for undo), what was skipped."""

    engine: Engine
    reviewer: str
    turns: Turns = field(default_factory=Turns)
    decided: list[str] = field(default_factory=list)
    skipped: set[str] = field(default_factory=set)


def prompt_for(item: Item) -> str:
    """The keys an item takes, spelt out, so a reviewer never has to remember them."""
    keys = _keys(item)
    return "  ".join(f"[{k}] {action}" for k, action in {**keys, **COMMON_KEYS}.items())


def _keys(item: Item) -> dict[str, str]:
    return {"link": LINK_KEYS, "entities": ENTITY_KEYS}.get(item.kind, FINDING_KEYS)


def next_item(walk: Walk) -> Item | None:
    """The first open item not skipped in this walk; the queue is read afresh, as decisions change it."""
    with Session(walk.engine) as session:
        # Of the first len(skipped) + 1 open items at least one was not skipped, if there is one at all.
        first = queue(session, status="open", limit=len(walk.skipped) + 1)
        return next((i for i in first if i.target.label not in walk.skipped), None)


def answer(
    walk: Walk, item: Item, key: str, choose: Callable[[tuple[str, ...]], str | None], say: Callable[[str], None]
) -> bool:
    """Act on one key; False when the reviewer is done. A refused ruling is said, and the item stays."""
    action = {**_keys(item), **COMMON_KEYS}.get(key.lower())
    if action is None:
        say(f"'{key}' is not an answer here: {prompt_for(item)}")
    elif action == "quit":
        return False
    elif action == "skip":
        walk.skipped.add(item.target.label)
    elif action == "undo":
        _undo(walk, say)
    else:
        value = choose(item.target.values) if action == "accept" else None
        if action == "accept" and value is None:
            say("No value chosen; nothing decided.")
            return True
        try:
            decide(walk.engine, item.target.label, Ruling(action, value, reviewer=walk.reviewer), walk.turns)
        except ReviewError as exc:
            say(str(exc))
            return True
        walk.decided.append(item.target.label)
        say(f"{item.target.label}: {action}{f' {value!r}' if value else ''}")
    return True


def _undo(walk: Walk, say: Callable[[str], None]) -> None:
    if not walk.decided:
        say("Nothing decided in this walk to undo.")
        return
    label = walk.decided.pop()
    decide(walk.engine, label, Ruling(WITHDRAW, reviewer=walk.reviewer, note="undone in review next"), walk.turns)
    walk.skipped.discard(label)
    say(f"{label}: undone; it is open again.")
