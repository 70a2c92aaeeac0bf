"""What the web tests share: the seeds' store, and a client addressed as `reconcile serve` is started."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from reconcile.web.app import create_app
from reconcile.web.hosts import Hosts
from tests.web.helpers import SERVED


@pytest.fixture
def seeds(cli, fixtures_dir):
    result = cli("run", fixtures_dir / "gold", "--aliases", fixtures_dir / "aliases.json", "-f", "json")
    assert result.exit_code == 0, result.stderr
    return cli


@pytest.fixture
def client(engine) -> Iterator[TestClient]:
    with TestClient(create_app(engine, Hosts.serving("127.0.0.1", 8000)), base_url=SERVED) as client:
        yield client
