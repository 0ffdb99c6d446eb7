"""The question bank (texts in ``questions.yml``): what to ask in an informational interview, and why.

New interview notes carry the questions in a ``## Questions`` section; ``infoview questions`` prints them.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files

import yaml

__all__ = [
    "QUESTIONS",
    "RESUME_QUESTIONS",
    "TOPICS",
    "Question",
    "question_items",
    "questions_markdown",
    "questions_text",
]


@dataclass(frozen=True)
class Question:
    """One question to ask, the part of the meeting it belongs to, and what it is for."""

    topic: str
    text: str
    why: str


_BANK = yaml.safe_load(files(__package__).joinpath("questions.yml").read_text(encoding="utf-8"))
#: Topics in the order a meeting runs through them.
TOPICS: tuple[str, ...] = tuple(_BANK["questions"])
QUESTIONS: tuple[Question, ...] = tuple(
    Question(topic, q["ask"], q["why"]) for topic, asked in _BANK["questions"].items() for q in asked
)
#: What to ask once someone has your resume (specific questions get specific answers).
RESUME_QUESTIONS: tuple[str, ...] = tuple(_BANK["resume_questions"])


def question_items() -> list[str]:
    """The questions as Markdown list items, ready for a ``## Questions`` section."""
    return [f"- {q.text}" for q in QUESTIONS]


def questions_markdown() -> str:
    """The whole bank as Markdown: a heading per topic, each question with why it helps."""
    out: list[str] = []
    for topic in TOPICS:
        out += [f"## {topic}\n", *(f"- **{q.text}**  \n  {q.why}" for q in QUESTIONS if q.topic == topic), ""]
    return "\n".join(out)


def questions_text() -> str:
    """The bank as plain text for a terminal, numbered."""
    numbered = list(enumerate(QUESTIONS, start=1))  # grouped by topic, as questions.yml lists them
    out: list[str] = []
    for topic in TOPICS:
        out += [topic, *(f"  {n:2d}. {q.text}\n      {q.why}" for n, q in numbered if q.topic == topic), ""]
    return "\n".join(out).rstrip("\n") + "\n"
