"""Decide and KTAB readers on the shared copies, and round trips through every writer."""

import pytest

from stancemap.forecast.io_decide import parse_decide, read_decide, write_decide
from stancemap.forecast.io_ktab import parse_ktab, read_ktab, write_ktab
from stancemap.forecast.io_table import parse_table, read_any, write_table
from stancemap.forecast.types import Num


def _same(a, b):
    assert a.actor_ids == b.actor_ids
    assert a.issue_ids == b.issue_ids
    assert a.stances.keys() == b.stances.keys()
    for k, st in a.stances.items():
        assert b.stances[k].position.value == pytest.approx(st.position.value)
        assert b.stances[k].salience.value == pytest.approx(st.salience.value)
        assert b.capability(*k).value == pytest.approx(a.capability(*k).value)


def test_decide_quoted_tab_style(data_dir):
    neg = read_decide(data_dir / "decide" / "sample_data.txt")
    assert len(neg.actors) == 10 and len(neg.issues) == 6 and len(neg.stances) == 60
    assert neg.issue("tol-hoogte").low == 0.5 and neg.issue("tol-hoogte").high == 7
    assert neg.stances[("Wcentr", "extra-investering")].position == Num(100.0, "file")
    assert neg.actor("GL").capability.value == 0.6


def test_decide_semicolon_style_with_meanings(data_dir):
    neg = read_decide(data_dir / "decide" / "CoP21_original_2015.csv")
    assert len(neg.actors) == 15 and len(neg.issues) == 13 and len(neg.stances) == 181
    diff = neg.issue("differentiation")
    assert [p.value for p in diff.points] == [0, 25, 50, 75, 100]
    assert diff.points[-1].meaning == "Annexes I and II of the Convention"
    assert neg.description.startswith("CoP21 Paris negotiations")


@pytest.mark.parametrize("quoted", [True, False])
def test_decide_round_trip(data_dir, quoted):
    neg = read_decide(data_dir / "decide" / "CoP21_original_2015.csv")
    again = parse_decide(write_decide(neg, quoted=quoted))
    _same(neg, again)
    assert again.issue("mrv").points == neg.issue("mrv").points


def test_ktab_reader(data_dir):
    neg = read_ktab(data_dir / "ktab" / "dummyData_3Dim.csv")
    assert neg.name == "DummyData_3Dim"
    assert len(neg.actors) == 7 and neg.issue_ids == ["dim1", "dim2", "dim3"]
    assert neg.actor("SActor-00").capability.value == pytest.approx(102.543)
    st = neg.stances[("SActor-00", "dim1")]
    assert st.position.value == pytest.approx(75.79)
    assert st.salience.value == pytest.approx(0.4953)  # KTAB's 0-100 read as 0-1
    soe = read_ktab(data_dir / "ktab" / "SOE-Pol-Comp.csv")
    assert soe.issue_ids == ["Policy", "Competitive"] and len(soe.actors) == 13


def test_ktab_round_trip(data_dir):
    neg = read_ktab(data_dir / "ktab" / "SOE-Pol-Comp.csv")
    _same(neg, parse_ktab(write_ktab(neg)))


def test_table_round_trip_keeps_sources_and_marks_edits(data_dir):
    neg = read_decide(data_dir / "decide" / "CoP21_original_2015.csv")
    key = ("USA", "mrv")
    st = neg.stances[key]
    neg.stances[key].position = Num(st.position.value, "suggested", 5.0, "from doc 7")
    text = write_table(neg)
    again = parse_table(text)
    _same(neg, again)
    assert again.stances[key].position == Num(st.position.value, "suggested", 5.0, "from doc 7")
    assert again.stances[("EU28", "mrv")].position.source == "file"
    # the analyst edits one value in the file: it comes back as an analyst number
    lines = text.splitlines()
    for n, line in enumerate(lines):
        if line.startswith("position,USA,mrv,"):
            cells = line.split(",")
            cells[3] = "12.5"
            lines[n] = ",".join(cells)
    edited = parse_table("\n".join(lines))
    assert edited.stances[key].position.value == 12.5
    assert edited.stances[key].position.source == "analyst"


def test_read_any_tells_formats_apart(data_dir, tmp_path):
    assert len(read_any(data_dir / "decide" / "sample_data.txt").stances) == 60
    assert len(read_any(data_dir / "ktab" / "dummyData_3Dim.csv").stances) == 21
    neg = read_any(data_dir / "ktab" / "dummyData_3Dim.csv")
    path = tmp_path / "edit.csv"
    path.write_text(write_table(neg))
    _same(neg, read_any(path))
