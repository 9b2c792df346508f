"""Keep the message catalogs in step with the code.

Extracts every message marked with `_()`, `N_()` or `ngettext()` in `bnquiz/`, brings each
language's `.po` up to date (new messages added untranslated, unused ones dropped, translations
kept) and compiles the `.mo` that bnquiz reads. Run it after adding or changing a message, then
translate the new entries in `bnquiz/locale/zh/LC_MESSAGES/bnquiz.po` and run it again:

    python scripts/catalog.py            # update the .po files and compile the .mo files
    python scripts/catalog.py --check    # change nothing; exit 1 if anything is out of date

Needs Babel (in the `test` extra); bnquiz itself reads the `.mo` with the standard library.
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "bnquiz"
LOCALES = PACKAGE / "locale"
LANGUAGES = ("zh",)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
FIXED = datetime(2026, 1, 1, tzinfo=UTC)  # the header's dates: the files change only with their messages


class _Catalog(Catalog):
    """A catalog whose files do not name the Babel version that wrote them: any Babel makes the
    same bytes, so `--check` holds on every machine."""

    mime_headers = property(
        lambda self: [h for h in Catalog.mime_headers.fget(self) if h[0] != "Generated-By"],  # type: ignore[attr-defined]
        Catalog.mime_headers.fset,  # type: ignore[attr-defined]
    )


def extracted() -> list[tuple[str | tuple[str, str], list[str]]]:
    """Every message in the code, once, in a stable order, with the files that use it."""
    found: dict[str | tuple[str, str], list[str]] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
        str(PACKAGE), [("**.py", "python")], keywords=KEYWORDS
    ):
        found.setdefault(message, []).append(filename)
    return sorted(found.items(), key=lambda item: str(item[0]))


def updated(language: str, messages: list[tuple[str | tuple[str, str], list[str]]]) -> Catalog:
    """The language's catalog for these messages, with the translations its .po already has."""
    path = LOCALES / language / "LC_MESSAGES" / "bnquiz.po"
    old = Catalog(locale=language)
    if path.exists():
        with path.open("rb") as handle:
            old = read_po(handle, locale=language)
    new = _Catalog(
        locale=language, project="bnquiz", version="", creation_date=FIXED, revision_date=FIXED, fuzzy=False
    )
    new.msgid_bugs_address = ""
    for message, files in messages:
        key = message[0] if isinstance(message, tuple) else message
        before = old.get(key)
        string = before.string if before is not None else ("", "") if isinstance(message, tuple) else ""
        new.add(message, string, locations=[(f, None) for f in sorted(set(files))])
    return new


def outputs(language: str, catalog: Catalog) -> dict[Path, bytes]:
    """The .po and .mo files for a catalog, as bytes."""
    folder = LOCALES / language / "LC_MESSAGES"
    po, mo = io.BytesIO(), io.BytesIO()
    write_po(po, catalog, width=100, sort_output=True, include_lineno=False, omit_header=False)
    write_mo(mo, catalog)
    return {folder / "bnquiz.po": po.getvalue(), folder / "bnquiz.mo": mo.getvalue()}


def stale() -> list[Path]:
    """The catalog files that differ from what the code and the .po files make."""
    messages = extracted()
    wanted = {}
    for language in LANGUAGES:
        wanted.update(outputs(language, updated(language, messages)))
    return [path for path, data in wanted.items() if not path.exists() or path.read_bytes() != data]


def main(argv: list[str]) -> int:
    if "--check" in argv:
        out_of_date = stale()
        for path in out_of_date:
            print(f"out of date: {path.relative_to(ROOT)} (run python scripts/catalog.py)", file=sys.stderr)
        return 1 if out_of_date else 0
    messages = extracted()
    for language in LANGUAGES:
        catalog = updated(language, messages)
        for path, data in outputs(language, catalog).items():
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)
                print(f"wrote {path.relative_to(ROOT)}")
        missing = [m.id for m in catalog if m.id and not (all(m.string) if m.pluralizable else m.string)]
        if missing:
            print(f"{language}: {len(missing)} messages to translate in its .po", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
