"""Write a synthetic, realistic campaign vault of any size, deterministically.

The vault has the same shape as the example in ``vault/``: contacts in
referral trees hanging off the owner (branching 0-4, up to 8 levels deep),
companies (about one per 20 contacts), interviews in every status and medium
with follow-up dates that make sense, outreach logs, body text with
``[[links]]``, a few private notes and unknown keys.  Every file is valid: a
generated vault loads with no data findings (the follow-up rules may still
flag overdue thank-yous and the like, as they would in a real campaign).

    python3 benchmarks/generate.py OUT_DIR --contacts 10000 [--seed 1]

The same seed and size always write the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["TODAY", "Stats", "generate"]

#: The day the generated campaign is "now": meetings after it are still to come.
TODAY = dt.date(2026, 11, 25)

FIRST = (  # noqa: SIM905 - word lists read better as text
    "Ada Adrian Aisha Alba Amir Ana Andre Anika Arjun Astrid Beatriz Bilal Bruno Camille Carmen Chen Chiara Dalia "
    "Daniel Dara Devon Elif Elena Emeka Esther Farah Felix Femi Gloria Hana Hector Hollis Imani Ines Ivan Jasper Jia "
    "Joao Jonas Julia Kai Kamala Keiko Ken Lars Leila Lena Luca Mai Malik Marco Maria Marcus Mateo Mei Mila Nadia "
    "Nikhil Noor Omar Owen Priya Rafael Rania Rosa Ruth Sami Sara Simone Sofia Tariq Tessa Theo Tomasz Uma Valentina "
    "Walt Wen Xavier Yara Yusuf Yvonne Zara Zoe"
).split()
LAST = (  # noqa: SIM905 - word lists read better as text
    "Abara Achebe Adeyemi Alvarez Andersen Bakker Bell Bianchi Brennan Calloway Castillo Chowdhury Costa Dahl Diallo "
    "Dubois Eklund Estes Farouk Ferreira Fischer Garcia Grant Haddad Hansen Horvat Ibrahim Ishikawa Jansen Kapoor Kim "
    "Kimani Kowalski Larsen Lindqvist Lopez Mahlangu Mills Moreau Nakamura Navarro Nguyen Novak Okafor Okoro Olsen "
    "Ortega Park Patel Petrov Pryce Quinn Rahman Reyes Rossi Santos Sato Schmidt Silva Singh Sorensen Suzuki Tanaka "
    "Torres Varga Vogel Walsh Wang Weber Wojcik Yamamoto Yilmaz Zhang Zielinski"
).split()
INITIALS = "ABCDEFGHJKLMNPRSTVW"
PROSPECT_LAST = ("Ashdown", "Whitfield", "Marlowe", "Oyelaran", "Castellanos", "Lindgren", "Thorne")
COMPANY_A = (  # noqa: SIM905 - word lists read better as text
    "Alder Amber Apex Aspen Beacon Birch Bright Brook Cedar Clear Cobalt Copper Crest Delta Echo Ember Fern Flint "
    "Granite Harbor Hazel Iron Juniper Keystone Lake Linden Lumen Maple Meridian Mesa North Oak Orchard Pine Prairie "
    "Quarry River Sage Shore Silver Slate Spruce Stone Summit Thistle Timber True Union Valley Willow"
).split()
COMPANY_B = (  # noqa: SIM905 - word lists read better as text
    "Talent,Staffing,RPO,Search Partners,Health,Software,Logistics,Outdoor,Analytics,Bank,Foods,Robotics,Media,"
    "Energy,Insurance,Retail,Labs,Consulting,Manufacturing,Education"
).split(",")
COMPANY_SUFFIX = ("", " Group", " Partners", " Holdings", " Collective", " Works", " Co", " International")
INDUSTRIES = {
    "Talent": "Recruiting agency",
    "Staffing": "Staffing",
    "RPO": "Recruitment process outsourcing (RPO)",
    "Search Partners": "Executive search",
}
ROLES = (
    "Technical Recruiter",
    "Senior Recruiter",
    "Talent Acquisition Partner",
    "Sourcing Specialist",
    "Recruiting Coordinator",
    "HR Generalist",
    "HR Business Partner",
    "Head of Talent",
    "Branch Manager",
    "Engineering Manager",
    "People Operations Lead",
    "Campus Recruiter",
    "Recruiting Operations Analyst",
    "Hiring Manager, Platform",
)
FIELDS = (
    "Technical recruiting",
    "Agency recruiting",
    "In-house recruiting",
    "Sourcing (RPO)",
    "HR generalist",
    "Staffing (light industrial)",
    "Campus recruiting",
    "Recruiting operations",
    "Engineering",
)
TAGS = (
    "agency",
    "rpo",
    "sourcing",
    "tech",
    "healthcare",
    "staffing",
    "in-house",
    "career-changer",
    "hiring-manager",
    "campus",
)
MET_VIA = (
    "Recruiters Who Code meetup",
    "Alumni directory of my college",
    "Regular customer at my store",
    "SHRM chapter breakfast",
    "Comment thread on a LinkedIn post about sourcing",
    "Neighbour at the community garden",
    "Career fair at the convention centre",
    "Former colleague from the store",
)
QUESTIONS = (
    "How did you get into this work?",
    "What does a typical week look like?",
    "What do you like most about it, and what least?",
    "Which training or certification helped you most?",
    "What would you do differently if you were starting the switch today?",
    "Where is the field growing, and what are its current challenges?",
    "With a large budget, where would you put the money?",
    "How should a career changer approach employers here?",
    "What is a realistic entry-level salary range?",
    "Is there anyone else you would recommend I speak with, and may I use your name?",
)
RESEARCH = (
    "Read their LinkedIn history and two recent posts",
    "Read the firm's careers page and its last press release",
    "Skimmed an industry overview of RPO pricing models",
    "Looked up the team on the company site",
    "Read the firm's engineering blog",
)
NOTES = (
    "Generous with time; talked mostly about how intake meetings go wrong.",
    "Blunt about the hours in agency work, and about the commission cliff in the first year.",
    "Recommended learning Boolean search properly before anything else.",
    "Said retail management maps well onto high-volume hiring: scheduling, no-shows, fast decisions.",
    "Offered to look at my resume and to forward a posting when one opens.",
    "Thinks the market is slow until spring, but coordinator roles keep opening.",
    "Walked me through a real scorecard, with the names taken out.",
)
OUTREACH_NOTES = (
    "Asked for twenty minutes to learn how they got into recruiting",
    "Followed up with two dates",
    "Connection request with a short note",
    "Left a voicemail",
    "Sent a handwritten card",
)
UNKNOWN_KEYS = {
    "pronouns": "she/her",
    "timezone_note": "Works from Denver",
    "birthday": "March",
    "home_address": "12 Elm Street",
}


@dataclass
class Person:
    index: int
    name: str
    stem: str
    company: str | None  # company display name
    company_linked: bool
    parent: int | None  # index of the referrer, None when met directly
    depth: int
    children: list[int] = field(default_factory=list)
    first_touch: dt.date = TODAY
    meeting: dt.date | None = None  # the meeting that happened or will
    private: bool = False


@dataclass
class Stats:
    """What was written."""

    contacts: int = 0
    companies: int = 0
    interviews: int = 0
    notes: int = 0
    bytes: int = 0
    prospects: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    mediums: dict[str, int] = field(default_factory=dict)


def _slug(name: str) -> str:
    out = "".join(c.lower() if c.isalnum() else "-" for c in name)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")


def _people_names(rng: random.Random, n: int) -> list[str]:
    """``n`` distinct names: first + last, then with a middle initial, then numbered."""
    pairs = [f"{f} {l}" for f in FIRST for l in LAST]
    rng.shuffle(pairs)
    names = pairs[:n]
    if n > len(pairs):
        with_initial = [f"{f} {i}. {l}" for f in FIRST for i in INITIALS for l in LAST]
        rng.shuffle(with_initial)
        names += with_initial[: n - len(pairs)]
    k = 2
    while len(names) < n:  # beyond ~140,000 people: numbered, still unique
        names += [f"{p} {k}" for p in pairs[: n - len(names)]]
        k += 1
    return names


def _company_names(rng: random.Random, n: int) -> list[str]:
    combos = [f"{a} {b}{s}" for s in COMPANY_SUFFIX for a in COMPANY_A for b in COMPANY_B]
    # Plain names first so small vaults read like the example; then suffixed.
    plain = combos[: len(COMPANY_A) * len(COMPANY_B)]
    rest = combos[len(plain) :]
    rng.shuffle(plain)
    rng.shuffle(rest)
    names = (plain + rest)[:n]
    k = 2
    while len(names) < n:
        names += [f"{c} {k}" for c in combos[: n - len(names)]]
        k += 1
    return names


def _q(text: str) -> str:
    """A YAML double-quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _link(name: str) -> str:
    return _q(f"[[{name}]]")


def _branching(rng: random.Random) -> int:
    return rng.choices((0, 1, 2, 3, 4), weights=(34, 24, 22, 12, 8))[0]


def _build_people(rng: random.Random, n: int, companies: list[str]) -> list[Person]:
    """Referral trees: roots met directly, each person naming 0-4 others, 8 levels at most."""
    names = _people_names(rng, n)
    people: list[Person] = []
    queue: list[int] = []
    head = 0

    def add(parent: int | None, depth: int) -> int:
        i = len(people)
        if companies and rng.random() < 0.9:
            company, linked = rng.choice(companies), True
        else:
            company, linked = f"{rng.choice(COMPANY_A)} {rng.choice(('Search', 'Consulting', 'Agency'))} LLC", False
        people.append(Person(i, names[i], _slug(names[i]), company, linked, parent, depth))
        if parent is not None:
            people[parent].children.append(i)
        queue.append(i)
        return i

    while len(people) < n:
        if head == len(queue) or rng.random() < 0.04:
            add(None, 1)  # a new tree: someone met without a referral
            continue
        parent = queue[head]
        head += 1
        if people[parent].depth >= 8:
            continue
        for _ in range(_branching(rng)):
            if len(people) >= n:
                break
            add(parent, people[parent].depth + 1)
    return people


def _height(people: list[Person], i: int) -> int:
    """Levels below person i (iterative: trees can be wide)."""
    best = 0
    stack = [(i, 0)]
    while stack:
        j, h = stack.pop()
        best = max(best, h)
        stack.extend((c, h + 1) for c in people[j].children)
    return best


def _schedule(rng: random.Random, people: list[Person]) -> None:
    """Dates top-down: a person is contacted after the meeting where their name was given."""
    for p in people:
        if p.parent is None:
            # Start early enough that most of the tree is met by today; the
            # newest leaves spill past it, as meetings still to come.
            room = 12 * _height(people, p.index) + 14
            p.first_touch = TODAY - dt.timedelta(days=rng.randint(room, max(room, 700)))
        else:
            given = people[p.parent].meeting or people[p.parent].first_touch
            p.first_touch = given + dt.timedelta(days=rng.randint(1, 6))
        p.first_touch = min(p.first_touch, TODAY)
        p.meeting = p.first_touch + dt.timedelta(days=rng.randint(4, 16))
        if p.children and p.meeting > TODAY:
            p.meeting = TODAY - dt.timedelta(days=1)


def _frontmatter(lines: list[str], body: str) -> str:
    return "---\n" + "\n".join(lines) + "\n---\n" + body


def _outreach(rng: random.Random, p: Person, lines: list[str]) -> None:
    start = p.first_touch
    if start > TODAY:
        return
    count = rng.randint(1, 4)
    lines.append("outreach:")
    day = start
    for k in range(count):
        if day > TODAY:
            break
        inbound = k > 0 and rng.random() < 0.3
        lines.append(f"  - date: {day.isoformat()}")
        lines.append(f"    via: {rng.choice(('email', 'linkedin', 'phone', 'letter', 'in-person', 'other'))}")
        if inbound:
            lines.append("    direction: in")
        lines.append(f"    note: {_q(rng.choice(OUTREACH_NOTES))}")
        if inbound and rng.random() < 0.7:
            answered = day + dt.timedelta(days=rng.randint(0, 3))
            if answered <= TODAY:
                lines.append(f"    answered: {answered.isoformat()}")
        day += dt.timedelta(days=rng.randint(1, 5))


def _contact_text(rng: random.Random, p: Person, people: list[Person], owner: str) -> str:
    lines = [f"name: {p.name}"]
    if p.company:
        lines.append(f"company: {_link(p.company) if p.company_linked else p.company}")
    lines.append(f"role: {rng.choice(ROLES)}")
    lines.append(f"field: {rng.choice(FIELDS)}")
    lines.append(f"email: {p.stem}@example.com")
    if rng.random() < 0.4:
        lines.append(f"phone: 555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}")
    lines.append(f"linkedin: https://www.linkedin.com/in/{p.stem}-example")
    if p.parent is not None:
        lines.append(f"referred_by: {_link(people[p.parent].name)}")
    else:
        lines.append(f"met_via: {rng.choice(MET_VIA)}")
    if rng.random() < 0.05:
        lines.append("status: dormant")
    tags = rng.sample(TAGS, rng.randint(0, 3))
    if tags:
        lines.append("tags:")
        lines.extend(f"  - {t}" for t in tags)
    if p.private:
        lines.append("private: true")
    if rng.random() < 0.08:
        key = rng.choice(sorted(UNKNOWN_KEYS))
        lines.append(f"{key}: {UNKNOWN_KEYS[key]}")
    _outreach(rng, p, lines)
    body = [f"# {p.name}", ""]
    where = f"[[{p.company}]]" if p.company and p.company_linked else (p.company or "a firm I have not looked up yet")
    body.append(f"Works at {where}. {rng.choice(NOTES)}")
    if p.parent is not None:
        body += ["", f"Introduced by [[{people[p.parent].name}]], who said to mention their name."]
    body += ["", f"Why talk to them: {owner} wants to hear how they got into {rng.choice(FIELDS).lower()}."]
    return _frontmatter(lines, "\n".join(body) + "\n")


@dataclass
class Meeting:
    day: dt.date
    status: str
    medium: str
    changed_by: str | None = None
    time: str | None = None


def _meetings(rng: random.Random, p: Person) -> list[Meeting]:
    """The interviews with one person, oldest first."""
    assert p.meeting is not None
    medium = rng.choice(("in-person", "phone", "video"))
    time = f"{rng.randint(8, 17):02d}:{rng.choice(('00', '15', '30', '45'))}" if rng.random() < 0.3 else None
    if p.children:  # they named others, so the meeting happened
        out = []
        if rng.random() < 0.12:
            first = p.meeting - dt.timedelta(days=rng.randint(3, 9))
            out.append(Meeting(first, rng.choice(("rescheduled", "cancelled")), medium, rng.choice(("me", "them"))))
        out.append(Meeting(p.meeting, "done", medium, time=time))
        return out
    if p.meeting <= TODAY and rng.random() < 0.12:
        # Slow to book: the meeting is still to come, somewhere in the next three weeks.
        p.meeting = TODAY + dt.timedelta(days=rng.randint(0, 21))
        time = None if p.meeting == TODAY else time
    if p.meeting <= TODAY:
        pick = rng.random()
        if pick < 0.58:
            return [Meeting(p.meeting, "done", medium, time=time)]
        if pick < 0.66:
            return [Meeting(p.meeting, "cancelled", medium, rng.choice(("me", "them")))]
        if pick < 0.76:
            later = p.meeting + dt.timedelta(days=rng.randint(5, 14))
            status = "done" if later <= TODAY else "scheduled"
            return [
                Meeting(p.meeting, "rescheduled", medium, rng.choice(("me", "them"))),
                Meeting(later, status, medium, time=time),
            ]
        return []  # still only outreach
    pick = rng.random()
    if pick < 0.6:
        return [Meeting(p.meeting, "scheduled", medium, time=time)]
    if pick < 0.85:
        return [Meeting(p.meeting, "requested", medium)]
    return []


def _interview_text(
    rng: random.Random, p: Person, m: Meeting, people: list[Person], prospects: list[str], stats: Stats
) -> str:
    when = f'"{m.day.isoformat()}T{m.time}"' if m.time else m.day.isoformat()
    lines = [f"contact: {_link(p.name)}", f"date: {when}", f"medium: {m.medium}", f"status: {m.status}"]
    if m.changed_by:
        lines.append(f"changed_by: {m.changed_by}")
    prepared = m.status in ("done", "scheduled") and rng.random() < 0.8
    questions = rng.sample(QUESTIONS, rng.randint(3, 6)) if prepared else []
    in_body = rng.random() < 0.6
    if questions and not in_body:
        lines.append("questions:")
        lines.extend(f"  - {_q(q)}" for q in questions)
    if prepared and not in_body:
        lines.append(f"research: {_q(rng.choice(RESEARCH))}")
    if m.status == "done":
        given = [people[c].name for c in p.children]
        if rng.random() < 0.03:
            given.append(rng.choice(prospects))  # a name with no note yet: a prospect
            stats.prospects += 1
        if given:
            lines.append("referrals:")
            lines.extend(f"  - {_link(g)}" for g in given)
            lines.append(f"may_use_name: {'true' if rng.random() < 0.85 else 'false'}")
        elif rng.random() < 0.6:
            lines.append("referrals_asked: true")
        _follow_ups(rng, p, m, lines)
    private = p.private or rng.random() < 0.003
    if private:
        lines.append("private: true")
    tags = rng.sample(TAGS, rng.randint(0, 2))
    if tags:
        lines.append("tags:")
        lines.extend(f"  - {t}" for t in tags)
    body: list[str] = []
    if questions and in_body:
        body += ["## Questions", ""] + [f"- {q}" for q in questions] + [""]
    if prepared and in_body:
        body += ["## Research", "", f"- {rng.choice(RESEARCH)}"]
        if p.company and p.company_linked:
            body.append(f"- See [[{p.company}]] for my notes on the firm.")
        body.append("")
    body += ["## Notes", ""]
    if m.status == "done":
        body.append(" ".join(rng.sample(NOTES, 2)))
        for c in p.children[:2]:
            body.append(f"Suggested I talk to [[{people[c].name}]].")
    elif m.status in ("cancelled", "rescheduled"):
        body.append(f"Moved by {'me' if m.changed_by == 'me' else 'them'}; a clash that week.")
    else:
        body.append("Booked; prepare questions the day before.")
    return _frontmatter(lines, "\n".join(body) + "\n")


def _follow_ups(rng: random.Random, p: Person, m: Meeting, lines: list[str]) -> None:
    def after(lo: int, hi: int, base: dt.date | None = None) -> dt.date | None:
        day = (base or m.day) + dt.timedelta(days=rng.randint(lo, hi))
        return day if day <= TODAY else None

    if rng.random() < 0.85 and (day := after(0, 4)):
        lines.append(f"thank_you_sent: {day.isoformat()}")
    if p.parent is not None and rng.random() < 0.7 and (day := after(0, 5)):
        lines.append(f"referrer_thanked: {day.isoformat()}")
    if (m.medium == "phone" or rng.random() < 0.3) and rng.random() < 0.6 and (sent := after(0, 3)):
        lines.append(f"resume_sent: {sent.isoformat()}")
        if rng.random() < 0.5 and (back := after(2, 10, sent)):
            lines.append(f"resume_feedback: {back.isoformat()}")


def _company_text(rng: random.Random, name: str) -> str:
    kind = next((v for k, v in INDUSTRIES.items() if k in name), None) or rng.choice(
        ("Software", "Healthcare", "Logistics", "Retail", "Financial services", "Manufacturing")
    )
    lines = [f"name: {name}", f"website: https://{_slug(name)}.example.com", f"industry: {kind}"]
    tags = rng.sample(TAGS, rng.randint(0, 2))
    if tags:
        lines.append("tags:")
        lines.extend(f"  - {t}" for t in tags)
    body = f"# {name}\n\n{kind}. {rng.choice(NOTES)}\n\n## Open questions\n\n- How do they hire career changers?\n"
    return _frontmatter(lines, body)


def _write(path: Path, text: str, stats: Stats) -> None:
    data = text.encode("utf-8")
    path.write_bytes(data)
    stats.notes += 1
    stats.bytes += len(data)


def generate(root: str | os.PathLike[str], contacts: int, seed: int = 1, owner: str = "Robin Example") -> Stats:
    """Write a vault with ``contacts`` contacts under ``root`` (created; must be empty or absent)."""
    out = Path(root)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty")
    rng = random.Random(seed)
    stats = Stats()
    for sub in ("contacts", "companies", "interviews"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    (out / "infoview.yml").write_text(
        f"owner: {owner}\ntimezone: America/Chicago\ngoal: Move into technical recruiting\n"
        "business_days: false\nrules:\n  campaign-stalled: {per_week: 3}\n"
        f"site:\n  title: {owner}'s campaign (synthetic, seed {seed})\n  private_fields: [home_address]\n",
        encoding="utf-8",
    )
    companies = _company_names(rng, max(1, contacts // 20)) if contacts else []
    for name in companies:
        _write(out / "companies" / f"{_slug(name)}.md", _company_text(rng, name), stats)
    stats.companies = len(companies)
    people = _build_people(rng, contacts, companies)
    _schedule(rng, people)
    for p in people:
        # A few private people, never in the middle of a chain (their page is hidden).
        p.private = not p.children and rng.random() < 0.01
    # Surnames outside LAST, so a name given can never match a contact's note.
    prospects = [f"{f} {l}" for f in FIRST[:12] for l in PROSPECT_LAST]
    for p in people:
        _write(out / "contacts" / f"{p.stem}.md", _contact_text(rng, p, people, owner), stats)
        for k, m in enumerate(_meetings(rng, p)):
            stem = f"{m.day.isoformat()}-{p.stem}" + (f"-{k + 1}" if k else "")
            _write(out / "interviews" / f"{stem}.md", _interview_text(rng, p, m, people, prospects, stats), stats)
            stats.interviews += 1
            stats.statuses[m.status] = stats.statuses.get(m.status, 0) + 1
            stats.mediums[m.medium] = stats.mediums.get(m.medium, 0) + 1
    stats.contacts = len(people)
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="folder to create (must be empty or absent)")
    parser.add_argument("--contacts", "-n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    try:
        stats = generate(args.out, args.contacts, args.seed)
    except FileExistsError as exc:
        print(f"generate: {exc}", file=sys.stderr)
        return 2
    print(
        f"{stats.contacts} contacts, {stats.companies} companies, {stats.interviews} interviews, "
        f"{stats.notes} notes, {stats.bytes / 1e6:.1f} MB in {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
