"""CSV cells a spreadsheet would run as formulas, neutralised with a leading apostrophe.

A cell is a formula to Excel, LibreOffice or Google Sheets when it begins (after any
spaces) with ``=``, ``+``, ``-`` or ``@``, or with a tab or carriage return. Plain numbers
such as ``-5`` or ``+3.5`` stay numbers. :func:`neutralise` guards one value;
:class:`CsvFormulaGuard` rewrites a CSV text stream chunk by chunk, for responses that are
already CSV (Datasette's own downloads, streamed).
"""
from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def is_formula(value: str) -> bool:
    content = value.lstrip(" ")
    if not content.startswith(FORMULA_STARTS):
        return False
    return not _NUMBER_RE.fullmatch(content)


def neutralise(value):
    """A cell a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and is_formula(value):
        return "'" + value
    return value


class CsvFormulaGuard:
    """Rewrites CSV text (RFC 4180 quoting, as Python's csv module writes it) as it streams.

    Feed it chunks split anywhere; it holds back only the start of a cell until it can tell
    whether the cell is a formula.
    """

    def __init__(self) -> None:
        self._carry = ""
        self._state = "start"  # start of a cell, "quoted" inside one, "plain" inside an unquoted one

    def feed(self, chunk: str, final: bool = False) -> str:
        text, self._carry = self._carry + chunk, ""
        out: list[str] = []
        i, n = 0, len(text)
        while i < n:
            if self._state == "start":
                ch = text[i]
                if ch in ",\r\n":
                    out.append(ch)
                    i += 1
                    continue
                quoted = ch == '"'
                begin = i + 1 if quoted else i
                formula = self._decide(text, begin, quoted, final)
                if formula is None:
                    self._carry = text[i:]
                    return "".join(out)
                out.append(('"' if quoted else "") + ("'" if formula else ""))
                i = begin
                self._state = "quoted" if quoted else "plain"
            elif self._state == "quoted":
                j = text.find('"', i)
                if j < 0:
                    out.append(text[i:])
                    i = n
                elif j + 1 >= n and not final:
                    out.append(text[i:j])
                    self._carry = text[j:]
                    return "".join(out)
                elif j + 1 < n and text[j + 1] == '"':
                    out.append(text[i:j + 2])
                    i = j + 2
                else:
                    out.append(text[i:j + 1])
                    i = j + 1
                    self._state = "plain"  # what follows the closing quote, up to the delimiter
            else:
                match = _DELIMITER_RE.search(text, i)
                if match is None:
                    out.append(text[i:])
                    i = n
                else:
                    out.append(text[i:match.end()])
                    i = match.end()
                    self._state = "start"
        return "".join(out)

    def _decide(self, text: str, begin: int, quoted: bool, final: bool) -> bool | None:
        """Whether the cell starting at ``begin`` is a formula; None when more text is needed."""
        k = begin
        while k < len(text) and text[k] == " ":
            k += 1
        if k >= len(text):
            return None if not final else False
        first = text[k]
        if first in "=@\t\r":
            return True
        if first not in "+-":
            return False
        end = self._cell_content_end(text, begin, quoted)  # a plain number stays a number
        if end is None and not final:
            return None
        return is_formula(text[begin:end if end is not None else len(text)].replace('""', '"'))

    @staticmethod
    def _cell_content_end(text: str, begin: int, quoted: bool) -> int | None:
        """Where the content that decides the cell ends, or None when the chunk stops before."""
        if quoted:
            j = begin
            while True:
                j = text.find('"', j)
                if j < 0 or j + 1 >= len(text):
                    return None
                if text[j + 1] != '"':
                    return j
                j += 2
        match = _DELIMITER_RE.search(text, begin)
        return match.start() if match else None


_DELIMITER_RE = re.compile(r"[,\r\n]")
