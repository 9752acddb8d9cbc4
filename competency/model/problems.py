"""Problems found in user input, each naming where it is and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    where: str  # e.g. "modules[12].hours" or "row 7, column 得分"
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f":{self.where}" if self.where else ""
        return f"{self.file}{where}: {self.severity}: {_short(self.message)}"


MAX_MESSAGE = 500


def _short(text: str) -> str:
    # A message may quote a value from the input, and a hostile value can be megabytes long.
    return text if len(text) <= MAX_MESSAGE else f"{text[:MAX_MESSAGE - 40]}… ({len(text):,} characters in all)"


class InputError(Exception):
    """One or more problems in user input; ``str()`` lists all of them."""

    def __init__(self, problems: list[Problem], summary: str = "invalid input"):
        self.problems = sorted(problems)
        self.summary = summary
        super().__init__(self.render())

    def render(self) -> str:
        errors = [p for p in self.problems if p.severity == "error"]
        lines = [f"{self.summary}: {len(errors)} error(s)"]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)


class CatalogError(InputError):
    pass
