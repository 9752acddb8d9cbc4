""""Did you mean ...?" for ids typed by people: across case (shf010 -> SHF010) and across
names in both languages (共情, Empathy -> empathy), then by spelling."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def suggest(query: str, names: dict[str, Iterable[str]], n: int = 5) -> list[str]:
    """Ids for ``query``, best first: the same id in another case, ids whose name is the
    query, ids whose id or name contains it, then ids or names spelt alike.

    ``names`` maps each id to its names (en, zh ...); an empty query suggests nothing."""
    text = query.strip().casefold()
    if not text:
        return []
    keys = {cid: [cid.casefold()] + [str(x).casefold() for x in found if x] for cid, found in names.items()}
    ranked: list[str] = []

    def add(ids: Iterable[str]) -> None:
        ranked.extend(i for i in ids if i not in ranked)

    add(cid for cid, words in keys.items() if words[0] == text)
    add(cid for cid, words in keys.items() if text in words[1:])
    if ranked:  # the same id or name: nothing else is worth reading
        return ranked[:n]
    add(cid for cid, words in keys.items() if any(text in w or (len(w) > 1 and w in text) for w in words))
    by_word = {w: cid for cid, words in keys.items() for w in words}
    add(by_word[w] for w in difflib.get_close_matches(text, list(by_word), n=n, cutoff=0.6))
    return ranked[:n]


def did_you_mean(ids: list[str], label) -> str:
    """" Did you mean 共情 (empathy)?" with ``label(id)`` naming each id; "" for no ids."""
    if not ids:
        return ""
    return f" Did you mean {', '.join(label(i) for i in ids)}?"
