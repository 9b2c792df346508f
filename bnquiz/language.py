"""The language bnquiz speaks: English or Chinese.

`--lang` picks it, else $BNQUIZ_LANG, else the locale ($LC_ALL, then $LC_MESSAGES, then $LANG,
as POSIX orders them: a value beginning with `zh` means Chinese); English otherwise. Progress is
keyed on question ids, so switching language keeps every answer and every review.

The CLI calls `use()` once, before a command runs; the library reads `current()`.

Every message a user sees goes through `_()` (`ngettext()` for counts), with the English text
as its id, and is translated from the gettext catalog `bnquiz/locale/zh/LC_MESSAGES/bnquiz.mo`
(edit the `.po` beside it, then run `python scripts/catalog.py`). A message defined before the
language is known (a module constant) is marked with `N_()` and translated where it is shown.
Placeholders are `{names}`, filled with `.format()` after translation.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING

from bnquiz.errors import UsageError

if TYPE_CHECKING:
    from gettext import NullTranslations

LANGUAGES = ("en", "zh")
NAMES = {"en": "English", "zh": "中文"}
LOCALES = Path(__file__).parent / "locale"
_current: list[str] = []  # set by use(); empty until then


def choose(flag: str | None = None) -> str:
    """The language asked for: the flag, else $BNQUIZ_LANG, else the locale, else English."""
    for value, where in ((flag, "--lang"), (os.environ.get("BNQUIZ_LANG"), "BNQUIZ_LANG")):
        if value:
            wanted = value.strip().lower().replace("_", "-").split("-")[0]
            if wanted not in LANGUAGES:
                # a bad $BNQUIZ_LANG leaves no language to say it in: English, as the CLI says `error:`
                text = said(_UNKNOWN_WHERE) if where == "--lang" else _UNKNOWN_WHERE
                raise UsageError(text.format(where=where, value=repr(value), languages=", ".join(LANGUAGES)))
            return wanted
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:  # the first one set decides, as in POSIX
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def use(language: str) -> None:
    """Speak this language from now on (in this process)."""
    if language not in LANGUAGES:
        text = said(N_("unknown language {value}; choose one of {languages}"))
        raise UsageError(text.format(value=repr(language), languages=", ".join(LANGUAGES)))
    _current[:] = [language]


def forget() -> None:
    """Forget the language `use()` set: the next command chooses again."""
    _current.clear()


def current() -> str:
    """The language in use: the one `use()` set, else the one `choose()` finds."""
    return _current[0] if _current else choose()


def spoken() -> str:
    """The language in use, or English where $BNQUIZ_LANG names none we speak: what the error
    about that setting, and everything around it, is said in."""
    try:
        return current()
    except UsageError:
        return "en"


def _(message: str) -> str:
    """The message in the language in use."""
    return _in(current(), message)


def said(message: str) -> str:
    """The message in the language `spoken()` gives: for what must be said even when the
    language cannot be chosen (an error, and the word before it)."""
    return _in(spoken(), message)


def _in(language: str, message: str) -> str:
    return message if language == "en" else _catalog(language).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The message for `count` things, in the language in use."""
    language = current()
    if language == "en":
        return singular if count == 1 else plural
    return _catalog(language).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark a message for the catalog; `_()` translates it where it is shown."""
    return message


# what `choose()` says of an unknown language (where: --lang or BNQUIZ_LANG)
_UNKNOWN_WHERE = N_("{where}: unknown language {value}; choose one of {languages}")


@functools.cache
def _catalog(language: str) -> NullTranslations:
    import gettext

    return gettext.translation("bnquiz", LOCALES, languages=[language], fallback=True)
