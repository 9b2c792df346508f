"""What the cheat sheet says: the chosen topics' entries, the misconceptions their questions
test most, and the sources they cite, numbered."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from bnquiz.language import N_, _
from bnquiz.quiz.records import Bank, Citation, Misconception, SheetEntry, Source, Topic

TITLE = N_("Batch normalization: the cheat sheet")  # shown through `_`
MISCONCEPTIONS = N_("Misconceptions")  # the headings every renderer gives the sheet's last parts
SOURCES = N_("Sources")
REFERENCES = N_("Batch normalization: misconceptions and sources")  # the full PDF's third page

# "σ_B", "dy_j", "x̂_i": a short symbol and its subscript in the sheet's plain text
SUBSCRIPT = re.compile(r"(?<!\w)(\w\u0302?\w?)_([A-Za-z0-9]{1,3})(?![A-Za-z0-9_])")
TOP_MISCONCEPTIONS = 10  # on the full sheet; a single topic shows all of its own


@dataclass(frozen=True)
class Sheet:
    title: str
    topics: tuple[Topic, ...]  # each with its `sheet` entries
    misconceptions: tuple[Misconception, ...]
    sources: tuple[Source, ...]  # numbered 1.. in the order they are first cited
    whole: bool = False  # every topic: the facts fill two pages, the references a third of their own

    def number(self, citation: Citation) -> int:
        return self.sources.index(citation.source) + 1

    def refs(self, entry: SheetEntry) -> str:
        """ "[1, 3]": the entry's sources by number."""
        numbers = sorted({self.number(c) for c in entry.citations})
        return "[" + ", ".join(map(str, numbers)) + "]"


def build_sheet(bank: Bank, topic_ids: list[str] | None = None) -> Sheet:
    """The sheet for the chosen topics (all by default), with the misconceptions their questions
    test most and every source their entries cite."""
    topics = [bank.topic(t) for t in topic_ids] if topic_ids else [t for t in bank.topics if t.sheet]
    chosen = {t.id for t in topics}
    counts = Counter(q.misconception for q in bank.questions if q.topic in chosen and q.misconception)
    limit = None if topic_ids else TOP_MISCONCEPTIONS
    ranked = [bank.misconceptions[m] for m, _n in counts.most_common(limit) if m in bank.misconceptions]
    sources: list[Source] = []
    for topic in topics:
        for entry in topic.sheet:
            for citation in entry.citations:
                if citation.source not in sources:
                    sources.append(citation.source)
    title = _(TITLE) if not topic_ids or len(topics) > 1 else f"{_(TITLE)} · {topics[0].title}"
    return Sheet(title, tuple(topics), tuple(ranked), tuple(sources), whole=not topic_ids)
