"""What a user types into a form's *Host* field: a host, ``host:port``, ``[IPv6]`` or a URL.

People paste what their browser shows (``http://camera.local``, ``192.168.1.10:8080``,
``https://[fe80::1]:8443/``), so each is split into host, port and connection; anything else
is refused with a reason the form translates. A URL with credentials in it
(``http://root:secret@camera``) is refused too, and what was typed is never logged: the form
has a password field for them.
"""

from dataclasses import dataclass
import ipaddress
import re
from typing import Final, Literal
from urllib.parse import urlsplit

# A DNS name: labels of letters, digits and hyphens (underscores too, which some LANs use).
_HOST_NAME: Final = re.compile(
    r"(?=.{1,253}\.?$)(?!-)[A-Za-z0-9_-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9_-]{1,63}(?<!-))*\.?"
)
_PORT: Final = re.compile(r"[0-9]{1,5}")

type Reason = Literal["invalid_host", "credentials_in_host"]


class InvalidAddressError(ValueError):
    """The host field holds no usable address; ``reason`` is the form's error key."""

    def __init__(self, reason: Reason) -> None:
        """Refuse for ``reason``."""
        super().__init__(reason)
        self.reason: Reason = reason


@dataclass(frozen=True, slots=True)
class Address:
    """A device address: the host, and the port and connection where the text named them."""

    host: str
    port: int | None = None
    https: bool | None = None  # None: the text named no scheme


def parse_address(text: str) -> Address:
    """Split what was typed into the host field; raise :class:`InvalidAddressError`."""
    text = text.strip()
    if "@" in text:
        raise InvalidAddressError("credentials_in_host")
    https: bool | None = None
    if "://" in text:
        try:
            url = urlsplit(text)
        except ValueError:
            raise InvalidAddressError("invalid_host") from None
        if url.scheme.lower() not in ("http", "https") or url.path not in ("", "/"):
            raise InvalidAddressError("invalid_host")
        if url.query or url.fragment:
            raise InvalidAddressError("invalid_host")
        https = url.scheme.lower() == "https"
        text = url.netloc
    host, port = _split_port(text)
    return Address(_host(host), port, https)


def _split_port(text: str) -> tuple[str, int | None]:
    """``host``, ``host:port``, ``[v6]``, ``[v6]:port`` or a bare IPv6 address."""
    if text.startswith("["):
        host, bracket, rest = text[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            raise InvalidAddressError("invalid_host")
        return _v6(host), _port(rest[1:]) if rest else None
    if text.count(":") == 1:
        host, _, port = text.partition(":")
        return host, _port(port)
    if ":" in text:  # several colons and no brackets: an IPv6 address, no port
        return _v6(text), None
    return text, None


def _port(text: str) -> int:
    if not _PORT.fullmatch(text) or not 1 <= int(text) <= 65535:
        raise InvalidAddressError("invalid_host")
    return int(text)


def _v6(text: str) -> str:
    address, _, zone = text.partition("%")
    try:
        ipaddress.IPv6Address(address)
    except ValueError:
        raise InvalidAddressError("invalid_host") from None
    if zone and not re.fullmatch(r"[A-Za-z0-9_.-]{1,32}", zone):
        raise InvalidAddressError("invalid_host")
    return text


def _host(text: str) -> str:
    if ":" in text:
        return text  # an IPv6 address, checked already
    try:
        return str(ipaddress.IPv4Address(text))
    except ValueError:
        pass
    if not _HOST_NAME.fullmatch(text) or text.replace(".", "").isdigit():
        raise InvalidAddressError("invalid_host")
    return text.rstrip(".").lower()
