"""What the review tests share: the seeds run once per test, Franceschi's title, and a third report."""

from __future__ import annotations

import pytest

FRANCESCHI_TITLE = (
    "U.S. Deputy Assistant Secretary for the Levant and Syria Engagement in the Bureau of Near Eastern Affairs"
)
# A wire report of the New York meeting, stored after the seeds, that gives Franceschi another title.
THIRD_REPORT = """---
id: 003_wire
source: Wire
published: 2024-09-27
---
SNC meets US envoy

The President of the Syrian Negotiation Commission, Dr. Badr Jamous, met in New York with the U.S. Special \
Envoy for Syria, Ms. Natasha Franceschi, to discuss the political process.
"""


@pytest.fixture
def seeds(cli, fixtures_dir):
    """The CLI on a database holding the two seed reports, matched."""
    result = cli("run", fixtures_dir / "gold", "--aliases", fixtures_dir / "aliases.json", "-f", "json")
    assert result.exit_code == 0, result.stderr
    return cli
