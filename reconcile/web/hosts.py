"""The Host header values the review app answers to, its defence against DNS rebinding.

A page on another site can point its own name at 127.0.0.1 once the browser has loaded it; the browser then
sends the reviewer's requests to `reconcile serve` with that name in Host and its own origin in Origin, so the
Origin check alone passes. A rebound name can never be one the server was started on, so requests naming any
other host are refused before they reach a page or a decision.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
WILDCARDS = frozenset({"", "0.0.0.0", "[::]"})  # every interface, loopback included
HTTP_PORT = 80  # a browser leaves the port out of Host when it is the scheme's default


@dataclass(frozen=True)
class Hosts:
    """Names with the port they must come with, and names a team allowed on any port (behind a proxy)."""

    with_port: frozenset[tuple[str, int]]
    any_port: frozenset[str] = frozenset()

    @classmethod
    def serving(cls, address: str, port: int, allowed: Iterable[str] = ()) -> Hosts:
        """The hosts of a server listening on `address`:`port`: that address; on a loopback or wildcard address
        also localhost, 127.0.0.1 and [::1]; and each `allowed` name, on its own port if it names one, else
        on any port. Raises ValueError for a name that is not a host."""
        own, _ = split_host(as_host(address))
        names = {own} - WILDCARDS
        if own in WILDCARDS or own == "localhost" or _is_loopback(own):
            names.update(LOOPBACK_NAMES)
        with_port = {(name, port) for name in names}
        any_port = set()
        for value in allowed:
            name, given = split_host(value)
            if not name:
                raise ValueError(f"{value!r} is not a host name")
            if given is None:
                any_port.add(name)
            else:
                with_port.add((name, given))
        return cls(frozenset(with_port), frozenset(any_port))

    def allows(self, header: str | None) -> bool:
        """Whether a request with this Host header (None: none sent) is one this server answers."""
        if not header:
            return False
        try:
            name, port = split_host(header)
        except ValueError:
            return False
        return name in self.any_port or (name, HTTP_PORT if port is None else port) in self.with_port


def as_host(address: str) -> str:
    """An address as a URL or a Host header writes it: an IPv6 literal in brackets."""
    return f"[{address}]" if ":" in address and not address.startswith("[") else address


def split_host(value: str) -> tuple[str, int | None]:
    """Name and port of `host[:port]`, the name lower-cased and an IP literal in its canonical form
    (`[0:0::1]` is `[::1]`); ValueError when it is not that shape."""
    text = value.strip().lower()
    if text.startswith("["):
        literal, bracket, rest = text[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            raise ValueError(f"{value!r} is not a host")
        name, port = f"[{_canonical(literal)}]", rest[1:] if rest else None
    else:
        name, colon, port_text = text.partition(":")
        port = port_text if colon else None
    if any(c in name for c in "/@?# \t") or (port is not None and not (port.isascii() and port.isdigit())):
        raise ValueError(f"{value!r} is not a host")
    return name, None if port is None else int(port)


def _canonical(literal: str) -> str:
    try:
        return str(ipaddress.IPv6Address(literal))
    except ValueError:
        raise ValueError(f"[{literal}] is not an IPv6 address") from None


def _is_loopback(name: str) -> bool:
    try:
        return ipaddress.ip_address(name.strip("[]")).is_loopback
    except ValueError:
        return False
