"""Fuzz every reader and extraction with hostile input; count crashes and error kinds.

    python benchmarks/fuzz.py --n 10000

Prints inputs tried per reader, crashes (must be 0), rule violations (must be 0: an error
that is not one line or does not name its record, a half-stored article) and the error
classes seen with counts. Extraction uses the real engine when stancemap.extract imports.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests import fuzzing, harness  # noqa: E402
from tests.fuzzing import FuzzRun  # noqa: E402

MB = 1024 * 1024


def _big_inputs(run: FuzzRun) -> None:
    """The cases too big for Hypothesis to generate: 100 MB lines and files, deep HTML."""
    line = b'{"id": "huge", "text": "' + b"war " * (25 * MB) + b'"}\n'
    run.file("jsonl", ".jsonl", line + b'{"id": "after-huge", "text": "A record after a '
             b'100 MB line is still read, as Moscow demanded a ceasefire."}\n')
    run.file("txt", ".txt", b"a" * (100 * MB))
    run.file("html", ".html", b"<p>" + b"b" * (100 * MB))
    run.file("html", ".html", (b"<div>" * 100_000) + fuzzing.PROSE.encode())
    run.file("html", ".html", (b"<div>" * 100_000) + fuzzing.PROSE.encode()
             + (b"</div>" * 100_000))
    run.file("jsonl", ".jsonl", b"[" * 1_000_000 + b"\n")


def _fuzzer(run: FuzzRun, strategy: st.SearchStrategy[object],
            feed: Callable[[FuzzRun, object], None], n: int) -> Callable[[], None]:
    # Crashes are recorded by the FuzzRun, not raised, so Hypothesis never stops to shrink
    # and every input counts.
    @settings(max_examples=n, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def fuzz_one(value: object) -> None:
        feed(run, value)

    return fuzz_one  # type: ignore[no-any-return]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10000, help="inputs to try in all")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-big", action="store_true", help="skip the 100 MB cases")
    args = parser.parse_args()
    readers: list[tuple[str, st.SearchStrategy[object], Callable[[FuzzRun, object], None]]] = [
        ("txt", st.tuples(fuzzing.hostile_bytes, fuzzing.file_name),
         lambda run, x: run.file("txt", ".txt", x[0], x[1])),  # type: ignore[index]
        ("html", fuzzing.html_bytes, lambda run, x: run.file("html", ".html", x)),  # type: ignore[arg-type]
        ("jsonl", fuzzing.jsonl_bytes, lambda run, x: run.file("jsonl", ".jsonl", x)),  # type: ignore[arg-type]
        ("feed", fuzzing.feed_bytes, lambda run, x: run.feed(x)),  # type: ignore[arg-type]
        ("url", fuzzing.url_response, lambda run, x: run.url(x)),  # type: ignore[arg-type]
        ("extract", st.lists(st.one_of(fuzzing.prose_with_noise, fuzzing.hostile_text.filter(
            lambda t: t.strip())), min_size=1, max_size=3),
         lambda run, x: run.extract(x)),  # type: ignore[arg-type]
    ]
    per_reader = max(1, args.n // len(readers))
    engine = "real stancemap.extract" if harness.real_extractor_available() else \
        "test double (stancemap.extract not importable)"
    print(f"fuzzing {per_reader} inputs per reader x {len(readers)} readers; "
          f"extractor: {engine}", flush=True)
    started = time.perf_counter()
    with fuzzing.fuzz_run() as run:
        for name, strategy, feed in readers:
            t0 = time.perf_counter()

            _fuzzer(run, strategy, feed, per_reader)()
            print(f"  {name:8} {run.tried[name]:6} inputs  {time.perf_counter() - t0:7.1f} s",
                  flush=True)
        if not args.no_big:
            t0 = time.perf_counter()
            _big_inputs(run)
            print(f"  big      {6:6} inputs  {time.perf_counter() - t0:7.1f} s", flush=True)
        leftovers = run.final_check()
        print(f"\ninputs tried: {sum(run.tried.values())} "
              f"({', '.join(f'{k} {v}' for k, v in sorted(run.tried.items()))})")
        print("outcomes (events; a file or feed can yield several):")
        for kind, count in sorted(run.outcomes.items()):
            print(f"  {count:6}  {kind}")
        print(f"crashes: {len(run.crashes)}")
        seen: set[str] = set()
        for crash in run.crashes:
            last = crash.trace.strip().splitlines()[-1]
            if (crash.reader, last) in seen:  # type: ignore[comparison-overlap]
                continue
            seen.add((crash.reader, last))  # type: ignore[arg-type]
            print(f"  [{crash.reader}] {last}\n    input: {crash.sample[:200]}")
        print(f"rule violations: {len(run.violations)}")
        for violation in run.violations[:20]:
            print(f"  {violation}")
        print(f"store check after fuzzing: {'ok' if not leftovers else leftovers[:5]}")
        print("error classes seen:")
        for kind, count in run.errors.most_common():
            print(f"  {count:6}  {kind}")
        print(f"elapsed: {time.perf_counter() - started:.1f} s")
        return 1 if run.crashes or run.violations or leftovers else 0


if __name__ == "__main__":
    sys.exit(main())
