"""User-declared aliases: names that are one entity whatever their spelling says."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reconcile.normalize import stemmed
from reconcile.validate import load_valid


@dataclass(frozen=True)
class AliasBook:
    """Maps each declared name to the first name of its group, per entity type."""

    canonical_names: dict[tuple[str, str], str] = field(default_factory=dict)

    def canonical(self, entity_type: str, name: str) -> str:
        """The group's first name if `name` is a declared alias, else `name` itself."""
        return self.canonical_names.get((entity_type, stemmed(name)), name)


def load_aliases(path: Path | None) -> AliasBook:
    """Read and validate an alias file; no file means no aliases."""
    if path is None:
        return AliasBook()
    data = load_valid(path, "aliases")
    return AliasBook(
        {(group["type"], stemmed(name)): group["names"][0] for group in data["aliases"] for name in group["names"]}
    )
