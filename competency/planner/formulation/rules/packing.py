"""Weekly hours as bin packing: the week patterns a week's hours can hold.

Why: the week-free value cap (week_free.py) knew only the total of all weeks' hours and that
two modules longer than half a week never share one. A new hire with 4.5 hours a week and
two 4-hour modules cannot fill 12 weeks to the last half hour when only one half-hour module
is on offer, so the cap said 58.5 where the best plan is worth 57.7, and the search had to
prove the difference itself (2 s). Counting weeks by what they hold is exact for packing:

- a **pattern** is a maximal multiset of module lengths that fits one week (in units of the
  greatest common divisor of the lengths and the week), each length at most as often as
  the agent has modules of it;
- ``use[p]`` weeks follow pattern p, ``sum use <= weeks``, and for every length the modules
  taken of it fit the slots of the patterns used: ``sum taken <= sum count[p] x use[p]``.

Any weekly packing is such a choice of patterns (each week's modules extend to a maximal
pattern), so the rows cut no plan. On the sample's new hires this made the cap the optimum
for all 46 (it was for 39), with at most 64 patterns an agent. Lengths too fine for the week
(a long week of many short lengths) could need very many patterns: past ``MAX_PATTERNS`` the
rows are left out and the cap keeps the total-hours rows alone.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import reduce

from ortools.sat.python import cp_model

MAX_PATTERNS = 2000


def patterns(lengths: list[int], week: int) -> tuple[list[int], list[tuple[int, ...]]] | None:
    """The distinct lengths (longest first) and every maximal pattern as a count per length;
    None past MAX_PATTERNS."""
    unit = reduce(math.gcd, lengths, week)
    if unit <= 0:
        return None
    have = Counter(length // unit for length in lengths if length <= week)
    sizes = sorted(have, reverse=True)
    found: list[tuple[int, ...]] = []

    def extend(i: int, left: int, counts: list[int]) -> bool:
        if i == len(sizes):
            # Maximal: no length still on offer fits what is left.
            if not any(s <= left and c < have[s] for s, c in zip(sizes, counts)):
                found.append(tuple(counts))
            return len(found) <= MAX_PATTERNS
        size = sizes[i]
        for count in range(min(have[size], left // size), -1, -1):
            if not extend(i + 1, left - count * size, counts + [count]):
                return False
        return True

    if not extend(0, week // unit, []):
        return None
    return [s * unit for s in sizes], found


def add_patterns(model: cp_model.CpModel, hours: list[tuple[int, cp_model.IntVar]], week: int, weeks: int) -> bool:
    """The pattern rows for ``hours`` ((length, taken) of each module) in ``weeks`` weeks of
    ``week`` hours; False (nothing added) if there are too many patterns."""
    lengths = [h for h, _ in hours if h > 0]
    if not lengths or weeks <= 0:
        return False
    found = patterns(lengths, week)
    if found is None:
        return False
    sizes, shapes = found
    for h, v in hours:
        if h > week:  # fits no week
            model.Add(v == 0)
    use = [model.NewIntVar(0, weeks, f"pattern[{k}]") for k in range(len(shapes))]
    model.Add(sum(use) <= weeks)
    for i, size in enumerate(sizes):
        slots = [shape[i] * u for shape, u in zip(shapes, use) if shape[i]]
        model.Add(sum(v for h, v in hours if h == size) <= sum(slots))
    return True
