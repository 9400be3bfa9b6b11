"""Report: the positions matrix, per-issue timelines and a self-contained HTML report."""

from stancemap.report.positions import Cell, PositionMap, build_positions

__all__ = ["Cell", "PositionMap", "build_positions"]
