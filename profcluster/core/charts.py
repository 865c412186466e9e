"""Server-rendered charts (matplotlib → SVG): the same markup goes into pages and into PDF/DOCX reports.

Amounts arrive as Decimal; they become floats here only to place bars on a canvas, never to compute anything.
Drawing costs 40–200 ms a chart (0.37 s of a cluster's finance page on a busy server), so a chart is kept in
Django's cache under a hash of its data and options: the same figures give the same SVG anyway (fixed hash
salt, no date), so pages show it without drawing again.
"""

import functools
import hashlib
import io
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal

import matplotlib
from django.core.cache import cache

matplotlib.use("Agg")  # no display on servers; must precede pyplot

import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

# Text stays text (searchable, testable, crisp in PDF); stable ids make the same data give the same SVG.
plt.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "profcluster", "font.family": "DejaVu Sans"})

# Bump when the drawing changes, so that a shared cache (Redis) serves no chart drawn by an older release.
DRAWING_VERSION = 1
# The key is the data itself, so a cached chart is never stale; the timeout only returns unused ones' memory.
CACHE_TIMEOUT = 24 * 60 * 60

PALETTE = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#dc3545", "#6c757d", "#ffc107"]


def render_svg(figure) -> str:
    """A finished matplotlib figure as SVG markup for HTML (and closed, to free its memory)."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    markup = buffer.getvalue()
    return markup[markup.index("<svg") :]  # drop the XML prologue so the markup can sit inside HTML


def _materialised(value):
    """Lists instead of one-shot iterables, str keys: what the hash reads is what the drawing gets."""
    if isinstance(value, Mapping):
        return {str(name): _materialised(values) for name, values in value.items()}
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        return value
    return list(value)


def cached_chart(draw):
    """Serve a chart function's SVG from the cache when the same arguments were drawn before."""

    @functools.wraps(draw)
    def wrapper(*args, **kwargs):
        args = tuple(_materialised(value) for value in args)
        kwargs = {name: _materialised(value) for name, value in kwargs.items()}
        # str() of lazy labels resolves them in the active language, so each language has its own chart.
        payload = json.dumps(
            [draw.__qualname__, DRAWING_VERSION, args, kwargs],
            default=str,
            ensure_ascii=False,
            sort_keys=True,
        )
        key = f"chart:{hashlib.sha256(payload.encode()).hexdigest()}"
        svg = cache.get(key)
        if svg is None:
            svg = draw(*args, **kwargs)
            cache.set(key, svg, CACHE_TIMEOUT)
        return svg

    return wrapper


def _short_number(value: float, _position=None) -> str:
    for threshold, unit in ((1e9, "млрд"), (1e6, "млн"), (1e3, "тыс.")):
        if abs(value) >= threshold:
            return f"{value / threshold:.1f} {unit}".replace(".", ",", 1)
    return f"{value:.0f}"


@cached_chart
def bar_chart_svg(
    categories: Sequence[str],
    series: dict[str, Sequence[Decimal | int]],
    *,
    title: str = "",
    horizontal: bool = True,
) -> str:
    """Grouped bars: one group per category, one bar per series (e.g. plan and fact)."""
    count = max(len(categories), 1)
    figure, axes = plt.subplots(
        figsize=(8, 0.5 + 0.45 * count * max(len(series), 1)) if horizontal else (8, 4)
    )
    height = 0.8 / max(len(series), 1)
    for index, (name, values) in enumerate(series.items()):
        positions = [i + index * height for i in range(len(categories))]
        numbers = [float(v or 0) for v in values]
        draw = axes.barh if horizontal else axes.bar
        draw(positions, numbers, height, label=name, color=PALETTE[index % len(PALETTE)])
    ticks = [i + height * (len(series) - 1) / 2 for i in range(len(categories))]
    if horizontal:
        axes.set_yticks(ticks, labels=list(categories))
        axes.invert_yaxis()
        axes.xaxis.set_major_formatter(FuncFormatter(_short_number))
    else:
        axes.set_xticks(ticks, labels=list(categories))
        axes.yaxis.set_major_formatter(FuncFormatter(_short_number))
    if title:
        axes.set_title(title, loc="left")
    if len(series) > 1:
        axes.legend(frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    return render_svg(figure)


@cached_chart
def pie_chart_svg(labels: Sequence[str], values: Sequence[Decimal | int], *, title: str = "") -> str:
    """Shares of a whole (e.g. funding sources); zero slices are left out, their labels too."""
    pairs = [(label, float(value)) for label, value in zip(labels, values, strict=True) if value]
    figure, axes = plt.subplots(figsize=(5, 4))
    if pairs:
        names, numbers = zip(*pairs, strict=True)
        axes.pie(
            numbers,
            labels=names,
            colors=PALETTE[: len(numbers)],
            startangle=90,
            counterclock=False,
            autopct=lambda pct: f"{pct:.1f} %".replace(".", ","),
            wedgeprops={"linewidth": 1, "edgecolor": "white"},
        )
    axes.axis("equal")
    if title:
        axes.set_title(title, loc="left")
    return render_svg(figure)
