"""Rich building blocks every screen shares: inline `code` spans and Markdown blocks.

`rich.markdown` is imported only when a block is built: `bnquiz topics` never pays for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from rich.console import RenderableType

CODE_STYLE = "bold cyan"  # as the Markdown renderer styles `code`, so inline and block text agree


def inline(text: str) -> Text:
    """One line of Markdown-lite: `code` spans styled, the rest plain."""
    result = Text()
    for i, part in enumerate(text.split("`")):
        result.append(part, style=CODE_STYLE if i % 2 else "")
    return result


def markdown(text: str) -> RenderableType:
    from rich.markdown import Markdown

    return Markdown(text)
