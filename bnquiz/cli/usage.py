"""Typer's own usage errors (a missing argument, an unknown option or command, a bad value) in
the language in use. Typer words them in English and ships no catalog, so each is recognised by
its pattern and said again from bnquiz's catalog; what matches none is shown as Typer wrote it."""

from __future__ import annotations

import re

from bnquiz.language import N_, _, spoken

_USAGE_ERRORS = (
    (r"Missing argument '(?P<name>.+)'\.", N_("Missing argument '{name}'.")),
    (r"Missing option '(?P<name>.+)'\.", N_("Missing option '{name}'.")),
    (
        r"No such option: (?P<name>\S+) \(Possible options: (?P<options>.+)\)",
        N_("No such option: {name} (Possible options: {options})"),
    ),
    (r"No such option: (?P<name>\S+)", N_("No such option: {name}")),
    (r"No such command '(?P<name>.+)'\.", N_("No such command '{name}'.")),
    (r"Got unexpected extra argument\(s\) \((?P<args>.+)\)", N_("Got unexpected extra argument(s) ({args})")),
    (r"Option '(?P<name>.+)' requires an argument\.", N_("Option '{name}' requires an argument.")),
    (
        r"Invalid value for (?P<name>.+?): '(?P<value>.*)' is not a valid (?P<type>\w+)\.",
        N_("Invalid value for {name}: '{value}' is not a valid {type}."),
    ),
    (r"Invalid value for (?P<name>.+?): (?P<detail>.+)", N_("Invalid value for {name}: {detail}")),
)


def usage_error(message: str) -> str:
    """A usage error of Typer's in the language in use (in English, exactly as Typer wrote it)."""
    if spoken() == "en":  # (English too where BNQUIZ_LANG names no language we speak)
        return message
    for pattern, template in _USAGE_ERRORS:
        if match := re.fullmatch(pattern, message, re.S):
            return _(template).format(**match.groupdict())
    return message
