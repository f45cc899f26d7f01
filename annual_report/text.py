"""Plain-text hygiene for user text: characters Word cannot store, and text that looks like template code."""

from __future__ import annotations

import re

# XML 1.0 allows tab, LF, CR and everything from U+0020 except surrogates and U+FFFE/U+FFFF.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TEMPLATE_LIKE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)


def strip_illegal_chars(text: str) -> tuple[str, list[str]]:
    """The text without characters XML cannot store, and those characters as U+XXXX codes."""
    removed = [f"U+{ord(c):04X}" for c in _ILLEGAL_XML.findall(text)]
    return (_ILLEGAL_XML.sub("", text) if removed else text), removed


def looks_like_template(text: str) -> bool:
    return _TEMPLATE_LIKE.search(text) is not None


def decode(raw: bytes) -> str | None:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK/GB2312, common in offices); None if neither."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None
