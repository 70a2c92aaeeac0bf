"""What one benchmark phase costs: wall time, and CPU seconds, the figure that stays put on a shared machine.

Wall time grows with whatever else runs on the cores; CPU seconds do not, so phases and their limits are compared
by CPU. Three kinds of CPU are counted: this process's, its children's (ingest reads files in worker processes,
whose CPU `getrusage(RUSAGE_CHILDREN)` shows once the pool has been shut down and the workers reaped), and, on
PostgreSQL, the server's: the backends serving the database do the storing in processes of their own, which
neither of the others sees. They are read from /proc, so only when the server runs on this machine.
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, text

T = TypeVar("T")
TICKS = os.sysconf("SC_CLK_TCK")  # the unit of the CPU times in /proc/<pid>/stat


@dataclass(frozen=True)
class Cost:
    """Wall and CPU seconds of one phase."""

    wall_s: float
    cpu_s: float  # this process and its reaped children
    server_cpu_s: float | None = None  # the PostgreSQL backends of the database; None when not measurable

    @property
    def total_cpu_s(self) -> float:
        """All the CPU the phase is known to have used, which is what a limit is compared on."""
        return self.cpu_s + (self.server_cpu_s or 0.0)

    def __add__(self, other: Cost) -> Cost:
        """Two phases run one after the other, as a limit's parts are."""
        servers = [c.server_cpu_s for c in (self, other) if c.server_cpu_s is not None]
        return Cost(self.wall_s + other.wall_s, self.cpu_s + other.cpu_s, sum(servers) if servers else None)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Cost:
        """A cost back from `as_dict`, as a child process printed it."""
        return cls(data["wall_s"], data["cpu_s"], data["server_cpu_s"])

    def as_dict(self) -> dict[str, float | None]:
        """Rounded for the JSON output: milliseconds are all that runs of a shared machine can tell apart."""
        server = None if self.server_cpu_s is None else round(self.server_cpu_s, 3)
        return {"wall_s": round(self.wall_s, 3), "cpu_s": round(self.cpu_s, 3), "server_cpu_s": server}


def process_cpu() -> float:
    """User and system CPU seconds of this process and of every child it has waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def server_cpu(engine: Engine | None) -> dict[int, float] | None:
    """CPU seconds so far of each PostgreSQL backend connected to the engine's database, by process id; None for
    SQLite (which runs in this process) or a server whose processes this machine cannot see."""
    if engine is None or engine.dialect.name != "postgresql":
        return None
    with engine.connect() as connection:
        pids = connection.scalars(text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")).all()
    times = {pid: _proc_cpu(pid) for pid in pids}
    if any(t is None for t in times.values()):
        return None
    return {pid: t for pid, t in times.items() if t is not None}


def _proc_cpu(pid: int) -> float | None:
    """utime + stime of a local postgres process from /proc/<pid>/stat, or None if it is not one of this machine."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return None
    name, _, rest = stat.partition(") ")
    if not name.endswith("(postgres"):
        return None
    fields = rest.split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # fields 14 and 15 of proc(5), counted after the name


def measure(action: Callable[[], T], engine: Engine | None = None) -> tuple[T, Cost]:
    """Run `action` and return its result with what it cost; `engine` is the database whose server CPU counts.

    A backend that ends during the phase takes its CPU with it; the pool keeps its connections open, so the
    backends that do the work are the ones still there at the end.
    """
    server_before = server_cpu(engine)
    cpu_before, wall_before = process_cpu(), time.perf_counter()
    result = action()
    wall, cpu = time.perf_counter() - wall_before, process_cpu() - cpu_before
    return result, Cost(wall, cpu, _server_delta(server_before, server_cpu(engine)))


def _server_delta(before: dict[int, float] | None, after: dict[int, float] | None) -> float | None:
    """Server CPU used between two readings; a backend first seen in the second started during the phase."""
    if before is None or after is None:
        return None
    return sum(t - before.get(pid, 0.0) for pid, t in after.items())
