"""The fit check's input: the municipality's answers, as the tab, ``POST /api/fit`` and
``dsi fit --json`` take them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

from assistant.errors import AssistantError

MAX_FIELD_CHARS = 4000  # one field is a paragraph or a few; far past that is a mistake


@dataclass(frozen=True)
class FitForm:
    """The form's fields; every one but ``problem`` may be empty."""

    problem: str
    target_group: str = ""
    intervention: str = ""
    evidence: str = ""
    outcomes: str = ""
    costs_and_gains: str = ""
    horizon: str = ""

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> FitForm:
        """The form from JSON-like data, or ``FitInputError`` saying what is wrong."""
        names = [f.name for f in fields(cls)]
        unknown = sorted(set(data) - set(names))
        if unknown:
            raise FitInputError(f"unknown field(s) {unknown}; the fields are {names}")
        values: dict[str, str] = {}
        for name in names:
            value = data.get(name, "")
            if value is None:
                value = ""
            if not isinstance(value, str):
                raise FitInputError(f"the field {name!r} must be a string")
            if len(value) > MAX_FIELD_CHARS:
                raise FitInputError(
                    f"the field {name!r} holds {len(value):,} characters; keep each field "
                    f"under {MAX_FIELD_CHARS:,}"
                )
            values[name] = " ".join(value.split())
        if not values["problem"]:
            raise FitInputError("describe the problem (the field 'problem' is empty)")
        return cls(**values)

    def value(self, name: str) -> str:
        """One field's answer ("" for an unknown name)."""
        return str(getattr(self, name, ""))


class FitInputError(AssistantError):
    """The fit form is not usable as given."""
