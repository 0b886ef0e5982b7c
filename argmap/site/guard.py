"""What the live server lets through: the Host and Origin allow-list, well-formed paths, and its security headers."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .pages import CONTENT_SECURITY_POLICY

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")

# Sent with every answer, errors included. The policy is the static site's, plus what only a header can
# say: no page of another site may frame these pages (clickjacking).
SECURITY_HEADERS = (
    ("Content-Security-Policy", f"{CONTENT_SECURITY_POLICY}; frame-ancestors 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    # Another site's page cannot even embed these files (an <img> or <script> of them).
    ("Cross-Origin-Resource-Policy", "same-origin"),
    # A rebuilt page must be fetched anew, never taken from the browser's cache.
    ("Cache-Control", "no-store"),
)


def is_loopback(host: str) -> bool:
    """Whether binding to `host` keeps the server on this machine."""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _is_wildcard(host: str) -> bool:
    return host.strip("[]") in ("", "0.0.0.0", "::")


def _bracketed(host: str) -> str:
    """An IPv6 address as a Host header writes it: in brackets."""
    name = host.lower()
    return f"[{name}]" if ":" in name and not name.startswith("[") else name


def allowed_names(bind: str) -> frozenset[str]:
    """The host names a request may use: the loopback names, and the one served on when it is not loopback.

    A server bound to every interface (0.0.0.0 or ::, for a container) is reached by the machine's own
    name, so that name is allowed too (not its DNS name: looking that up can stall the start).
    """
    names: set[str] = set(LOOPBACK_NAMES)
    if _is_wildcard(bind):
        if socket.gethostname():
            names.add(socket.gethostname().lower())
    elif bind:
        names.add(_bracketed(bind))
    return frozenset(names)


@dataclass(frozen=True)
class Refusal:
    status: int
    reason: str


def _split_host(value: str) -> tuple[str, int | None] | None:
    """'name:port' (or '[v6]:port') as (name, port); None when it is not a host."""
    value = value.strip().lower()
    if not value or any(c.isspace() or c in "/?#@\\" for c in value):
        return None
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            return None
        name, rest = value[: end + 1], value[end + 1 :]
    else:
        name, colon, port = value.partition(":")
        rest = f":{port}" if colon else ""
    if not rest:
        return name, None
    if not rest.startswith(":") or not rest[1:].isdigit() or len(rest) > 6:
        return None
    return name, int(rest[1:])


class Guard:
    """Decides, before a request is served, whether it came to this server by a name it answers to."""

    def __init__(self, names: Iterable[str], port: int) -> None:
        self.names = frozenset(n.lower() for n in names)
        self.port = port

    def _ours(self, name: str, port: int | None) -> bool:
        # A browser leaves out the port only when it is the scheme's default.
        return name in self.names and (port == self.port or (port is None and self.port == 80))

    def check(self, path: str, host: str | None, origin: str | None, hosts: int = 1) -> Refusal | None:
        """None when the request may be served, else the status to answer with and why.

        `hosts` is how many Host headers the request has: more than one is malformed (which one a
        proxy on the way read is anyone's guess).
        """
        if hosts > 1:
            return Refusal(400, "a request has one Host header")
        # DNS rebinding: a page of evil.example whose name now resolves to 127.0.0.1 still sends its own Host.
        parsed = _split_host(host) if host is not None else None
        if parsed is None or not self._ours(*parsed):
            return Refusal(421, "this server answers to localhost, 127.0.0.1 and [::1] on its own port only")
        if origin is not None:
            # A page of another site (or a sandboxed one: Origin "null") may not read or listen to the debate.
            parts = urlsplit(origin.strip())
            try:
                port = parts.port
            except ValueError:
                port = -1
            name = _bracketed(parts.hostname or "")
            if parts.scheme != "http" or not self._ours(name, port):
                return Refusal(403, "requests from pages of other sites are refused")
        return malformed(path)


def malformed(path: str) -> Refusal | None:
    """A path no file of the site can have: a NUL or other control character, raw or %-encoded, or bad UTF-8."""
    if not path.startswith("/"):
        return Refusal(400, "the path must start with /")
    try:
        decoded = unquote(path.split("?", 1)[0].split("#", 1)[0], errors="strict")
    except UnicodeDecodeError:
        return Refusal(400, "the path is not UTF-8")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in decoded + path):
        return Refusal(400, "the path holds a control character")
    return None
