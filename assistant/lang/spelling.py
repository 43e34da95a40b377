"""Spellings of one name that Danish and English writers use for the same thing: the
Danish letters written out (Århus/Aarhus, Køge/Koege, Æbelø/Aebeloe) or dropped with
their accents (Søren/Soren, café/cafe). The letter pairs are Danish orthography (the
1948 spelling reform's aa for å, and the ae/oe transliterations), not corpus words. And
the one rule for a typo: one letter dropped, added or changed, or two swapped."""

from __future__ import annotations

import unicodedata

LETTERS = {"å": "aa", "æ": "ae", "ø": "oe"}


def spellings(word: str) -> set[str]:
    """``word`` lower-cased, with the Danish letters written out and written in, and
    without diacritics."""
    lower = word.lower()
    forms = {lower, written_out(lower)}
    back = lower
    for letter, written in LETTERS.items():
        back = back.replace(written, letter)
    forms.add(back)
    stripped = unicodedata.normalize("NFKD", lower.replace("ø", "o").replace("æ", "ae"))
    forms.add("".join(c for c in stripped if not unicodedata.combining(c)))
    return forms


def written_out(text: str) -> str:
    """``text`` lower-cased with the Danish letters written out (one canonical form)."""
    out = text.lower()
    for letter, written in LETTERS.items():
        out = out.replace(letter, written)
    return out


def one_typo(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by one letter dropped, added or changed, or two
    neighbours swapped (Damerau's four kinds of typing error)."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
        return len(diff) == 1 or (swapped and a[diff[1]] == b[diff[0]])
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
