"""What goes wrong with contributors' input, said where it happens."""

from __future__ import annotations

from dataclasses import dataclass

Path = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the input, at a file, line and column (1-based)."""

    file: str
    line: int
    col: int
    where: str
    message: str

    def __str__(self) -> str:
        where = f" {self.where}:" if self.where else ""
        return f"{self.file}:{self.line}:{self.col}:{where} {self.message}"


class InputError(Exception):
    """The input has problems; carries all of them, sorted by file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(f"{len(self.problems)} problem(s) in the input")


def dotted(path: Path) -> str:
    """Render a data path the way contributors read it: facts[3].values[0].amount."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
