"""Lint .docx templates: Jinja tags split across Word runs, unbalanced tags and blocks.

Word stores a paragraph as runs (``w:r``) and splits them wherever formatting,
spell-check or an edit history changes, so «{{ debt }}» typed in Word often ends
up as «{{ debt» in one run and «}}» in the next. docxtpl repairs some of these,
but not across proofing marks or field codes, and the failure shows only at
render time. This linter reads the XML parts that carry text (body, headers,
footers, footnotes) and reports, per paragraph:

* a tag that starts in one run and ends in another (``split-tag``);
* an opening ``{{``/``{%``/``{#`` without its closing mark, or a stray closing
  mark (``unbalanced-tag``);

and, over the whole document, block tags that do not pair up — ``for`` without
``endfor``, ``if`` without ``endif`` (``unbalanced-block``).
"""

from __future__ import annotations

import enum
import logging
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from lexdesk.errors import DataError

logger = logging.getLogger(__name__)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Word parts that hold text: word/document.xml, word/header1.xml, word/footer2.xml,
# word/footnotes.xml, word/endnotes.xml.
_TEXT_PART = re.compile(
    r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$"
)
# A complete Jinja tag in the paragraph text: «{{ debt_money }}», «{%tr for x in y %}»,
# «{# note #}»; non-greedy so two tags on one line stay apart.
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
# Any opening or closing Jinja delimiter: «{{», «}}», «{%», «%}», «{#», «#}».
_DELIMITER = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
# The statement of a block tag, after docxtpl's p/tr/tc/r prefix:
# «{%tr for line in lines %}» → «for», «{%p endif %}» → «endif».
_STATEMENT = re.compile(r"\{%-?\s*(?:p|tr|tc|r)?\s+(\w+)")

_OPENERS = {"for": "endfor", "if": "endif", "macro": "endmacro", "with": "endwith"}
_CLOSERS = {closer: opener for opener, closer in _OPENERS.items()}


class IssueKind(enum.Enum):
    """What is wrong with a tag."""

    SPLIT_TAG = "split-tag"
    UNBALANCED_TAG = "unbalanced-tag"
    UNBALANCED_BLOCK = "unbalanced-block"


@dataclass(frozen=True)
class LintIssue:
    """One problem found in a template.

    Attributes:
        kind: the problem.
        part: the XML part, e.g. «word/document.xml».
        paragraph: index of the paragraph within the part (0-based).
        text: the offending tag or paragraph text, truncated to 80 characters.
        runs: for split tags, the run texts the tag spans.
    """

    kind: IssueKind
    part: str
    paragraph: int
    text: str
    runs: tuple[str, ...] = ()

    def __str__(self) -> str:
        """One line for logs and test failures."""
        return f"{self.part} ¶{self.paragraph}: {self.kind.value}: {self.text!r}"


def lint_template(path: Path) -> list[LintIssue]:
    """Check one .docx template.

    Args:
        path: the template file.

    Returns:
        The issues, in document order; empty when the template is clean.

    Raises:
        DataError: the file is not a readable .docx.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            parts = {
                name: archive.read(name)
                for name in sorted(archive.namelist())
                if _TEXT_PART.match(name)
            }
    except (OSError, zipfile.BadZipFile) as error:
        raise DataError(
            f"cannot open template {path}: {error}",
            user_message=f"Шаблон {path.name} не является файлом DOCX",
        ) from error
    issues: list[LintIssue] = []
    stack: list[tuple[str, str, int]] = []
    for name, xml in parts.items():
        issues += _lint_part(name, xml, stack)
    issues += [
        LintIssue(
            IssueKind.UNBALANCED_BLOCK, part, index, f"{opener} without end{opener}"
        )
        for opener, part, index in stack
    ]
    logger.debug("linted %s: %d issues", path.name, len(issues))
    return issues


def _lint_part(
    name: str, xml: bytes, stack: list[tuple[str, str, int]]
) -> list[LintIssue]:
    try:
        root = etree.fromstring(xml)
    except etree.XMLSyntaxError as error:
        raise DataError(
            f"{name} is not well-formed XML: {error}",
            user_message=f"Повреждённая часть шаблона: {name}",
        ) from error
    issues: list[LintIssue] = []
    for index, paragraph in enumerate(root.iter(f"{_W}p")):
        runs = [
            "".join(t.text or "" for t in run.iter(f"{_W}t"))
            for run in paragraph.iter(f"{_W}r")
        ]
        text = "".join(runs)
        if "{" not in text and "}" not in text:
            continue
        issues += _split_tags(name, index, runs, text)
        issues += _unbalanced_delimiters(name, index, text)
        issues += _track_blocks(name, index, text, stack)
    return issues


def _split_tags(name: str, index: int, runs: list[str], text: str) -> list[LintIssue]:
    bounds = []
    offset = 0
    for run in runs:
        bounds.append((offset, offset + len(run)))
        offset += len(run)
    issues = []
    for match in _TAG.finditer(text):
        spanned = [
            runs[n]
            for n, (start, end) in enumerate(bounds)
            if start < match.end() and end > match.start() and runs[n]
        ]
        if len(spanned) > 1:
            issues.append(
                LintIssue(
                    IssueKind.SPLIT_TAG, name, index, match.group()[:80], tuple(spanned)
                )
            )
    return issues


def _unbalanced_delimiters(name: str, index: int, text: str) -> list[LintIssue]:
    remainder = _TAG.sub("", text)
    if _DELIMITER.search(remainder):
        return [LintIssue(IssueKind.UNBALANCED_TAG, name, index, text[:80])]
    return []


def _track_blocks(
    name: str, index: int, text: str, stack: list[tuple[str, str, int]]
) -> list[LintIssue]:
    issues = []
    for match in _TAG.finditer(text):
        statement = _STATEMENT.match(match.group())
        if statement is None:
            continue
        word = statement.group(1)
        if word in _OPENERS:
            stack.append((word, name, index))
        elif word in _CLOSERS:
            if stack and stack[-1][0] == _CLOSERS[word]:
                stack.pop()
            else:
                issues.append(
                    LintIssue(
                        IssueKind.UNBALANCED_BLOCK, name, index, match.group()[:80]
                    )
                )
    return issues
