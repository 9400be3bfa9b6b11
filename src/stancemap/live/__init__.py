"""Live feeds: `stancemap watch` polls RSS/Atom feeds and ingests and extracts what is new."""

from stancemap.live.watcher import CycleResult, PollResult, Watcher

__all__ = ["CycleResult", "PollResult", "Watcher"]
