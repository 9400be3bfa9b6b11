"""Shapes of the JSON API's answers, so the OpenAPI schema documents every field. The views
build plain dicts; these models only describe (and check) them at the edge."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class PageOut(BaseModel):
    page: int
    per_page: int
    total: int
    pages: int


class ArticleRef(BaseModel):
    id: str
    title: str | None
    url: str | None = Field(description="http(s) only; other schemes are dropped")
    outlet: str | None
    published: str | None


class OriginalOut(BaseModel):
    actor: str
    action: str
    issue: str
    target: str | None
    date: str | None


class StatementOut(BaseModel):
    # The extractor may add fields of its own (the spec allows extras); keep them.
    model_config = ConfigDict(extra="allow")

    doc: str
    actor: str
    action: str
    issue: str
    sentence: str
    speaker: str | None
    target: str | None
    content: str
    attribution: str | None
    hedged: bool
    date: str | None
    start: int
    end: int
    confidence: float
    fingerprint: str = Field(description="stable id of the statement as extracted; reviews "
                                         "are keyed on it")
    status: str = Field(description="unreviewed, confirmed, edited or rejected")
    when: str | None = Field(description="its date, else its article's publication day")
    article: ArticleRef
    original: OriginalOut | None = Field(None, description="as extracted, when reviewed")


class ReviewOut(BaseModel):
    id: int
    fingerprint: str
    doc: str
    original: dict[str, Any]
    decision: str
    changes: dict[str, Any]
    reviewer: str
    note: str
    created_at: str


class StatementDetailOut(StatementOut):
    reviews: list[ReviewOut]


class CellOut(BaseModel):
    party: str
    issue: str
    action: str = Field(description="the latest stance")
    colour: str
    date: str | None
    articles: int = Field(description="articles that carry the latest stance")
    sources: int | None = Field(description="independent sources (groups of re-tellings) "
                                            "among them; null until grouping is available")
    statements: int
    hedged: bool = Field(description="the latest stance is reported as unconfirmed")
    hedged_statements: int
    evidence: StatementOut | None


class IssueRef(BaseModel):
    id: str
    description: str


class MapRow(BaseModel):
    party: str
    name: str
    cells: list[CellOut | None] = Field(description="one per issue, in `issues` order")


class MapOut(BaseModel):
    scenario: str
    as_of: str | None
    first_date: str | None
    last_date: str | None
    parties: list[str]
    issues: list[IssueRef]
    rows: list[MapRow]
    statements: int
    articles: int
    review_status: dict[str, int]
    sources_are_groups: bool


class CellPageOut(BaseModel):
    party: str
    party_name: str
    issue: str
    issue_description: str
    as_of: str | None
    cell: CellOut | None
    history: list[StatementOut] = Field(description="newest first, at most 100")
    history_total: int


class PartyCount(BaseModel):
    id: str
    statements: int


class IssuePageOut(BaseModel):
    issue: str
    description: str
    party: str | None
    parties: list[PartyCount]
    timeline_svg: str
    statements: list[StatementOut]
    page: PageOut


class StatementsOut(BaseModel):
    statements: list[StatementOut]
    page: PageOut


class SegmentOut(BaseModel):
    text: str
    marks: list[int] = Field(description="indexes into `statements` of those covering it")


class ArticleTextOut(ArticleRef):
    language: str | None
    source: str | None
    text: str


class ArticleStatementOut(StatementOut):
    located: bool = Field(description="the sentence was found in the stored text")
    index: int


class ArticlePageOut(BaseModel):
    article: ArticleTextOut
    statements: list[ArticleStatementOut]
    segments: list[SegmentOut] = Field(description="the text cut at every highlight edge")
    group: list[ArticleRef] | None = Field(
        description="other articles re-telling the same report; null until grouping is "
                    "available")


class ArticleListItem(ArticleRef):
    statements: int


class ArticlesOut(BaseModel):
    articles: list[ArticleListItem]
    page: PageOut


class AuditOut(BaseModel):
    reviews: list[ReviewOut]
    page: PageOut


class EventOut(BaseModel):
    status: str = Field(description="added, duplicate, conflict or error")
    source: str
    article_id: str | None
    detail: str
    language: str | None


class EventsOut(BaseModel):
    events: list[EventOut]


class ReviewCreatedOut(BaseModel):
    review: ReviewOut
    statement: StatementDetailOut


class ScenarioOut(BaseModel):
    name: str
    description: str
    parties: dict[str, str]
    issues: dict[str, str]
    actions: dict[str, str]
    colours: dict[str, str]


class ForecastModelOut(BaseModel):
    model: str
    name: str
    value: float | None = Field(description="the forecast on the scale; null: no deal "
                                            "(Nash bargaining) or nobody holds a position")
    meaning: str = Field(description="the nearest labelled point of the scale")
    band_5: float | None
    band_95: float | None
    draws_median: float | None
    no_agreement_share: float | None
    note: str


class ScalePointOut(BaseModel):
    value: float
    meaning: str


class ForecastIssueSummary(BaseModel):
    issue: str
    description: str
    low: float
    high: float
    status_quo: float | None
    points: list[ScalePointOut]
    parties: int = Field(description="parties holding a position on the issue")
    forecasts: list[ForecastModelOut]
    chart_svg: str | None = Field(description="positions, forecasts and bands, inline SVG")


class ForecastOut(BaseModel):
    draws: int
    seed: int | None
    issues: list[ForecastIssueSummary]


class NumberOut(BaseModel):
    value: float
    source: str = Field(description="suggested (from statements), file (scenario prior) "
                                    "or analyst (set by hand)")
    spread: float | None = Field(description="sd for the Monte Carlo; null: the default")
    note: str


class SuggestedNumberOut(BaseModel):
    value: float
    source: str
    note: str


class PartyNumbersOut(BaseModel):
    party: str
    name: str
    has_stance: bool
    position: NumberOut | None
    salience: NumberOut | None
    capability: NumberOut | None
    suggested_position: SuggestedNumberOut | None
    suggested_salience: SuggestedNumberOut | None
    suggested_capability: SuggestedNumberOut | None


class ForecastEditOut(BaseModel):
    id: int
    issue: str
    party: str
    field: str
    value: float | None
    spread: float | None
    analyst: str
    note: str
    created_at: str


class ForecastIssueOut(ForecastIssueSummary):
    draws: int
    seed: int | None
    numbers: list[PartyNumbersOut]
    edits: list[ForecastEditOut] = Field(description="the analyst's edits, newest first")


class ForecastEditCreatedOut(BaseModel):
    edit: ForecastEditOut
    issue: ForecastIssueOut
