"""Case numbers and query codes.

A case number alone reveals nothing; status from a foreign identity needs the query code too.
Codes come from ``secrets`` and are stored only as an HMAC under the bureau's secret key: a
leaked database does not let anyone recover codes without the key, and checking is cheap.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path

#: No 0/O, 1/I: codes are read aloud on the phone and typed from paper.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
#: A case's ``code_hash`` until its code is issued (``bot.codeslot``, when the acknowledgement
#: is sent): as long as an HMAC's hex digest, so checking a code against it takes the time any
#: check takes, and of a character no hex digest has, so no code ever checks out. (It was the
#: HMAC of a code drawn and thrown away: a draw from the OS and an HMAC per new case for a
#: value nobody can use either way; issue 17.)
UNISSUED = "-" * 64


def case_number(year: int, serial: int) -> str:
    return f"{case_number_prefix(year)}{serial:06d}"


def case_number_prefix(year: int) -> str:
    """What comes before the serial (PostgreSQL writes the serial itself, bot.cases)."""
    return f"XF{year}-"


def new_query_code() -> str:
    # One draw from the OS for the whole code, its digits in the alphabet's base: uniform
    # like a draw per character, which cost a system call each (issue 17: every new case
    # draws one).
    value = secrets.randbelow(len(CODE_ALPHABET) ** CODE_LENGTH)
    letters = []
    for _ in range(CODE_LENGTH):
        value, index = divmod(value, len(CODE_ALPHABET))
        letters.append(CODE_ALPHABET[index])
    return "".join(letters)


class CodeHasher:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def hash(self, number: str, code: str) -> str:
        message = f"{number.upper()}:{code.upper()}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def verify(self, number: str, code: str, stored: str) -> bool:
        return hmac.compare_digest(self.hash(number, code), stored)


def load_or_create_key(configured: str, data_dir: Path) -> bytes:
    """The configured key, or one generated once into ``data_dir/secret.key`` (mode 0600)."""
    if configured:
        return configured.encode()
    path = data_dir / "secret.key"
    if path.exists():
        return path.read_bytes().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32).encode()
    try:
        with open(path, "xb") as handle:  # "x": two processes starting at once keep one key
            handle.write(key)
        path.chmod(0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    return key
