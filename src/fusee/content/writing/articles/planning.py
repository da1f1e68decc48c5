"""Which sentences go into which article, before any is written.

The sections are grouped into at most six articles; each keeps its best sentences (key sentences,
quotes, figures first) up to the word budget and leaves out what a reader should not get. A short
article then borrows the sentences its neighbours cut, so that a sentence goes to one article only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fusee.content.understanding import Section, Understanding

from .sentences import ad_reads, is_left_out, speaker_names

MIN_ARTICLES, MAX_ARTICLES = 5, 6
MIN_WORDS, MAX_WORDS = 600, 1200


@dataclass
class Plan:
    """What one article is made of, before it is written."""

    sections: list[Section]
    sentences: list[int] = field(default_factory=list)  # sorted; own and borrowed
    borrowed: list[int] = field(default_factory=list)
    left_out: list[int] = field(default_factory=list)  # stage talk, or cut for length
    title: str = ""
    slug: str = ""

    @property
    def main(self) -> Section:
        """The largest of the merged sections: its title names the article."""
        return max(self.sections, key=lambda s: (s.last - s.first, -s.index))


def group_sections(sections: list[Section], words: list[int]) -> list[list[Section]]:
    """At most six groups: the smallest section merges with its smaller neighbour until it fits."""
    groups = [[s] for s in sections]

    def size(group: list[Section]) -> int:
        return sum(words[i] for s in group for i in s.sentence_indices)

    while len(groups) > MAX_ARTICLES:
        smallest = min(range(len(groups)), key=lambda g: (size(groups[g]), g))
        neighbours = [g for g in (smallest - 1, smallest + 1) if 0 <= g < len(groups)]
        other = min(neighbours, key=lambda g: (size(groups[g]), g))
        first, second = sorted((smallest, other))
        groups[first : second + 1] = [groups[first] + groups[second]]
    return groups


def _priority(u: Understanding, index: int, group: list[Section]) -> tuple[int, int]:
    """Which sentences an over-long article keeps first: key sentences, quotes, figures."""
    score = 0
    for section in group:
        score += 3 * (index in section.key_sentences) + 2 * (index in section.quotes)
        score += any(f.sentence == index for f in section.figures)
    score -= u.sentences[index].words < 5
    return score, -index


def plan_articles(u: Understanding) -> list[Plan]:
    words = [s.words for s in u.sentences]
    plans = [Plan(sections=group) for group in group_sections(u.sections, words)]
    names, ads = speaker_names(u), ad_reads(u)
    spare: set[int] = set()
    for plan in plans:
        own = [i for s in plan.sections for i in s.sentence_indices]
        kept = [i for i in own if not is_left_out(u, i, names, ads)]
        plan.left_out = [i for i in own if i not in set(kept)]
        ranked = sorted(kept, key=lambda i: _priority(u, i, plan.sections), reverse=True)
        total = 0
        for i in ranked:  # the best sentences up to the word budget
            if total + words[i] <= MAX_WORDS:
                plan.sentences.append(i)
                total += words[i]
            else:
                plan.left_out.append(i)
                spare.add(i)
        plan.sentences.sort()
        plan.left_out.sort()
    _borrow(plans, spare, words)
    return plans


def _borrow(plans: list[Plan], spare: set[int], words: list[int]) -> None:
    """A short article takes the sentences its neighbours cut, nearest to its borders first."""
    for position, plan in enumerate(plans):
        total = sum(words[i] for i in plan.sentences)
        if total >= MIN_WORDS:
            continue
        before = plans[position - 1].left_out[::-1] if position > 0 else []
        after = plans[position + 1].left_out if position + 1 < len(plans) else []
        candidates = [i for pair in _interleave(before, after) for i in pair if i in spare]
        for i in candidates:
            if total >= MIN_WORDS or total + words[i] > MAX_WORDS:
                break
            spare.discard(i)
            plan.borrowed.append(i)
            total += words[i]
        plan.sentences = sorted(plan.sentences + plan.borrowed)
        plan.borrowed.sort()
    for plan in plans:
        taken = {i for other in plans for i in other.borrowed}
        plan.left_out = [i for i in plan.left_out if i not in taken]


def _interleave(first: list[int], second: list[int]) -> list[list[int]]:
    return [[x for x in pair if x is not None] for pair in _zip_longest(first, second)]


def _zip_longest(first: list[int], second: list[int]) -> list[tuple[int | None, int | None]]:
    length = max(len(first), len(second))
    return [
        (first[k] if k < len(first) else None, second[k] if k < len(second) else None) for k in range(length)
    ]
