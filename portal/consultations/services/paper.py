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
    - [number] [required] How many people did you serve?
      > Help text for the question, on indented lines starting with ">".

Tags are accepted in French too ([échelle], [oui/non], [choix: ...], [nombre], [obligatoire]...).

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
_TAG = re.compile(r"^\[([^\]:]{1,40})(?::\s*([^\]]*))?\]\s*")
_HELP = re.compile(r"^\s+>\s?(.*)$")
# Tags in either language (docs/consultations.md); the English ones are written back by the export.
KIND_OF_TAG = {
    "long": "long", "longue": "long", "short": "short", "courte": "short",
    "scale": "scale", "échelle": "scale", "echelle": "scale",
    "yes/no": "yesno", "yesno": "yesno", "oui/non": "yesno",
    "choice": "choice", "choix": "choice", "single choice": "choice", "choix unique": "choice",
    "multiple": "multi", "multiple choice": "multi", "choix multiple": "multi", "choix multiples": "multi",
    "number": "number", "nombre": "number",
}
REQUIRED_TAGS = {"required", "obligatoire"}
TAG_OF_KIND = {"short": "short", "scale": "scale", "yesno": "yes/no", "choice": "choice", "multi": "multiple",
               "number": "number"}
ACCEPTED_TAGS = ("[short] [courte], [scale] [échelle], [yes/no] [oui/non], [choice: A | B] [choix: A | B], "
                 "[multiple: A | B] [choix multiples: A | B], [number] [nombre], [required] [obligatoire]")


@dataclass
class PaperQuestion:
    kind: str
    text: str
    choices: list[str] = field(default_factory=list)
    required: bool = False
    help: str = ""


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
    """A list item: optional tags (kind, required) then the question's text."""
    q = PaperQuestion("long", "")
    rest = line.strip()
    while m := _TAG.match(rest):
        tag, options = m.group(1).strip().lower(), m.group(2)
        if tag in REQUIRED_TAGS:
            q.required = True
        elif tag in KIND_OF_TAG:
            q.kind = KIND_OF_TAG[tag]
            q.choices = [c.strip() for c in (options or "").split("|") if c.strip()]
        else:
            raise RuleError(field=on, message=_(
                "Line %(n)s: the tag [%(tag)s] is not known. Accepted tags: %(tags)s.", n=lineno, tag=m.group(1),
                tags=ACCEPTED_TAGS))
        rest = rest[m.end():]
    if q.kind in ("choice", "multi") and len(q.choices) < 2:
        raise RuleError(field=on, message=_(
            "Line %(n)s: a choice question needs at least two options separated by |.", n=lineno))
    q.text = rest.strip()
    if not q.text:
        raise RuleError(field=on, message=_("Line %(n)s: the question has no text.", n=lineno))
    return q


def question_markdown(kind: str, text: str, choices: list[str], required: bool, help_text: str) -> list[str]:
    """A question written back in the convention, as the lines of one list item."""
    tag = TAG_OF_KIND.get(kind, "")
    if kind in ("choice", "multi"):
        tag += ": " + " | ".join(choices)
    prefix = (f"[{tag}] " if tag else "") + ("[required] " if required else "")
    lines = [f"- {prefix}{text}"]
    lines += [f"  > {h}" for h in help_text.splitlines() if h.strip()]
    return lines


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
        elif self.section.questions and (help_line := _HELP.match(raw)):
            q = self.section.questions[-1]    # "  > help text" under a question
            q.help = (q.help + "\n" + help_line.group(1)).strip()
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
            if qa.kind != qb.kind or len(qa.choices) != len(qb.choices) or qa.required != qb.required:
                raise RuleError(field=on, message=_(
                    "Question %(ref)s: its kind, options or being required differ in the translation.", ref=f"{n}.{m}"))
