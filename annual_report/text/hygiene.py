"""Plain-text hygiene for user text: characters Word cannot store or that change how text reads, text that
looks like template code, the encodings offices save in, and names shown safely."""

from __future__ import annotations

import os
import re

# Removed from user text: what XML 1.0 cannot store (C0 controls but tab/LF/CR, surrogates, U+FFFE/U+FFFF),
# DEL and C1 controls, and invisible characters that reorder or hide text (bidi embeddings, overrides,
# isolates and marks; zero-width spaces and joiners, word joiner, a BOM inside text).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
    "\ud800-\udfff\ufffe\uffff]"
)
_SHOWN_ESCAPED = re.compile(f"[\t\n\r{_UNSAFE.pattern[1:-1]}]")  # in names, even tab and newline
_TEMPLATE_LIKE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
# Byte-order marks, longest first: GB18030's own, UTF-8's, UTF-16's (Excel's 「Unicode 文本」).
_BOMS = ((b"\x84\x31\x95\x33", "gb18030"), (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"),
         (b"\xfe\xff", "utf-16-be"))


def strip_illegal_chars(text: str) -> tuple[str, list[str]]:
    """The text without unsafe characters (see _UNSAFE), and those characters as U+XXXX codes."""
    removed = [f"U+{ord(c):04X}" for c in _UNSAFE.findall(text)]
    return (_UNSAFE.sub("", text) if removed else text), removed


def has_unsafe_chars(text: str) -> bool:
    return _UNSAFE.search(text) is not None


def looks_like_template(text: str) -> bool:
    return _TEMPLATE_LIKE.search(text) is not None


def decode(raw: bytes) -> str | None:
    """The text of a file: by its BOM when it has one (GB18030, UTF-8, UTF-16), else UTF-8, else GB18030
    (a superset of GBK/GB2312, common in offices); None if none of these. A leading BOM is not text."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(encoding).lstrip("\ufeff")
            except UnicodeDecodeError:
                return None
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def decoded_name(name: str) -> str:
    """A file name as people wrote it: names that are not UTF-8 (os.fsdecode left surrogates) read as GBK,
    as Windows archives store them, else with U+FFFD for what cannot be read."""
    if not any("\udc80" <= c <= "\udcff" for c in name):
        return name
    raw = os.fsencode(name)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace")


def one_line(text: str) -> str:
    """User text quoted in a one-line message: line breaks and tabs as \\n, \\r, \\t."""
    return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")


def shown_name(name: str) -> str:
    """A file name safe to print on one line: decoded, control and bidi characters escaped (\\n, \\u202e)."""
    return _SHOWN_ESCAPED.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), decoded_name(name))
