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

    def github_annotation(self) -> str:
        """The problem as a GitHub Actions workflow command, shown on the pull request's diff."""
        where = f"{self.where}: " if self.where else ""
        return (
            f"::error file={_property(self.file)},line={self.line},col={self.col}::"
            f"{_data(where + self.message)}"
        )


def _data(text: str) -> str:
    # GitHub's escaping for workflow commands: percent first, then line breaks.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


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
