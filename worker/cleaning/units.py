"""Text lines as model units: a line with glued boundaries ("difference.Britain") becomes one
unit per segment, so that a glued boilerplate sentence is judged apart from the body around it.
A line glued at one point is marked as such (a box's last sentence glued to a paragraph); one glued
at several points is text run together (a scraper that dropped every block boundary), and its
segments are judged as ordinary units."""

from __future__ import annotations

import bisect
import itertools

from worker.cleaning import glue
from worker.cleaning.features import Unit


def split_lines(lines: list[str]) -> tuple[list[Unit], list[int]]:
    """(units, the line index of each unit)."""
    units, owners = [], []
    glued = _glued_lines(lines)
    for index, line in enumerate(lines):
        parts = [line]
        if index in glued:
            parts = [p.strip() for p in glue.segments(line) if p.strip()] or [line]
        if len(parts) == 1:
            units.append(Unit(line))
            owners.append(index)
            continue
        places = ("first", "last") if len(parts) == 2 else ("",) * len(parts)
        units.extend(Unit(part, place) for part, place in zip(parts, places))
        owners.extend([index] * len(parts))
    return units, owners


def _glued_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines that may have a glued boundary, found in one scan of the whole text (a
    glue point never spans a line break), so most lines skip the per-line split."""
    ends = list(itertools.accumulate(len(line) + 1 for line in lines))
    return {bisect.bisect_right(ends, m.start()) for m in glue.MAYBE_GLUED.finditer("\n".join(lines))}


def join_kept(units: list[Unit], owners: list[int], keep: list[bool]) -> list[str]:
    """Kept units back into lines: segments of the same line are joined with a space."""
    lines: list[str] = []
    last_owner = None
    parts: list[str] = []
    for unit, owner, kept in zip(units, owners, keep):
        if owner != last_owner:
            if parts:
                lines.append(glue.join(parts))
            parts, last_owner = [], owner
        if kept:
            parts.append(unit.text)
    if parts:
        lines.append(glue.join(parts))
    return lines
