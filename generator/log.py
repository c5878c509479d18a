"""Every line the generator prints goes through here, because much of it is contributors'.

File names, keys and values from a pull request reach CI logs, where a line that
starts with `::` is a workflow command (`::error`, `::stop-commands::` which silences
the real annotations) and terminal escape codes can rewrite what a reviewer sees. So
each line is printed with its control characters escaped and a command at its start
made inert; only `annotate` writes a workflow command, escaped the way GitHub reads it.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from .problems import Problem

# Starts of lines that CI runners read as commands (GitHub's, and its older ##[ form).
COMMANDS = ("::", "##[")


def line(text: str) -> str:
    """One line, safe to print: controls and invisible characters escaped, no command."""
    shown = "".join(char if char.isprintable() or char == " " else _escaped(char) for char in text)
    if shown.lstrip().startswith(COMMANDS):
        shown = "\\" + shown.lstrip()
    return shown


def _escaped(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def say(text: str, stream: TextIO | None = None) -> None:
    """Print a message, one safe line for each of its lines."""
    out = stream or sys.stdout
    for part in text.split("\n"):
        print(line(part), file=out)


def error(text: str) -> None:
    say(text, sys.stderr)


def problem(found: Problem) -> None:
    """A problem at its file and line, and in GitHub Actions an annotation on that line."""
    print(line(str(found)), file=sys.stderr)  # one line, whatever its text holds
    if os.environ.get("GITHUB_ACTIONS") == "true":
        print(annotation(found), file=sys.stderr)


def annotation(found: Problem) -> str:
    """The problem as a workflow command, shown on the pull request's diff."""
    where = f"{found.where}: " if found.where else ""
    return (
        f"::error file={_property(line(found.file))},line={found.line},col={found.col}::"
        f"{_data(line(where + found.message))}"
    )


def _data(text: str) -> str:
    # GitHub's escaping for workflow commands: percent first, then line breaks.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
