"""A negotiation scenario: parties, issues and the action lexicon, read from a YAML file.

Everything specific to one negotiation lives in the scenario file, so a trade deal or
another ceasefire is a new file, not new code.
"""

from __future__ import annotations

import os
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

DEFAULT_SCENARIO = "ukraine-2025.yaml"


class ScenarioError(Exception):
    """A scenario file that cannot be read or does not validate; the message names the key."""


class Speaker(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    aliases: list[str] = Field(default_factory=list)
    title: str | None = None


class Party(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    # Names, demonyms, capitals and bodies that stand for the party as a whole.
    aliases: list[str] = Field(default_factory=list)
    # Named people and bodies that speak for the party.
    speakers: list[Speaker] = Field(default_factory=list)
    # Adjectives that, before a role noun ("Russian officials"), stand for the party.
    demonyms: list[str] = Field(default_factory=list)


class ContextTerms(BaseModel):
    """Words that name an issue only in a sentence that also has one of `context`:
    "recognise" is about territory in "recognise Crimea as Russian", not in "recognise
    the results of the election"."""

    model_config = ConfigDict(extra="forbid")

    terms: list[str]
    context: list[str]


class Issue(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str
    terms: list[str] = Field(default_factory=list)
    terms_with: ContextTerms | None = None
    # Terms of this issue also name the setting of other stances ("at the summit"), so a
    # stance counts for it only when a term lies in the predicate's own scope.
    scoped: bool = False
    # The article model's bar for a key on this issue, where it is not the model's own:
    # an issue the coverage names in passing far more often than anyone takes a stance
    # on it (the format of talks, a plan as a whole) needs more evidence for a key.
    threshold: float | None = Field(default=None, gt=0.0, lt=1.0)


class Action(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str
    cues: list[str] = Field(default_factory=list)


class Document(BaseModel):
    """A plan or text the coverage names without its author ("the 28-point plan"), or
    whose points are read a particular way."""

    model_config = ConfigDict(extra="forbid")

    name: str
    author: str  # a party id
    aliases: list[str] = Field(default_factory=list)
    # What the document's points are for its author: proposals (a plan put forward for
    # negotiation) or demands (a list of conditions the other side is to meet). The
    # document itself is proposed either way.
    stance: Literal["propose", "demand"] = "propose"


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    description: str = ""
    language: str = "en"
    parties: dict[str, Party]
    issues: dict[str, Issue]
    actions: dict[str, Action]
    # Outlets and agencies whose reports the extractor recognises as attributions.
    sources: list[str] = Field(default_factory=list)
    # Optional language cues for the extractor; when empty it uses its English defaults.
    # Nouns naming a group or office ("officials", "delegation") that a demonym turns
    # into a party mention.
    role_nouns: list[str] = Field(default_factory=list)
    # Words that mark a claim as unconfirmed ("reportedly", "allegedly").
    hedges: list[str] = Field(default_factory=list)
    # Named plans whose author the reader knows: what they say is their author's proposal
    # (or demand, as the document's `stance` says).
    documents: list[Document] = Field(default_factory=list)
    # Optional 0-100 scales per issue for the bargaining models (see IssueScale below).
    scales: dict[str, IssueScale] | None = None

    @field_validator("parties", "issues", "actions")
    @classmethod
    def _not_empty(cls, value: dict) -> dict:
        if not value:
            raise ValueError("must name at least one entry")
        return value

    @model_validator(mode="after")
    def _known_authors(self) -> Scenario:
        for n, doc in enumerate(self.documents):
            if doc.author not in self.parties:
                raise ValueError(f"documents.{n}: author {doc.author!r} is not a party id")
        return self

    @cached_property
    def party_ids(self) -> list[str]:
        return list(self.parties)

    @cached_property
    def issue_ids(self) -> list[str]:
        return list(self.issues)

    @cached_property
    def action_ids(self) -> list[str]:
        return list(self.actions)


def default_scenario_path() -> Path:
    """STANCEMAP_SCENARIO if set, else the Russia-Ukraine scenario shipped with the package."""
    env = os.environ.get("STANCEMAP_SCENARIO")
    if env:
        return Path(env)
    return Path(str(resources.files("stancemap") / "scenarios" / DEFAULT_SCENARIO))


def load_scenario(path: str | Path | None = None) -> Scenario:
    """Read and validate a scenario file; raise ScenarioError naming the file and the key."""
    scenario_path = Path(path) if path else default_scenario_path()
    try:
        raw = yaml.safe_load(scenario_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScenarioError(f"{scenario_path}: scenario file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"{scenario_path}: cannot read scenario file: {exc}") from None
    except yaml.YAMLError as exc:
        raise ScenarioError(f"{scenario_path}: not valid YAML: {exc}".splitlines()[0]) from None
    if not isinstance(raw, dict):
        raise ScenarioError(f"{scenario_path}: expected a mapping at the top level")
    try:
        return Scenario.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise ScenarioError(f"{scenario_path}: key '{where}': {err['msg']}{more}") from None


# --- Issue scales for the bargaining models (stancemap.forecast) -----------------------


class ScalePointSpec(BaseModel):
    """One labelled point of an issue scale; cues are phrases in a statement's content
    (or sentence) that mean the actor wants, offers, accepts or rejects this point."""

    model_config = ConfigDict(extra="forbid")

    value: float
    meaning: str
    cues: list[str] = Field(default_factory=list)


class PartyScaleDefault(BaseModel):
    """A party's prior on one issue, used where the coverage gives nothing better."""

    model_config = ConfigDict(extra="forbid")

    position: float | None = None
    salience: float | None = Field(default=None, ge=0, le=1)
    capability: float | None = Field(default=None, ge=0)


class IssueScale(BaseModel):
    model_config = ConfigDict(extra="forbid")

    points: list[ScalePointSpec]
    status_quo: float | None = None
    parties: dict[str, PartyScaleDefault] = Field(default_factory=dict)

    @field_validator("points")
    @classmethod
    def _two_points(cls, value: list[ScalePointSpec]) -> list[ScalePointSpec]:
        if len(value) < 2:
            raise ValueError("a scale needs at least its two end points")
        return sorted(value, key=lambda p: p.value)

    @property
    def low(self) -> float:
        return self.points[0].value

    @property
    def high(self) -> float:
        return self.points[-1].value


Scenario.model_rebuild()
