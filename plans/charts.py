"""Charts drawn on the server as SVG, so that the same chart shows on a phone, a desktop and in a
PDF, with no chart library in the browser."""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 360, 170
LEFT, BOTTOM, TOP = 22, 22, 12
THIS_YEAR, LAST_YEAR = "#0d6efd", "#adb5bd"


def admissions_by_month(this_year: list[int], last_year: list[int], year: int) -> str:
    """Bars of the admissions of each month of `year`, beside those of the year before."""
    highest = max([*this_year, *last_year, 1])
    plot_height = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT) / 12
    bar = slot * 0.36
    shapes = []
    for month in range(12):
        x = LEFT + month * slot + slot * 0.12
        for offset, count, colour in (
            (0, last_year[month], LAST_YEAR),
            (bar, this_year[month], THIS_YEAR),
        ):
            height = plot_height * count / highest
            shapes.append(
                (
                    f"{x + offset:.1f}",
                    f"{TOP + plot_height - height:.1f}",
                    f"{bar:.1f}",
                    f"{height:.1f}",
                    colour,
                    count,
                )
            )
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>',
        shapes,
    )
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="9" text-anchor="middle">{}</text>',
        (
            (f"{LEFT + month * slot + slot / 2:.1f}", HEIGHT - 8, f"T{month + 1}")
            for month in range(12)
        ),
    )
    title = _("Admissions by month: %(year)s beside %(last)s") % {"year": year, "last": year - 1}
    return format_html(
        '<svg viewBox="0 0 {w} {h}" width="100%" role="img" aria-label="{title}" '
        'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">'
        "<title>{title}</title>"
        '<line x1="{left}" y1="{base}" x2="{w}" y2="{base}" stroke="#6c757d" stroke-width="0.5"/>'
        '<text x="2" y="{top}" font-size="9">{highest}</text>'
        '<text x="2" y="{base}" font-size="9">0</text>'
        '<rect x="{lx}" y="2" width="8" height="8" fill="{last_colour}"/>'
        '<text x="{lx_text}" y="9" font-size="9">{last}</text>'
        '<rect x="{tx}" y="2" width="8" height="8" fill="{this_colour}"/>'
        '<text x="{tx_text}" y="9" font-size="9">{year}</text>'
        "{bars}{labels}</svg>",
        w=WIDTH,
        h=HEIGHT,
        title=title,
        left=LEFT,
        base=TOP + plot_height,
        top=TOP + 4,
        highest=highest,
        lx=WIDTH - 90,
        lx_text=WIDTH - 79,
        tx=WIDTH - 45,
        tx_text=WIDTH - 34,
        last=year - 1,
        year=year,
        last_colour=LAST_YEAR,
        this_colour=THIS_YEAR,
        bars=bars,
        labels=labels,
    )
