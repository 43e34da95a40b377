"""Whether a question asks if a problem fits a social investment: the chat then offers
the fit check instead of scattered quotes (issue 14).

The cues serve one class of input: a municipality's question whether its problem could
be a social investment, as people phrase it in Danish and English ("… – passer det?",
"could that be a case?", "does our problem fit?"). "Passer det, at …" asks whether a
statement is true and is left out.
"""

from __future__ import annotations

import re

FIT_QUESTION = re.compile(
    r"\bpasser (?:det|vores problem|problemet|det her|vores udfordring)\b(?!,? at\b)"
    r"|\bkan (?:det|dette|vores problem|problemet) blive (?:til )?en social investering"
    r"|\begner (?:det|dette|vores problem|problemet) sig (?:til|som) en social investering"
    r"|\bdoes (?:our|my|this|the) (?:problem|challenge) fit\b"
    r"|\bcould (?:that|this|it|our problem) be a (?:case|social investment)\b"
    r"|\bwould (?:this|that|our problem) (?:fit|qualify)\b"
    r"|\bis (?:this|that|our problem) a (?:good )?(?:fit|case) for\b",
    re.I,
)


def asks_fit(question: str) -> bool:
    """Whether ``question`` asks if a problem fits a social investment."""
    return bool(FIT_QUESTION.search(question))
