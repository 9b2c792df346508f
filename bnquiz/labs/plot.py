"""A lab's records drawn: in the terminal with plotext, as a PNG with matplotlib where it is
installed. Both draw the lab's `Plot`: `y` against `x`, one line (or bar) per series."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bnquiz.errors import UsageError
from bnquiz.language import N_, _

if TYPE_CHECKING:
    from bnquiz.labs.lab import Lab, Record

# the series' values as the legend says them; any other value reads "momentum=0.1"
WORDS = {
    "bn": N_("BN"),
    "gn": N_("GroupNorm"),
    "none": N_("no normalization"),
    "input_mean": N_("the input's mean"),
}


def lines(lab: Lab, records: list[Record]) -> list[tuple[str, list[object], list[float]]]:
    """Each line of the plot: its legend, its x values and its y values."""
    plot = lab.plot
    if plot.bars:  # one bar per record, in order
        return [("", [_(str(r[plot.x])) for r in records], [float(r[plot.y]) for r in records])]
    drawn = []
    for value in dict.fromkeys(r[plot.series] for r in records):
        chosen = [r for r in records if r[plot.series] == value]
        label = _(WORDS[value]) if value in WORDS else f"{plot.series}={value}"
        drawn.append((label, [r[plot.x] for r in chosen], [float(r[plot.y]) for r in chosen]))
    if plot.also:
        first = [r for r in records if r[plot.series] == records[0][plot.series]]
        drawn.insert(
            0, (_(WORDS[plot.also]), [r[plot.x] for r in first], [float(r[plot.also]) for r in first])
        )
    return drawn


MARKERS = ("hd", "•", "x", "+")  # one per line, so that the lines part without colour too


def terminal(lab: Lab, records: list[Record], width: int, color: bool) -> str:
    """The plot as terminal text (ANSI colours where `color`), its legend on a line of its own
    under it, where it never hides a point."""
    import math

    import plotext  # type: ignore[import-untyped]  # plotext ships no annotations

    figure = plotext.figure
    figure.clear()
    plot = lab.plot
    drawn = lines(lab, records)
    if plot.bars:
        _label, xs, ys = drawn[0]
        positions = list(range(1, len(xs) + 1))
        figure.draw(figure.bar(positions, ys, labeled=[f"{y:.0%}" for y in ys], width=0.5))
        figure.ruler(0).ticks(positions, [str(x) for x in xs])
    else:
        for (_label, xs, ys), marker in zip(drawn, MARKERS, strict=False):
            at = [math.log10(float(str(x))) for x in xs] if plot.log_x else xs
            signal = figure.signal(at, ys, marker=marker)
            signal.lines()
            figure.draw(signal)
        if plot.log_x:  # on a log axis, ticks at the values tried, as they were written
            tried = sorted({float(str(x)) for _label, xs, _ys in drawn for x in xs})
            figure.ruler(0).ticks([math.log10(x) for x in tried], [f"{x:g}" for x in tried])
    figure.legend(False)
    figure.title(_(lab.title))
    figure.label(_(plot.x_label), axis=0)
    figure.label(_(plot.y_label), axis=1)
    figure.plot_size(width, 18)
    figure.theme("simple")
    text = str(figure.build().string(colorless=not color))
    if plot.bars:
        return text
    legend = "   ".join(
        f"{'▚' if marker == 'hd' else marker} {label}"
        for (label, _x, _y), marker in zip(drawn, MARKERS, strict=False)
    )
    return text + "\n" + legend


def png(lab: Lab, records: list[Record], path: Path) -> None:
    """The same plot as a PNG; a UsageError where matplotlib is not installed."""
    import importlib.util
    import warnings

    if importlib.util.find_spec("matplotlib") is None:
        raise UsageError(_("--png needs matplotlib, which is not installed: pip install matplotlib"))
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as pyplot

    plot = lab.plot
    figure, axes = pyplot.subplots(figsize=(7, 4.2))
    with warnings.catch_warnings():  # a font without CJK glyphs says so once per glyph
        warnings.simplefilter("ignore")
        for label, xs, ys in lines(lab, records):
            if plot.bars:
                axes.bar([str(x) for x in xs], ys)
            else:
                axes.plot([float(str(x)) for x in xs], ys, marker="o", label=label)
        if plot.log_x:
            axes.set_xscale("log")
        axes.set_xlabel(_(plot.x_label))
        axes.set_ylabel(_(plot.y_label))
        axes.set_title(_(lab.title))
        if not plot.bars:
            axes.legend()
        figure.tight_layout()
        figure.savefig(path, dpi=120)
    pyplot.close(figure)
