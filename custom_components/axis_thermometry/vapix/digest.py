"""The ``Authorization: Digest`` header of one request, for the WebSocket handshake.

Every other request authenticates through aiohttp's ``DigestAuthMiddleware``, but
``ClientSession.ws_connect`` takes no middlewares (aiohttp 3.14), and the event stream's
documentation asks for Digest (or a token, which would travel in the URL) on the upgrade
request. This module answers one challenge (RFC 7616: MD5, SHA-256, their ``-sess`` forms,
``qop=auth`` or none); the handshake sends it once, on the retry after the 401.
"""

from collections.abc import Callable
import hashlib
import re
import secrets
from typing import Final

_ALGORITHMS: Final[dict[str, Callable[[bytes], str]]] = {
    "MD5": lambda data: hashlib.md5(data, usedforsecurity=False).hexdigest(),
    "SHA-256": lambda data: hashlib.sha256(data).hexdigest(),
}
_FIELD = re.compile(r'(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))')


def parse_challenge(header: str) -> dict[str, str] | None:
    """The fields of a ``WWW-Authenticate: Digest ...`` header; None for another scheme."""
    scheme, _, rest = header.strip().partition(" ")
    if scheme.lower() != "digest":
        return None
    return {
        match.group(1).lower(): match.group(2) if match.group(2) is not None else match.group(3)
        for match in _FIELD.finditer(rest)
    }


def authorization(
    challenge: dict[str, str], *, method: str, uri: str, username: str, password: str
) -> str | None:
    """The ``Authorization`` header answering ``challenge``; None if it cannot be answered."""
    algorithm = challenge.get("algorithm", "MD5")
    base = algorithm.upper().removesuffix("-SESS")
    digest = _ALGORITHMS.get(base)
    realm, nonce = challenge.get("realm"), challenge.get("nonce")
    if digest is None or realm is None or nonce is None:
        return None

    def hash_of(*parts: str) -> str:
        return digest(":".join(parts).encode())

    qops = [q.strip() for q in challenge.get("qop", "").split(",") if q.strip()]
    if qops and "auth" not in qops:
        return None  # auth-int only: the upgrade has no body to sign, but say no rather than guess
    cnonce = secrets.token_hex(8)
    ha1 = hash_of(username, realm, password)
    if algorithm.upper().endswith("-SESS"):
        ha1 = hash_of(ha1, nonce, cnonce)
    ha2 = hash_of(method, uri)
    fields = {
        "username": f'"{username}"',
        "realm": f'"{realm}"',
        "nonce": f'"{nonce}"',
        "uri": f'"{uri}"',
        "algorithm": algorithm,
    }
    if qops:
        nc = "00000001"
        fields |= {"qop": "auth", "nc": nc, "cnonce": f'"{cnonce}"'}
        fields["response"] = f'"{hash_of(ha1, nonce, nc, cnonce, "auth", ha2)}"'
    else:
        fields["response"] = f'"{hash_of(ha1, nonce, ha2)}"'
    if "opaque" in challenge:
        fields["opaque"] = f'"{challenge["opaque"]}"'
    return "Digest " + ", ".join(f"{key}={value}" for key, value in fields.items())
