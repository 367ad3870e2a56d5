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
questions are paired by position.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

QUESTION_HEADINGS = {"questions", "questions de discussion", "discussion questions", "questions à discuter"}
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
_MARKER = re.compile(r"^\[(scale|yes/no|yesno|oui/non|choice|choix)\s*(?::\s*([^\]]*))?\]\s*(.*)$", re.I)
KIND_OF_MARKER = {"scale": "scale", "yes/no": "yesno", "yesno": "yesno", "oui/non": "yesno", "choice": "choice",
                  "choix": "choice"}


class PaperError(ValueError):
    pass


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


def _question(line: str, lineno: int) -> PaperQuestion:
    m = _MARKER.match(line)
    if not m:
        return PaperQuestion("long", line.strip())
    kind = KIND_OF_MARKER[m.group(1).lower()]
    choices = [c.strip() for c in (m.group(2) or "").split("|") if c.strip()]
    if kind == "choice" and len(choices) < 2:
        raise PaperError(f"line {lineno}: a choice question needs at least two options separated by |")
    text = m.group(3).strip()
    if not text:
        raise PaperError(f"line {lineno}: the question has no text")
    return PaperQuestion(kind, text, choices)


def parse(text: str) -> Paper:
    paper = Paper()
    summary: list[str] = []
    section: PaperSection | None = None
    body: list[str] = []
    in_questions = False
    question_level = 0

    def close_section():
        if section is not None:
            section.body = "\n".join(body).strip()

    for lineno, raw in enumerate(text.splitlines(), start=1):
        heading = _HEADING.match(raw)
        if heading:
            level, title = len(heading.group(1)), heading.group(2).strip()
            if level == 1 and not paper.title and section is None:
                paper.title = title
                continue
            if section is not None and title.lower().rstrip(" :") in QUESTION_HEADINGS:
                in_questions, question_level = True, level
                continue
            if section is None or level <= 2 or (in_questions and level <= question_level):
                close_section()
                section = PaperSection(title)
                paper.sections.append(section)
                body, in_questions = [], False
                continue
        if section is None:
            summary.append(raw)
            continue
        if in_questions:
            item = _ITEM.match(raw)
            if item:
                section.questions.append(_question(item.group(1), lineno))
            elif raw.strip() and section.questions and raw.startswith((" ", "\t")):
                section.questions[-1].text += " " + raw.strip()   # a wrapped list item
            elif raw.strip():
                body.append(raw)
            continue
        body.append(raw)
    close_section()
    paper.summary = "\n".join(summary).strip()
    if not paper.title:
        raise PaperError("the paper needs a title: a first-level heading (# Title) before any section")
    if not paper.sections:
        raise PaperError("the paper has no sections: use second-level headings (## Section)")
    return paper


def pair(main: Paper, translation: Paper | None) -> None:
    """Check that a translation has the same shape (sections, questions, kinds, options)."""
    if translation is None:
        return
    if len(main.sections) != len(translation.sections):
        raise PaperError(f"the translation has {len(translation.sections)} sections, the paper {len(main.sections)}")
    for n, (a, b) in enumerate(zip(main.sections, translation.sections), start=1):
        if len(a.questions) != len(b.questions):
            raise PaperError(f"section {n}: {len(b.questions)} questions in the translation, {len(a.questions)} in "
                             "the paper")
        for m, (qa, qb) in enumerate(zip(a.questions, b.questions), start=1):
            if qa.kind != qb.kind or len(qa.choices) != len(qb.choices):
                raise PaperError(f"question {n}.{m}: its kind or options differ in the translation")
