"""The labelled pair set for matter judgements, built from hand-written groups of petitions.

``nlp/corpus/matter_groups.txt`` holds petitions grouped by matter and matters grouped in
families of look-alikes (one 小区 with three problems; one problem in three places; one
petitioner with two matters). :func:`build_pairs` turns it into ``matter_pairs.tsv``
(``a  b  same  kind``): every two petitions of one matter are a positive; petitions of two
matters of one family, or of two families with the same thing, are hard negatives; a few
pairs of unrelated families are easy ones. Pair kinds:

positives   ``paraphrase`` (one petitioner again), ``other_person``, ``long_short`` (either,
            one text under a third of the other's length)
negatives   ``same_person_other_matter``, ``same_place_other_problem``,
            ``same_place_other_demand`` (same place and thing, another demand or party),
            ``same_problem_other_place``, ``unrelated``

Families, not pairs, are split into train and dev (:func:`split`), so no petition is seen in
both.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from nlp.errors import TrainingDataError

HEADER = ("a", "b", "same", "kind")
#: Negative pairs drawn per two matters of one family, and per two families sharing a thing.
_FAMILY_NEGATIVES = 5
_THING_NEGATIVES = 2
_UNRELATED = 60


@dataclass(frozen=True, slots=True)
class Petition:
    person: str
    text: str


@dataclass(slots=True)
class Matter:
    key: str
    family: str
    tags: dict[str, str]
    petitions: list[Petition] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Pair:
    a: str
    b: str
    same: bool
    kind: str


def read_groups(path: Path) -> list[Matter]:
    """Parse the groups file (format in its own header comment)."""
    matters: list[Matter] = []
    family = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("F "):
            family = line.split()[1]
        elif line.startswith("M "):
            key, *tags = line[2:].split()
            matters.append(Matter(key, family, dict(tag.split("=", 1) for tag in tags)))
        elif "|" in line and matters:
            person, text = line.split("|", 1)
            matters[-1].petitions.append(Petition(person.strip(), text.strip()))
        else:
            raise TrainingDataError(f"{path}:{number}: not a family, matter or petition line")
    return matters


def _positive_kind(a: Petition, b: Petition) -> str:
    shorter, longer = sorted((len(a.text), len(b.text)))
    if shorter * 3 < longer:
        return "long_short"
    return "paraphrase" if a.person == b.person else "other_person"


def _negative_kind(m: Matter, n: Matter, a: Petition, b: Petition) -> str:
    if a.person == b.person:
        return "same_person_other_matter"
    same_place = m.tags.get("place") == n.tags.get("place")
    same_thing = m.tags.get("thing") == n.tags.get("thing")
    if same_place and same_thing:
        return "same_place_other_demand"
    if same_place:
        return "same_place_other_problem"
    return "same_problem_other_place" if same_thing else "unrelated"


def build_pairs(matters: Sequence[Matter], *, seed: int = 16) -> list[Pair]:
    """All positives, and a deterministic sample of negatives (see the module docstring)."""
    rng = random.Random(seed)
    pairs: list[Pair] = []
    for matter in matters:
        for a, b in itertools.combinations(matter.petitions, 2):
            pairs.append(Pair(a.text, b.text, True, _positive_kind(a, b)))

    def negatives(m: Matter, n: Matter, count: int) -> None:
        crossed = list(itertools.product(m.petitions, n.petitions))
        # Same-person pairs are the rarest kind: always keep them.
        chosen = [p for p in crossed if p[0].person == p[1].person]
        rest = [p for p in crossed if p[0].person != p[1].person]
        chosen += rng.sample(rest, min(count, len(rest)))
        for a, b in chosen:
            pairs.append(Pair(a.text, b.text, False, _negative_kind(m, n, a, b)))

    by_family: dict[str, list[Matter]] = {}
    for matter in matters:
        by_family.setdefault(matter.family, []).append(matter)
    for members in by_family.values():
        for m, n in itertools.combinations(members, 2):
            negatives(m, n, _FAMILY_NEGATIVES)
    for m, n in itertools.combinations(matters, 2):
        if m.family != n.family and m.tags.get("thing") == n.tags.get("thing"):
            negatives(m, n, _THING_NEGATIVES)
    families = sorted(by_family)
    for _ in range(_UNRELATED):
        f, g = rng.sample(families, 2)
        m, n = rng.choice(by_family[f]), rng.choice(by_family[g])
        if m.tags.get("thing") != n.tags.get("thing"):
            negatives(m, n, 1)
    unique: dict[tuple[str, str], Pair] = {}
    for pair in pairs:
        unique.setdefault(tuple(sorted((pair.a, pair.b))), pair)  # type: ignore[arg-type]
    return list(unique.values())


def write_pairs(pairs: Iterable[Pair], path: Path) -> int:
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n",
                            quoting=csv.QUOTE_NONE, escapechar="\\")
        writer.writerow(HEADER)
        for pair in pairs:
            writer.writerow((pair.a, pair.b, int(pair.same), pair.kind))
            rows += 1
    return rows


def read_pairs(path: Path) -> list[Pair]:
    """A pair file (header exactly ``a b same kind``); :class:`TrainingDataError` if not."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    except (OSError, UnicodeDecodeError) as exc:
        raise TrainingDataError(f"cannot read pair file {path}: {exc}") from exc
    if not rows or tuple(cell.strip() for cell in rows[0]) != HEADER:
        raise TrainingDataError(f"{path}: the header must be {' '.join(HEADER)} (tab-separated)")
    pairs = []
    for number, row in enumerate(rows[1:], 2):
        if not row or not any(cell.strip() for cell in row):
            continue
        if len(row) < 3 or row[2].strip() not in ("0", "1"):
            raise TrainingDataError(f"{path}:{number}: expected a, b, same (0 or 1), kind")
        pairs.append(Pair(row[0].strip(), row[1].strip(), row[2].strip() == "1",
                          row[3].strip() if len(row) > 3 else ""))
    return pairs


def split(pairs: Sequence[Pair], matters: Sequence[Matter], *,
          dev_share: float = 0.25) -> tuple[list[Pair], list[Pair]]:
    """Train and dev pairs, split by family; pairs spanning both sides are dropped."""
    family_of = {p.text: m.family for m in matters for p in m.petitions}

    def dev(family: str) -> bool:
        digest = hashlib.sha256(family.encode()).digest()
        return digest[0] / 256 < dev_share

    train, held = [], []
    for pair in pairs:
        sides = {dev(family_of.get(pair.a, pair.a)), dev(family_of.get(pair.b, pair.b))}
        if sides == {False}:
            train.append(pair)
        elif sides == {True}:
            held.append(pair)
    return train, held


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m nlp.matter_corpus --groups GROUPS --out PAIRS``: rebuild one author's pairs.

    The shipped pair files must be exactly what their groups build (a test checks it), so an
    author edits the groups and regenerates the TSV with this rather than by hand.
    """
    import argparse

    parser = argparse.ArgumentParser(prog="python -m nlp.matter_corpus", description=main.__doc__)
    parser.add_argument("--groups", type=Path, required=True, help="a matter_groups*.txt file")
    parser.add_argument("--out", type=Path, required=True, help="the pair TSV to write")
    arguments = parser.parse_args(argv)
    pairs = build_pairs(read_groups(arguments.groups))
    rows = write_pairs(pairs, arguments.out)
    kinds: dict[str, int] = {}
    for pair in pairs:
        kinds[pair.kind] = kinds.get(pair.kind, 0) + 1
    print(f"{rows} pairs -> {arguments.out}: "
          + ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
