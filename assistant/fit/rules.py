"""Each criterion's status, from explicit rules on the form's answers (issue 14).

Three statuses: "strong" (the answer gives what the criterion needs), "unclear" (empty,
short or vague: the honest status when nothing concrete is said) and "missing" (the
answer says it is not there). The areas criterion is decided by similarity to DSI's
investment areas (``similar.py``), not here.

The cue words serve one class of input: a municipality's short answers on a fit form, in
Danish or English. They are the everyday words of the two languages for each concept
(documentation of effect, measuring, who pays, time, working across departments), written
from general usage, not from any document or test case.
"""

from __future__ import annotations

import re

from assistant.fit.criteria import Criterion
from assistant.fit.form import FitForm

STRONG, UNCLEAR, MISSING = "strong", "unclear", "missing"
MIN_WORDS = 4  # a shorter answer is too vague to judge
MIN_SCALE = 50  # people: below this an effect can hardly be measured in one municipality

NEGATIVE = re.compile(
    r"\b(?:nej|ingen|intet|ved ikke|har ikke|ikke endnu|ukendt|uafklaret|no|none|not known|"
    r"unknown|don'?t know|do not know|not yet|n/a)\b",
    re.I,
)
NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")
SIGNALS: dict[str, re.Pattern[str]] = {
    kind: re.compile(pattern, re.I)
    for kind, pattern in {
        "evidence": r"evaluer|effekt|dokumenter|forsøg|studie|undersøgelse|evidens|forskning|"
        r"\brct\b|randomi|evaluat|effect|trial|stud(?:y|ies)|evidence|proven|research",
        "outcomes": r"\bmål(?:e|t|ing|es)|\bandel|\bantal|procent|\bpct\b|%|baseline|regist|"
        r"\bdata\b|\brate\b|measur|\bshare\b|\bnumber\b|percent",
        "horizon": r"\b(?:\d+|et|to|tre|fire|fem|seks|syv|otte|ti|one|two|three|four|five|six|"
        r"seven|eight|ten)\s*(?:-\s*\d+\s*)?(?:år|måned\w*|years?|months?)\b",
        "collaboration": r"tværgående|på tværs|tværfaglig|flere forvaltninger|samarbejd|"
        r"\bacross\b|cross-|several departments|multiple departments|interdisciplin|collaborat",
    }.items()
}
PAYER = re.compile(r"kommun|region|\bstat(?:en)?\b|municipal|\bstate\b|government|ministr", re.I)
MONEY = re.compile(
    r"udgift|omkostning|besparel|\bspar|gevinst|\bkr\b|kroner|\bmio\b|budget|"
    r"\bcosts?\b|saving|\bsaves?\b|\bgains?\b|expens|\bdkk\b",
    re.I,
)


def status(criterion: Criterion, form: FitForm) -> str:
    """The criterion's status from the answers to its fields."""
    answer = " ".join(form.value(f) for f in criterion.fields).strip()
    words = answer.split()
    if not words:
        return UNCLEAR
    if NEGATIVE.search(answer):
        return MISSING  # "ved ikke", "ingen", "not yet": the answer says it is not there
    if len(words) < MIN_WORDS:
        return UNCLEAR
    return STRONG if _concrete(criterion.kind, answer) else UNCLEAR


def _concrete(kind: str, answer: str) -> bool:
    """Whether the answer gives the kind's concrete signal."""
    if kind == "target_group":
        return bool(NUMBER.search(answer))
    if kind == "scale":
        return any(_number(n) >= MIN_SCALE for n in NUMBER.findall(answer))
    if kind == "economics":
        return bool(PAYER.search(answer) and MONEY.search(answer))
    pattern = SIGNALS.get(kind)
    return bool(pattern and pattern.search(answer))


def _number(text: str) -> float:
    return float(text.replace(",", "."))
