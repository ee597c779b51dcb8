"""Deterministic sales-plan prose: headings, paragraphs, lists, tables, quotes.

The text is nonsense assembled from a sales-operations vocabulary, but its
*shape* — a page of 3–6 KB with two levels of headings, inline emphasis and
code, bullet and numbered lists, a pipe table and the odd block quote — is
what a real plan section looks like, and shape is what a Markdown renderer's
speed depends on.
"""

from __future__ import annotations

import random

NOUNS = (
    "pipeline", "forecast", "quota", "territory", "account", "renewal", "discount", "proposal",
    "webinar", "campaign", "segment", "funnel", "lead", "opportunity", "demo", "trial", "contract",
    "budget", "headcount", "margin", "partner", "reseller", "channel", "playbook", "persona",
    "objection", "champion", "buyer", "committee", "procurement", "onboarding", "upsell", "churn",
    "retention", "cadence", "sequence", "booking", "revenue", "invoice", "dashboard", "report",
)
VERBS = (
    "qualifies", "accelerates", "reviews", "tracks", "expands", "protects", "reduces", "doubles",
    "shortens", "prioritises", "converts", "nurtures", "measures", "supports", "drives", "covers",
)
ADJECTIVES = (
    "quarterly", "regional", "enterprise", "mid-market", "inbound", "outbound", "strategic",
    "named", "seasonal", "weighted", "qualified", "recurring", "annual", "competitive", "early",
)
PEOPLE = ("Ana Silva", "Ben Okafor", "Chen Wei", "Dana Whitfield", "Erik Lund", "Fatima Khan",
          "Goran Petrov", "Hana Sato", "Ivan Horvat", "Julia Nowak", "Kofi Mensah", "Lea Martin")
HEADINGS = ("Why this matters", "What we will do", "How we measure it", "Risks and mitigations",
            "Who is involved", "Timeline", "Open questions", "Lessons from last year", "Next steps")


class Writer:
    """Markdown text from one seeded random stream (same seed → same text)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def person(self) -> str:
        return self.rng.choice(PEOPLE)

    def topic(self) -> str:
        return f"{self.rng.choice(ADJECTIVES)} {self.rng.choice(NOUNS)} {self.rng.choice(NOUNS)}".capitalize()

    def sentence(self) -> str:
        r = self.rng
        words = [r.choice(ADJECTIVES), r.choice(NOUNS), r.choice(VERBS), "the", r.choice(ADJECTIVES),
                 r.choice(NOUNS)]
        tail = r.random()
        if tail < 0.15:
            words += ["by", f"**{r.randint(5, 60)}%**"]
        elif tail < 0.25:
            words += ["in", f"`{r.choice(NOUNS)}_{r.randint(1, 9)}`"]
        elif tail < 0.4:
            words += ["for", f"*{r.choice(NOUNS)}s*", "and", r.choice(NOUNS) + "s"]
        elif tail < 0.5:
            words += ["with", f"[{r.choice(NOUNS)} notes](https://example.com/{r.choice(NOUNS)})"]
        return " ".join(words).capitalize() + "."

    def paragraph(self) -> str:
        text = " ".join(self.sentence() for _ in range(self.rng.randint(3, 6)))
        return _wrap(text) + "\n"

    def bullets(self, ordered: bool = False) -> str:
        items = [self.sentence() for _ in range(self.rng.randint(3, 6))]
        return "".join(f"{n + 1}. {s}\n" if ordered else f"- {s}\n" for n, s in enumerate(items))

    def table(self) -> str:
        r = self.rng
        rows = [f"| {self.topic()} | {r.choice(PEOPLE)} | {r.randint(1, 400) * 250:,} | {r.randint(1, 99)}% |"
                for _ in range(r.randint(3, 8))]
        return "| Item | Owner | Amount | Share |\n|---|---|---:|---:|\n" + "\n".join(rows) + "\n"

    def body(self, title: str) -> str:
        """A page: a lead paragraph, then 3–5 headed parts of prose, lists and tables."""
        r = self.rng
        parts = [f"# {title}\n", self.paragraph()]
        for heading in r.sample(HEADINGS, r.randint(3, 5)):
            parts.append(f"## {heading}\n")
            parts.append(self.paragraph())
            choice = r.random()
            if choice < 0.35:
                parts.append(self.table())
            elif choice < 0.6:
                parts.append(self.bullets(ordered=choice < 0.45))
            elif choice < 0.7:
                parts.append("> " + self.sentence() + "\n")
            if r.random() < 0.3:
                parts.append(f"### {self.topic()}\n")
                parts.append(self.paragraph())
                parts.append(self.bullets())
        return "\n".join(parts)


def _wrap(text: str, width: int = 88) -> str:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join([*lines, line])
