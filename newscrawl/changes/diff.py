"""Differences between two versions of an article: aligned paragraphs, marked words.

Paragraphs are aligned first: identical ones anchor the alignment, then the
paragraphs between anchors are paired by word overlap (changed), joined when
one became two (split) or two became one (merged), and what is left is
inserted, deleted, or moved when the same paragraph turns up elsewhere. Paired
paragraphs are then compared word by word. Headline, standfirst and byline are
compared as fields. Every function here is pure: no I/O, no clock.

The cost is near-linear in the length of the text: exact anchors come from
paragraph equality, pairing uses an index of word pairs instead of comparing
every paragraph with every other, and word-level diffs only run on paragraphs
that were paired.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from difflib import SequenceMatcher
from typing import Any

#: The fields compared as fields, with the names a reader knows them by.
FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "Headline"),
    ("standfirst", "Standfirst"),
    ("byline", "Byline"),
)

# Two paragraphs are "the same paragraph, changed" when at least half of their
# words are shared; below that, showing a word diff is more noise than help.
_PAIR_MIN = 0.5
# A paragraph that disappeared in one place and appeared in another counts as
# moved only when it is nearly unchanged; otherwise it is a deletion and an
# insertion.
_MOVE_MIN = 0.8
# A neighbour is joined to a pair (a split or a merge) when this share of its
# words are words the pair left unmatched on the other side; a new paragraph
# next to a changed one brings words of its own, and stays an insertion.
_JOIN_COVERED = 0.8
# A paragraph of at least this many words whose words (nearly) all reappear in
# a longer one is that paragraph cut down, however much was cut.
_CONTAINED_MIN_WORDS = 5
_CONTAINED_SHARE = 0.95
# Word pairs found in more paragraphs than this say nothing about which
# paragraph is which, and would make the candidate search quadratic.
_COMMON_SHINGLE = 8
# Gaps this small (old paragraphs x new paragraphs) are compared exhaustively.
_SMALL_GAP = 64


@dataclass(frozen=True)
class Segment:
    """A run of words: ``equal``, ``delete`` or ``insert``; or a paragraph break.

    ``split`` is a paragraph break only in the new text, ``join`` one only in
    the old text; both have empty ``text``.
    """

    op: str
    text: str


@dataclass(frozen=True)
class Block:
    """One row of the aligned paragraphs.

    ``kind`` is ``unchanged``, ``changed``, ``split`` (one old paragraph became
    several), ``merged`` (several became one), ``inserted``, ``deleted``,
    ``moved_out`` (where a moved paragraph was; ``old`` only) or ``moved_in``
    (where it went; ``new`` only). ``old`` and ``new`` are paragraph indexes.
    ``partner`` is, for a moved paragraph, its index on the other side.
    """

    kind: str
    old: tuple[int, ...]
    new: tuple[int, ...]
    segments: tuple[Segment, ...]
    partner: int | None = None


@dataclass(frozen=True)
class FieldDiff:
    """A headline, standfirst or byline compared word by word."""

    name: str
    label: str
    old: str
    new: str
    segments: tuple[Segment, ...]

    @property
    def changed(self) -> bool:
        """Whether the field differs."""
        return self.old != self.new


@dataclass(frozen=True)
class VersionText:
    """The compared text of one version, with its number and fetch time."""

    number: int
    fetched_at: datetime | None
    title: str
    standfirst: str
    byline: str
    paragraphs: tuple[str, ...]
    minor: bool = False

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> VersionText:
        """Build from a ``versions`` document (body joined by newlines)."""
        body = doc.get("body") or ""
        return cls(
            number=int(doc.get("version", 0)),
            fetched_at=doc.get("fetched_at"),
            title=doc.get("title") or "",
            standfirst=doc.get("standfirst") or "",
            byline=doc.get("byline") or "",
            paragraphs=tuple(p for p in body.split("\n") if p),
            minor=bool(doc.get("minor", False)),
        )


@dataclass(frozen=True)
class VersionDiff:
    """What changed from one version to another."""

    old: VersionText
    new: VersionText
    fields: tuple[FieldDiff, ...]
    blocks: tuple[Block, ...]
    words_added: int = field(init=False)
    words_removed: int = field(init=False)

    def __post_init__(self) -> None:
        added, removed = _count(
            [*(f.segments for f in self.fields), *_counted(self.blocks)]
        )
        object.__setattr__(self, "words_added", added)
        object.__setattr__(self, "words_removed", removed)

    @property
    def changed_fields(self) -> list[str]:
        """Names of the fields that differ, ``body`` last when it does."""
        names = [f.name for f in self.fields if f.changed]
        if self.old.paragraphs != self.new.paragraphs:
            names.append("body")
        return names


def words(text: str) -> list[str]:
    """Return the white-space separated words of *text*."""
    return text.split()


def word_segments(old: str, new: str) -> tuple[Segment, ...]:
    """Compare two texts word by word; deletions come before insertions."""
    return _word_diff(words(old), words(new), (), ())


def diff_paragraphs(old: Sequence[str], new: Sequence[str]) -> tuple[Block, ...]:
    """Align two lists of paragraphs and mark the changed words of each pair."""
    blocks: list[Block] = []
    anchors = SequenceMatcher(None, list(old), list(new), autojunk=False)
    for tag, i1, i2, j1, j2 in anchors.get_opcodes():
        if tag == "equal":
            blocks.extend(
                Block("unchanged", (i,), (j,), (Segment("equal", old[i]),))
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            )
        else:
            blocks.extend(_align_gap(old, new, range(i1, i2), range(j1, j2)))
    return tuple(_pair_lone_slots(old, new, _find_moves(old, new, blocks)))


def diff_field(name: str, label: str, old: str, new: str) -> FieldDiff:
    """Compare one field (a headline, standfirst or byline) word by word."""
    if old == new:
        segments: tuple[Segment, ...] = (Segment("equal", old),) if old else ()
    else:
        segments = word_segments(old, new)
    return FieldDiff(name, label, old, new, segments)


def diff_versions(old: VersionText, new: VersionText) -> VersionDiff:
    """Compare two versions: the fields, then the aligned body paragraphs."""
    fields = tuple(
        diff_field(name, label, getattr(old, name), getattr(new, name))
        for name, label in FIELDS
    )
    return VersionDiff(
        old, new, fields, diff_paragraphs(old.paragraphs, new.paragraphs)
    )


def diff_pairs(
    versions: Sequence[Mapping[str, Any]], pairs: Sequence[tuple[int, int]]
) -> list[VersionDiff]:
    """Compare the (from, to) version numbers of *pairs* among version documents."""
    texts = {int(doc["version"]): doc for doc in versions}
    return [
        diff_versions(VersionText.from_doc(texts[a]), VersionText.from_doc(texts[b]))
        for a, b in pairs
    ]


def word_changes(old: list[str], new: list[str]) -> tuple[int, int]:
    """Return (words added, words removed) going from *old* to *new* texts.

    The texts are aligned as paragraphs (see :func:`diff_paragraphs`), so a
    paragraph that only moved or was split in two adds and removes nothing.
    """
    return _count(_counted(diff_paragraphs(old, new)))


def _bag_score(wa: Counter[str], wb: Counter[str]) -> float:
    total_a, total_b = wa.total(), wb.total()
    if not total_a + total_b:
        return 1.0
    common = (wa & wb).total()
    score = 2 * common / (total_a + total_b)
    shorter = min(total_a, total_b)
    if (
        score < _PAIR_MIN
        and shorter >= _CONTAINED_MIN_WORDS
        and common >= _CONTAINED_SHARE * shorter
    ):
        return _PAIR_MIN
    return score


def similarity(a: str, b: str) -> float:
    """Return the share of words two texts have in common (0 to 1, case-blind)."""
    wa, wb = _bag(a), _bag(b)
    total = wa.total() + wb.total()
    if not total:
        return 1.0
    return 2 * (wa & wb).total() / total


def side(segments: Sequence[Segment], which: str) -> list[list[Segment]]:
    """Return one side (``old`` or ``new``) of *segments*, cut into paragraphs."""
    other, own_break = ("delete", "split") if which == "new" else ("insert", "join")
    paragraphs: list[list[Segment]] = [[]]
    for segment in segments:
        if segment.op == own_break:
            paragraphs.append([])
        elif segment.op not in (other, "split", "join"):
            paragraphs[-1].append(segment)
    return paragraphs


# --- alignment ----------------------------------------------------------------


def _align_gap(
    old: Sequence[str], new: Sequence[str], olds: range, news: range
) -> list[Block]:
    """Align the paragraphs between two anchors; return their blocks in order."""
    if not olds or not news:
        return [_deleted(old, i) for i in olds] + [_inserted(new, j) for j in news]
    pairs = _pairs(old, new, olds, news)
    taken_old = {i for i, _, _ in pairs}
    taken_new = {j for _, j, _ in pairs}
    blocks: list[Block] = []
    i, j = olds.start, news.start
    for pair in pairs:
        group_old, group_new = _grow(old, new, olds, news, pair, taken_old, taken_new)
        blocks.extend(_deleted(old, k) for k in range(i, group_old[0]))
        blocks.extend(_inserted(new, k) for k in range(j, group_new[0]))
        blocks.append(_paired(old, new, group_old, group_new))
        i, j = group_old[-1] + 1, group_new[-1] + 1
    blocks.extend(_deleted(old, k) for k in range(i, olds.stop))
    blocks.extend(_inserted(new, k) for k in range(j, news.stop))
    return blocks


def _pairs(
    old: Sequence[str], new: Sequence[str], olds: range, news: range
) -> list[tuple[int, int, float]]:
    """Return the best in-order (old, new, score) paragraph pairs of a gap."""
    candidates: list[tuple[int, int, float]] = []
    index = None if len(olds) * len(news) <= _SMALL_GAP else _ShingleIndex(old, olds)
    old_bags = {i: _bag(old[i]) for i in olds}
    for j in news:
        new_bag = _bag(new[j])
        pool = olds if index is None else index.candidates(new[j])
        best, best_score = -1, _PAIR_MIN
        for i in pool:
            score = _bag_score(old_bags[i], new_bag)
            if score > best_score or (best < 0 and score == best_score):
                best, best_score = i, score
        if best >= 0:
            candidates.append((best, j, best_score))
    return _increasing(candidates)


def _increasing(
    pairs: list[tuple[int, int, float]],
) -> list[tuple[int, int, float]]:
    """Return the longest run of *pairs* (ordered by new) whose old also increases."""
    tails: list[int] = []  # old index ending the best run of each length
    tail_at: list[int] = []  # position in pairs of that end
    previous: list[int] = [-1] * len(pairs)
    for position, (i, _, _) in enumerate(pairs):
        length = bisect_left(tails, i)
        if length == len(tails):
            tails.append(i)
            tail_at.append(position)
        else:
            tails[length] = i
            tail_at[length] = position
        previous[position] = tail_at[length - 1] if length else -1
    out: list[tuple[int, int, float]] = []
    position = tail_at[-1] if tail_at else -1
    while position >= 0:
        out.append(pairs[position])
        position = previous[position]
    return out[::-1]


def _grow(
    old: Sequence[str],
    new: Sequence[str],
    olds: range,
    news: range,
    pair: tuple[int, int, float],
    taken_old: set[int],
    taken_new: set[int],
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Extend a pair over free neighbours when one paragraph became two, or back.

    A neighbour joins when most of its words are words of the other side that
    the pair left unmatched, and joining makes the two sides more alike.
    """
    group_old, group_new = [pair[0]], [pair[1]]
    score = pair[2]
    while True:
        best: tuple[float, bool, list[int]] | None = None
        for on_old in (False, True):
            # A block is one-to-many or many-to-one, never both.
            if len(group_new if on_old else group_old) > 1:
                continue
            members, bounds, taken, texts = (
                (group_old, olds, taken_old, old)
                if on_old
                else (group_new, news, taken_new, new)
            )
            free = [
                k
                for k in (members[0] - 1, members[-1] + 1)
                if k in bounds and k not in taken and texts[k]
            ]
            if not free:
                continue  # the usual case: both neighbours are paired already
            other = _join(new, group_new) if on_old else _join(old, group_old)
            unmatched = _bag(other) - _bag(_join(texts, members))
            for k in free:
                neighbour = _bag(texts[k])
                covered = sum((neighbour & unmatched).values()) / neighbour.total()
                trial = sorted([*members, k])
                trial_score = similarity(_join(texts, trial), other)
                if (
                    covered >= _JOIN_COVERED
                    and trial_score > score
                    and (best is None or trial_score > best[0])
                ):
                    best = (trial_score, on_old, trial)
        if best is None:
            return tuple(group_old), tuple(group_new)
        score, on_old, trial = best
        (taken_old if on_old else taken_new).update(trial)
        if on_old:
            group_old = trial
        else:
            group_new = trial


def _bag(text: str) -> Counter[str]:
    return Counter(text.lower().split())


def _join(texts: Sequence[str], indexes: Sequence[int]) -> str:
    return " ".join(texts[k] for k in indexes)


def _paired(
    old: Sequence[str], new: Sequence[str], olds: tuple[int, ...], news: tuple[int, ...]
) -> Block:
    old_words, old_breaks = _joined_words(old, olds)
    new_words, new_breaks = _joined_words(new, news)
    segments = _word_diff(old_words, new_words, old_breaks, new_breaks)
    if len(news) > 1:
        kind = "split"
    elif len(olds) > 1:
        kind = "merged"
    elif old[olds[0]] == new[news[0]]:
        kind = "unchanged"
    else:
        kind = "changed"
    return Block(kind, olds, news, segments)


def _joined_words(
    texts: Sequence[str], indexes: tuple[int, ...]
) -> tuple[list[str], list[int]]:
    """Return the words of several paragraphs and where each later one starts."""
    out: list[str] = []
    breaks: list[int] = []
    for n, k in enumerate(indexes):
        if n:
            breaks.append(len(out))
        out.extend(words(texts[k]))
    return out, breaks


def _deleted(old: Sequence[str], i: int) -> Block:
    segments = (Segment("delete", old[i]),) if old[i] else ()
    return Block("deleted", (i,), (), segments)


def _inserted(new: Sequence[str], j: int) -> Block:
    segments = (Segment("insert", new[j]),) if new[j] else ()
    return Block("inserted", (), (j,), segments)


def _pair_lone_slots(
    old: Sequence[str], new: Sequence[str], blocks: list[Block]
) -> list[Block]:
    """Pair a paragraph deleted and one inserted in the same place, however unlike.

    Nothing else competes for that place, so the reader sees one paragraph
    rewritten, with the words it kept, as a side-by-side diff shows it.
    """
    out: list[Block] = []
    run: list[Block] = []
    for block in [*blocks, None]:
        if block is not None and block.kind in ("deleted", "inserted"):
            run.append(block)
            continue
        kinds = sorted(b.kind for b in run)
        if kinds == ["deleted", "inserted"]:
            gone = next(b for b in run if b.kind == "deleted")
            came = next(b for b in run if b.kind == "inserted")
            out.append(_paired(old, new, gone.old, came.new))
        else:
            out.extend(run)
        run = []
        if block is not None:
            out.append(block)
    return out


def _find_moves(
    old: Sequence[str], new: Sequence[str], blocks: list[Block]
) -> list[Block]:
    """Turn a deleted paragraph that reappears elsewhere into a move."""
    deleted = {b.old[0]: n for n, b in enumerate(blocks) if b.kind == "deleted"}
    inserted = [(b.new[0], n) for n, b in enumerate(blocks) if b.kind == "inserted"]
    if not deleted or not inserted:
        return blocks
    by_text: dict[str, list[int]] = defaultdict(list)
    for i in deleted:
        by_text[old[i]].append(i)
    moves: list[tuple[int, int, int, int]] = []
    left: list[tuple[int, int]] = []
    for j, n in inserted:
        if by_text.get(new[j]):
            i = by_text[new[j]].pop(0)
            moves.append((i, deleted.pop(i), j, n))
        else:
            left.append((j, n))
    if deleted and left:
        index = _ShingleIndex(old, sorted(deleted))
        for j, n in left:
            best, best_score = -1, _MOVE_MIN
            for i in index.candidates(new[j]):
                if i in deleted and (score := similarity(old[i], new[j])) >= best_score:
                    best, best_score = i, score
            if best >= 0:
                moves.append((best, deleted.pop(best), j, n))
    out = list(blocks)
    for i, out_at, j, in_at in moves:
        segments = _word_diff(words(old[i]), words(new[j]), (), ())
        out[out_at] = Block("moved_out", (i,), (), segments, partner=j)
        out[in_at] = Block("moved_in", (), (j,), segments, partner=i)
    return out


class _ShingleIndex:
    """Which paragraphs share word pairs with a text: candidates for pairing."""

    def __init__(self, texts: Sequence[str], indexes: Sequence[int]) -> None:
        self._postings: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for i in indexes:
            for shingle in set(_shingles(texts[i])):
                self._postings[shingle].append(i)

    def candidates(self, text: str, keep: int = 3) -> list[int]:
        """Return up to *keep* indexes sharing the most word pairs with *text*."""
        hits: Counter[int] = Counter()
        for shingle in set(_shingles(text)):
            posting = self._postings.get(shingle, ())
            if len(posting) <= _COMMON_SHINGLE:
                hits.update(posting)
        return [i for i, _ in hits.most_common(keep)]


def _shingles(text: str) -> list[tuple[str, ...]]:
    ws = text.lower().split()
    if len(ws) < 2:
        return [tuple(ws)] if ws else []
    return list(zip(ws, ws[1:], strict=False))


# --- words ---------------------------------------------------------------------


def _word_diff(
    old: list[str], new: list[str], old_breaks: Sequence[int], new_breaks: Sequence[int]
) -> tuple[Segment, ...]:
    """Diff two word lists; mark ``join``/``split`` where a paragraph break was."""
    runs: list[tuple[str, list[str]]] = []
    joins, splits = set(old_breaks), set(new_breaks)

    def emit(op: str, word: str) -> None:
        if runs and runs[-1][0] == op:
            runs[-1][1].append(word)
        else:
            runs.append((op, [word]))

    def mark(op: str) -> None:
        runs.append((op, []))

    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for x, y in zip(range(i1, i2), range(j1, j2), strict=True):
                if x in joins:
                    mark("join")
                if y in splits:
                    mark("split")
                emit("equal", old[x])
            continue
        for x in range(i1, i2):
            if x in joins:
                mark("join")
            emit("delete", old[x])
        for y in range(j1, j2):
            if y in splits:
                mark("split")
            emit("insert", new[y])
    return tuple(Segment(op, " ".join(items)) for op, items in runs)


def _counted(blocks: Sequence[Block]) -> list[tuple[Segment, ...]]:
    # A moved paragraph is counted once, where it went.
    return [b.segments for b in blocks if b.kind != "moved_out"]


def _count(groups: Sequence[tuple[Segment, ...]]) -> tuple[int, int]:
    added = removed = 0
    for segments in groups:
        for segment in segments:
            if segment.op == "insert":
                added += len(segment.text.split())
            elif segment.op == "delete":
                removed += len(segment.text.split())
    return added, removed
