"""Reading a discussion paper written in Markdown (the convention is in docs/consultations.md).

    # Title of the consultation
    Summary paragraphs.
    ## A section heading
    Section text (Markdown).
    ### Questions
    - A long-answer question?
    - [scale] A statement to agree or disagree with.
    - [yes/no] A yes-or-no question?
    - [choice: First option | Second option] A question with options?

A paper in one language may come with its translation in a second file of the same shape; sections and
questions are paired by position. A paper that does not follow the convention raises RuleError on `field`
(the form field, or None for the command line), saying where.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...i18n import _
from ...rules import RuleError

QUESTION_HEADINGS = {"questions", "questions de discussion", "discussion questions", "questions à discuter"}
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
_MARKER = re.compile(r"^\[(scale|yes/no|yesno|oui/non|choice|choix)\s*(?::\s*([^\]]*))?\]\s*(.*)$", re.I)
KIND_OF_MARKER = {"scale": "scale", "yes/no": "yesno", "yesno": "yesno", "oui/non": "yesno", "choice": "choice",
                  "choix": "choice"}


@dataclass
class PaperQuestion:
    kind: str
    text: str
    choices: list[str] = field(default_factory=list)


@dataclass
class PaperSection:
    title: str
    body: str = ""
    questions: list[PaperQuestion] = field(default_factory=list)


@dataclass
class Paper:
    title: str = ""
    summary: str = ""
    sections: list[PaperSection] = field(default_factory=list)


def _question(line: str, lineno: int, on: str | None) -> PaperQuestion:
    m = _MARKER.match(line)
    if not m:
        return PaperQuestion("long", line.strip())
    kind = KIND_OF_MARKER[m.group(1).lower()]
    choices = [c.strip() for c in (m.group(2) or "").split("|") if c.strip()]
    if kind == "choice" and len(choices) < 2:
        raise RuleError(field=on, message=_(
            "Line %(n)s: a choice question needs at least two options separated by |.", n=lineno))
    text = m.group(3).strip()
    if not text:
        raise RuleError(field=on, message=_("Line %(n)s: the question has no text.", n=lineno))
    return PaperQuestion(kind, text, choices)


class _Reader:
    """One pass over the lines: headings open sections; a questions heading turns list items into questions."""

    def __init__(self, on: str | None):
        self.on = on
        self.paper = Paper()
        self.summary: list[str] = []
        self.section: PaperSection | None = None
        self.body: list[str] = []
        self.in_questions = False
        self.question_level = 0

    def close_section(self) -> None:
        if self.section is not None:
            self.section.body = "\n".join(self.body).strip()

    def heading(self, level: int, title: str) -> bool:
        """True when the heading was taken (title, questions heading or a new section)."""
        if level == 1 and not self.paper.title and self.section is None:
            self.paper.title = title
            return True
        if self.section is not None and title.lower().rstrip(" :") in QUESTION_HEADINGS:
            self.in_questions, self.question_level = True, level
            return True
        if self.section is None or level <= 2 or (self.in_questions and level <= self.question_level):
            self.close_section()
            self.section = PaperSection(title)
            self.paper.sections.append(self.section)
            self.body, self.in_questions = [], False
            return True
        return False

    def line(self, raw: str, lineno: int) -> None:
        heading = _HEADING.match(raw)
        if heading and self.heading(len(heading.group(1)), heading.group(2).strip()):
            return
        if self.section is None:
            self.summary.append(raw)
        elif not self.in_questions:
            self.body.append(raw)
        elif item := _ITEM.match(raw):
            self.section.questions.append(_question(item.group(1), lineno, self.on))
        elif raw.strip() and self.section.questions and raw.startswith((" ", "\t")):
            self.section.questions[-1].text += " " + raw.strip()   # a wrapped list item
        elif raw.strip():
            self.body.append(raw)


def parse(text: str, on: str | None = None) -> Paper:
    """The paper written in `text`; `on` names the form field that errors belong to."""
    reader = _Reader(on)
    for lineno, raw in enumerate(text.splitlines(), start=1):
        reader.line(raw, lineno)
    reader.close_section()
    paper = reader.paper
    paper.summary = "\n".join(reader.summary).strip()
    if not paper.title:
        raise RuleError(field=on, message=_(
            "The paper needs a title: a first-level heading (# Title) before any section."))
    if not paper.sections:
        raise RuleError(field=on, message=_("The paper has no sections: use second-level headings (## Section)."))
    return paper


def pair(main: Paper, translation: Paper | None, on: str | None = None) -> None:
    """Check that a translation has the same shape (sections, questions, kinds, options)."""
    if translation is None:
        return
    if len(main.sections) != len(translation.sections):
        raise RuleError(field=on, message=_(
            "The translation has %(t)s sections, the paper %(p)s.", t=len(translation.sections),
            p=len(main.sections)))
    for n, (a, b) in enumerate(zip(main.sections, translation.sections), start=1):
        if len(a.questions) != len(b.questions):
            raise RuleError(field=on, message=_(
                "Section %(n)s: %(t)s questions in the translation, %(p)s in the paper.", n=n,
                t=len(b.questions), p=len(a.questions)))
        for m, (qa, qb) in enumerate(zip(a.questions, b.questions), start=1):
            if qa.kind != qb.kind or len(qa.choices) != len(qb.choices):
                raise RuleError(field=on, message=_(
                    "Question %(ref)s: its kind or options differ in the translation.", ref=f"{n}.{m}"))
