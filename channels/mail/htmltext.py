"""HTML mail to plain text, for the bot to read (the raw HTML stays in the stored letter).

A flat, non-recursive walk over :class:`html.parser.HTMLParser` events, so pathologically deep
markup cannot exhaust the stack. Quoted blocks (``<blockquote>``, Gmail's ``gmail_quote``,
Outlook's reply header divs) come out prefixed with ``> `` so the quote stripper removes them.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["html_to_text"]

_BLOCK = frozenset(
    {
        "p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6",
        "pre", "section", "article", "header", "footer", "blockquote", "hr", "dd", "dt", "address",
    }
)
_SKIP = frozenset({"script", "style", "head", "title", "template", "noscript", "xml"})
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr"})
_QUOTE_CLASSES = ("gmail_quote", "yahoo_quoted", "moz-cite-prefix", "protonmail_quote")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._current: list[str] = []
        self._skip_depth = 0
        self._quote_depth = 0
        # A stack of flags (is this element a quote?) bounded by the document, not recursion.
        self._stack: list[tuple[str, bool]] = []

    def _break(self) -> None:
        line = "".join(self._current)
        self._current = []
        prefix = "> " if self._quote_depth else ""
        self.lines.append(prefix + line if line.strip() else "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip_depth += 1
            return
        if tag in _BLOCK:
            self._break()
        if tag in _VOID:
            return
        classes = " ".join(value or "" for name, value in attrs if name == "class")
        quote = tag == "blockquote" or any(name in classes for name in _QUOTE_CLASSES)
        if quote:
            self._quote_depth += 1
        self._stack.append((tag, quote))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        if tag in _BLOCK:
            self._break()
        # Pop up to the matching open tag; tolerate unbalanced markup.
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                for _, quote in self._stack[index:]:
                    if quote:
                        self._quote_depth -= 1
                del self._stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        self._current.append(re.sub(r"\s+", " ", data))

    def finish(self) -> str:
        self._break()
        lines = [line.strip() for line in self.lines]
        text = "\n".join(lines)
        return re.sub(r"\n{3,}", "\n\n", text).strip()


def html_to_text(html: str) -> str:
    """Readable text from an HTML body; never raises on malformed markup."""
    collector = _TextCollector()
    try:
        collector.feed(html)
        collector.close()
    except (AssertionError, ValueError):
        # HTMLParser can still trip on some broken declarations; keep what was collected.
        pass
    return collector.finish().replace("\xa0", " ")
