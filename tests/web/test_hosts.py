"""Which Host headers `reconcile serve` answers to: the address it listens on, the loopback names on a loopback
address, names a team allows, and nothing else (a rebound name, a missing header, another port)."""

from __future__ import annotations

import pytest

from reconcile.web.hosts import Hosts, split_host


@pytest.mark.parametrize(
    ("address", "header", "allowed"),
    [
        ("127.0.0.1", "127.0.0.1:8000", True),
        ("127.0.0.1", "localhost:8000", True),
        ("127.0.0.1", "LocalHost:8000", True),
        ("127.0.0.1", "[::1]:8000", True),
        ("127.0.0.1", "[0:0:0:0:0:0:0:1]:8000", True),
        ("127.0.0.1", "evil.example:8000", False),
        ("127.0.0.1", "localhost:9000", False),
        ("127.0.0.1", "localhost", False),  # no port is port 80, which this server is not on
        ("127.0.0.1", "localhost.:8000", False),
        ("127.0.0.1", "user@localhost:8000", False),
        ("127.0.0.1", "localhost:8000:8000", False),
        ("127.0.0.1", "[::1", False),
        ("127.0.0.1", "[not-an-address]:8000", False),
        ("127.0.0.1", "", False),
        ("127.0.0.1", None, False),
        ("::1", "[::1]:8000", True),
        ("::1", "localhost:8000", True),
        ("::1", "127.0.0.1:8000", True),
        ("::1", "[::2]:8000", False),
        ("localhost", "localhost:8000", True),
        ("localhost", "127.0.0.1:8000", True),
        ("192.0.2.7", "192.0.2.7:8000", True),
        ("192.0.2.7", "localhost:8000", False),
        ("2001:db8::5", "[2001:db8::5]:8000", True),
        ("2001:db8::5", "[2001:db8:0::5]:8000", True),
        ("2001:db8::5", "[::1]:8000", False),
        ("0.0.0.0", "localhost:8000", True),
        ("0.0.0.0", "0.0.0.0:8000", False),
        ("0.0.0.0", "192.0.2.7:8000", False),
        ("::", "[::1]:8000", True),
    ],
)
def test_the_server_answers_to_its_own_address_and_loopback_names_only(address, header, allowed):
    assert Hosts.serving(address, 8000).allows(header) is allowed


def test_on_port_80_the_host_comes_without_a_port():
    hosts = Hosts.serving("127.0.0.1", 80)
    assert hosts.allows("localhost") and hosts.allows("localhost:80")
    assert not hosts.allows("evil.example")


@pytest.mark.parametrize(
    ("header", "allowed"),
    [
        ("review.example.org", True),
        ("review.example.org:443", True),
        ("Review.Example.org:8000", True),
        ("desk.example.org:8443", True),
        ("desk.example.org", False),
        ("desk.example.org:8000", False),
        ("[2001:db8::9]:8000", True),
        ("evil.example:8000", False),
        ("localhost:8000", True),
    ],
)
def test_allowed_names_answer_on_any_port_unless_they_name_one(header, allowed):
    hosts = Hosts.serving("0.0.0.0", 8000, ["review.example.org", "desk.example.org:8443", "[2001:db8::9]:8000"])
    assert hosts.allows(header) is allowed


@pytest.mark.parametrize("name", ["", "https://review.example.org", "review.example.org/", "a b", "x:port", "[::zz]"])
def test_an_allowed_name_must_be_a_host(name):
    with pytest.raises(ValueError, match="not a"):
        Hosts.serving("127.0.0.1", 8000, [name])


def test_split_host_gives_the_canonical_name_and_the_port():
    assert split_host("[0:0::1]:8080") == ("[::1]", 8080)
    assert split_host("Example.ORG") == ("example.org", None)
