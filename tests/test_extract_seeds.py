"""The seed documents: the stances the project was founded to find."""

from __future__ import annotations

from stancemap.models import Statement


def _with(statements: list[Statement], actor: str, action: str, issue: str) -> list[Statement]:
    return [s for s in statements if (s.actor, s.action, s.issue) == (actor, action, issue)]


def test_russia_demands_donbas_in_every_seed(seeds: dict[str, list[Statement]]) -> None:
    for name in ("000", "001", "002"):
        assert _with(seeds[name], "RUS", "demand", "territory.donbas"), name


def test_donbas_demand_is_credited_to_the_reporting_outlet(
    seeds: dict[str, list[Statement]],
) -> None:
    expected = {"000": "reuters", "001": "washington post", "002": "washington post"}
    for name, outlet in expected.items():
        sources = {
            (s.attribution or "").lower()
            for s in _with(seeds[name], "RUS", "demand", "territory.donbas")
        }
        assert any(outlet in src for src in sources), (name, sources)


def test_ukraine_rejects_ceding_donbas(seeds: dict[str, list[Statement]]) -> None:
    assert _with(seeds["000"], "UKR", "reject", "territory.donbas")


def test_no_nato_peacekeeping_force_is_a_russian_rejection(
    seeds: dict[str, list[Statement]],
) -> None:
    found = _with(seeds["000"], "RUS", "reject", "security.troops")
    assert any("there will be no" in s.sentence and s.speaker == "Dmitry Medvedev" for s in found)


def test_kyiv_endorses_the_ceasefire(seeds: dict[str, list[Statement]]) -> None:
    found = _with(seeds["001"], "UKR", "accept", "ceasefire")
    assert found
    assert all(s.hedged for s in found)  # "has reportedly endorsed"


def test_trump_not_endorsing_is_no_acceptance(seeds: dict[str, list[Statement]]) -> None:
    for name in ("001", "002"):
        assert not [
            s
            for s in seeds[name]
            if s.actor == "USA" and s.action == "accept" and "endorsed" in s.sentence
        ]


def test_sentences_are_verbatim_with_offsets(seeds: dict[str, list[Statement]]) -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "examples"
    for path in root.glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        for s in seeds[path.stem[:3]]:
            assert text[s.start : s.end] == s.sentence
            assert 0.0 <= s.confidence <= 1.0
