"""jieba's prefix dictionary with the domain words already in it, kept in one file read lazily.

jieba keeps its prefix dictionary (~500k words and word prefixes → frequency) in a marshal
cache; reading it back was most of the analyzer's cold start (~1.3 s of 1.7 s on the shared
machine), and the domain words were then added one by one on top.  This file holds the finished
dictionary, grouped by first character: cutting a text looks up only substrings of that text,
so every entry jieba can touch starts with one of the text's characters, and a group is loaded
into jieba's dict the first time a text holding its character is cut.  A first analysis loads a
dozen groups instead of 500k entries; a server has the common characters in after a few hundred
messages.  The dict jieba reads is the same as the one it builds, entry for entry, wherever
the text's characters are concerned, so the cut is the same.

The file name carries a hash of everything the dictionary is made of (jieba's version and main
dictionary, the domain words, this layout), so a change anywhere is a new file, built once by
the ordinary path and written then.  A missing, unreadable or damaged file only costs time.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import struct
import sys
import tempfile
import threading
import zlib
from array import array
from pathlib import Path

import jieba

#: Bumped whenever the layout below changes.
_FORMAT = b"xinfang-prefix-dict 2\n"
# total, groups, bytes of their first characters, bytes of the keys, entries, CRC-32 of the rest.
_HEAD = struct.Struct("<qqqqqI")


def cache_path(directory: Path, domain_text: str) -> Path:
    """The cache file for jieba's main dictionary plus the domain dictionary ``domain_text``."""
    main = Path(jieba.__file__).resolve().parent / "dict.txt"
    try:
        status = main.stat()
        stamp = f"{status.st_size}:{status.st_mtime_ns}"
    except OSError:
        stamp = "?"
    key = hashlib.sha256(
        b"|".join([_FORMAT, jieba.__version__.encode(), str(main).encode(), stamp.encode(),
                   sys.byteorder.encode(), domain_text.encode()])).hexdigest()[:20]
    return directory / f"prefix-{key}.bin"


class LazyPrefixDict:
    """The stored dictionary, poured into ``frequencies`` one first-character group at a time."""

    def __init__(self, data: mmap.mmap | bytes, frequencies: dict[str, int]) -> None:
        start = len(_FORMAT) + _HEAD.size
        if len(data) < start or data[:len(_FORMAT)] != _FORMAT:
            raise ValueError("not a prefix dictionary file")
        total, groups, chars_size, keys_size, entries, crc = _HEAD.unpack_from(data, len(_FORMAT))
        offsets_size = 2 * 8 * (groups + 1)
        if min(groups, chars_size, keys_size, entries) < 0 or len(data) != (
                start + chars_size + offsets_size + keys_size + 8 * entries):
            raise ValueError("prefix dictionary file of the wrong size")
        view = memoryview(data)
        if zlib.crc32(view[start:]) != crc:
            raise ValueError("damaged prefix dictionary file")
        chars = bytes(view[start:start + chars_size]).decode("utf-8")
        offsets = array("q")
        offsets.frombytes(view[start + chars_size:start + chars_size + offsets_size])
        if len(chars) != groups or offsets[groups] != keys_size or offsets[-1] != entries:
            raise ValueError("inconsistent prefix dictionary file")
        self.total = total
        self._data = data
        self._keys_at = start + chars_size + offsets_size
        self._values_at = self._keys_at + keys_size
        self._key_offsets = offsets[:groups + 1]
        self._entry_offsets = offsets[groups + 1:]
        self._frequencies = frequencies
        #: First character → group, for the groups not yet poured in.
        self._pending = dict(zip(chars, range(groups)))
        self._lock = threading.Lock()

    def ensure(self, text: str) -> None:
        """Pour in every group a cut of ``text`` can look up (cheap once they are in)."""
        if self._pending.keys().isdisjoint(text):
            return
        with self._lock:
            for char in set(text):
                group = self._pending.get(char)
                if group is not None:
                    self._pour(group)
                    # Removed only once poured: a thread that sees the character gone finds
                    # its entries in (dict.update runs whole under the interpreter lock).
                    del self._pending[char]

    def ensure_all(self) -> None:
        """Pour in every group still on disk (the whole dictionary in memory from now on)."""
        self.ensure("".join(self._pending))

    def _pour(self, group: int) -> None:
        view = memoryview(self._data)
        first, last = self._entry_offsets[group], self._entry_offsets[group + 1]
        keys = bytes(view[self._keys_at + self._key_offsets[group]:
                          self._keys_at + self._key_offsets[group + 1]]).decode("utf-8")
        values = array("q")
        values.frombytes(view[self._values_at + 8 * first:self._values_at + 8 * last])
        words = keys.split("\n")
        if len(words) != len(values):
            raise ValueError("inconsistent prefix dictionary group")
        self._frequencies.update(zip(words, values))


def open_lazy(path: Path, frequencies: dict[str, int]) -> LazyPrefixDict | None:
    """The dictionary stored at ``path``, feeding ``frequencies`` (None: no usable file there)."""
    try:
        with open(path, "rb") as handle:
            # Mapped, not read: the groups never poured in stay on disk, not in memory.  The
            # file is only ever replaced whole (never rewritten in place), so the mapping holds.
            data: mmap.mmap | bytes = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        try:
            data = path.read_bytes()
        except OSError:
            return None
    try:
        return LazyPrefixDict(data, frequencies)
    except (ValueError, UnicodeDecodeError, struct.error):
        return None


def write(path: Path, frequencies: dict[str, int], total: int) -> None:
    """Store the dictionary at ``path`` atomically; quietly nothing when it cannot be stored."""
    groups: dict[str, list[str]] = {}
    for key in frequencies:
        if not key or "\n" in key:
            return  # keys are non-empty and newline-free in jieba; otherwise no cache
        groups.setdefault(key[0], []).append(key)
    chars = "".join(groups).encode("utf-8")
    key_offsets = array("q", [0])
    entry_offsets = array("q", [0])
    blobs: list[bytes] = []
    try:
        values = array("q")
        for words in groups.values():
            blob = "\n".join(words).encode("utf-8")
            blobs.append(blob)
            key_offsets.append(key_offsets[-1] + len(blob))
            entry_offsets.append(entry_offsets[-1] + len(words))
            values.extend(frequencies[word] for word in words)
    except OverflowError:
        return
    body = b"".join([chars, key_offsets.tobytes(), entry_offsets.tobytes(), *blobs,
                     values.tobytes()])
    head = _HEAD.pack(total, len(groups), len(chars), key_offsets[-1], len(values),
                      zlib.crc32(body))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # mkstemp + replace, as jieba writes its own cache: a reader never sees half a file.
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                                 suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(_FORMAT + head + body)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
