"""Articles written for the provenance tests (not taken from the corpus)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from stancemap.models import Article

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

WIRE = (
    "GENEVA (Reuters) - Negotiators from Ruritania and Borduria ended a third day of talks "
    "in Geneva on Thursday without agreeing on the future of the Kessel river valley, "
    "three diplomats briefed on the meetings said. Ruritanian envoy Marta Velsk told "
    "reporters that her delegation would not trade the valley for a ceasefire. "
    "\u201cWe did not come here to sign away the Kessel valley piece by piece,\u201d Velsk "
    "said after the session at the Palais Wilson. Bordurian negotiator Anton Greif said "
    "his side had offered to withdraw artillery 40 kilometres from the river if the "
    "valley were placed under a joint commission. The diplomats said the mediators from "
    "Syldavia had proposed a 90-day pause in shelling while a map of the valley is drawn. "
    "A fourth round is expected next week in Lausanne, the diplomats added, although no "
    "date has been set. The talks are the first direct contact between the two "
    "governments since the collapse of the Tannhof accord in March."
)

BOILERPLATE = (
    "Subscribe to our newsletter for the latest headlines. Follow us on social media. "
    "All rights reserved. Advertisement."
)


def article(id_: str, text: str, title: str | None = None, **kw: Any) -> Article:
    return Article(id=id_, text=text, title=title, **kw)


def seed_articles() -> list[Article]:
    """The seed examples: id = file stem, title = first line, text = whole file."""
    out = []
    for path in sorted(EXAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out.append(Article(id=path.stem, text=text, title=text.splitlines()[0]))
    return out


def wire_story() -> Article:
    return article("wire", WIRE, "Ruritania and Borduria fail to settle Kessel valley in Geneva")


def syndicated_copy() -> Article:
    text = "Valley talks stall again\nWorld News | Thursday\n" + WIRE + "\n" + BOILERPLATE
    return article("copy", text, "Valley talks stall again", outlet="dailyplanet.example")


SCOOP_A = (
    "Borduria has privately offered to hand the Kessel dam to a Syldavian operator as part "
    "of a settlement with Ruritania, according to The Washington Post, which cited two "
    "officials familiar with the Geneva talks. The proposal, made by negotiator Anton "
    "Greif during a closed session on Wednesday, would leave the dam's turbines idle for "
    "five years, the officials told the Post."
)
SCOOP_A_RETOLD = (
    "Bordurian negotiator Anton Greif floated giving control of the Kessel dam to an "
    "operator from Syldavia, The Washington Post reported, a concession that two officials "
    "said came in a closed-door Geneva session on Wednesday. Under the idea the dam would "
    "stay shut for five years."
)
SCOOP_B = (
    "Borduria is ready to hand the Kessel dam to a Syldavian operator in a deal with "
    "Ruritania, Bloomberg reported on Wednesday, citing people close to negotiator Anton "
    "Greif. The Geneva talks have stalled over the dam, which Borduria's envoys say must "
    "stay closed for five years."
)


def scoops() -> list[Article]:
    return [
        article("scoop-a", SCOOP_A, "Borduria offers Kessel dam to Syldavian operator"),
        article("scoop-a2", SCOOP_A_RETOLD, "Report: Greif floats Kessel dam handover"),
        article("scoop-b", SCOOP_B, "Borduria ready to cede Kessel dam, Bloomberg says"),
    ]
