"""The question bank: what to ask in an informational interview, and why.

The questions follow the practice the project is built on: you came to learn
what the work is like and how people got into it, never to ask for a job, and
every meeting closes by asking for one or two more names. New interview notes
carry these questions in a ``## Questions`` section (see ``infoview new
interview``); ``infoview questions`` prints them.
"""

from __future__ import annotations

from dataclasses import dataclass

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


#: Topics in the order a meeting runs through them.
TOPICS: tuple[str, ...] = ("The work", "Getting in", "The field", "Approaching employers", "Closing")

QUESTIONS: tuple[Question, ...] = (
    Question(
        "The work",
        "What does an ordinary day (or week) look like for you, from the first hour to the last?",
        "The job description says what a role is for; a real day says what it is.",
    ),
    Question(
        "The work",
        "What do you enjoy most about this work, and what would you happily give away?",
        "Tells you whether the parts you would love are a big share of the job or a small one.",
    ),
    Question(
        "Getting in",
        "How did you get into this field, and what did your path look like before this role?",
        "Shows which doors people actually came through, especially from another career.",
    ),
    Question(
        "Getting in",
        "Which education, training or certificates help most here, and which don't matter much?",
        "Separates the credentials hiring managers look for from the ones that only cost money.",
    ),
    Question(
        "Getting in",
        "What do you read to keep up, and which professional associations or groups are worth joining?",
        "Publications and associations are where you learn the vocabulary and meet the next contacts.",
    ),
    Question(
        "Getting in",
        "Knowing what you know now, what would you do differently if you were starting out again?",
        "People are generous with hindsight; it saves you their detours.",
    ),
    Question(
        "The field",
        "If your team were handed a large budget tomorrow, where would the money go first?",
        "The answer points at the gaps and unmet needs: where someone new could be useful.",
    ),
    Question(
        "The field",
        "Where is the field growing, and which skills will be in demand in a few years?",
        "So you prepare for where the work is going, not where it was.",
    ),
    Question(
        "The field",
        "What are the hardest problems your team or the field is facing right now?",
        "Challenges are what employers hire for; knowing them makes your own pitch concrete.",
    ),
    Question(
        "Approaching employers",
        "How would you suggest someone with my background approach employers in this field?",
        "Insiders know which channels work (referrals, agencies, cohorts) and which are dead ends.",
    ),
    Question(
        "Approaching employers",
        "What do entry-level roles here usually pay, roughly?",
        "A range from someone inside keeps your expectations and negotiations grounded.",
    ),
    Question(
        "Closing",
        "Is there anyone else you would recommend I speak with, and may I use your name when I contact them?",
        "Every meeting should yield one or two new names; using theirs gets your letter read.",
    ),
    Question(
        "Closing",
        "Would you be willing to look at my resume and tell me what to change?",
        "Especially after a phone call: specific feedback on fit, weak spots, format and length.",
    ),
)


#: What to ask once someone has your resume: fit for the roles discussed, weak areas, format, length, layout,
#: content. A specific question gets a specific answer; "any thoughts?" gets a polite "looks good".
RESUME_QUESTIONS: tuple[str, ...] = (
    "Does it make me a credible candidate for the roles we talked about? If not, what is missing?",
    "Where is it weakest: what would make you hesitate if it reached your desk?",
    "Is the format what people in your field expect?",
    "Is it the right length, and what would you cut first?",
    "Does the layout lead the eye to what matters most?",
    "Is anything missing that your field looks for, or anything there that does not belong?",
)


def question_items() -> list[str]:
    """The questions as Markdown list items, ready for a ``## Questions`` section."""
    return [f"- {q.text}" for q in QUESTIONS]


def questions_markdown() -> str:
    """The whole bank as Markdown: a heading per topic, each question with why it helps."""
    out: list[str] = []
    for topic in TOPICS:
        out.append(f"## {topic}\n")
        out.extend(f"- **{q.text}**  \n  {q.why}" for q in QUESTIONS if q.topic == topic)
        out.append("")
    return "\n".join(out)


def questions_text() -> str:
    """The bank as plain text for a terminal, numbered."""
    out: list[str] = []
    n = 0
    for topic in TOPICS:
        out.append(topic)
        for q in QUESTIONS:
            if q.topic == topic:
                n += 1
                out.append(f"  {n:2d}. {q.text}")
                out.append(f"      {q.why}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
