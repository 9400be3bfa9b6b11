"""The extraction engine: from article text to source-cited stance statements.

    from stancemap.extract import Extractor
    ex = Extractor(scenario)                 # loads spaCy once
    ex.extract(article) -> list[Statement]
    ex.extract_many(articles, batch_size=32) # (article, statements) pairs, via nlp.pipe

Modules, one job each:
    nlp          loading the spaCy pipeline once per process
    language     telling English articles from the rest
    segment      lines worth parsing (headlines included, navigation dropped), with offsets
    lexicon      the scenario's names, issue terms, action cues and outlets as matchers
    english      English function words (speech verbs, pronouns, negators, hedges)
    actors       mentions, the holder of a predicate, pronouns, "both sides", plan authors
    quotes       quoted passages and who speaks them
    actions      cue words with negation and modality applied
    issues       issue terms in a predicate's scope
    attribution  outlets credited with a report, "according to", hedging
    dates        the day a stance was expressed
    pipeline     the Extractor: candidates per (party, issue) and sentence, then statements
    classifier   the optional learned decision over candidates (numpy softmax regression)
    train        `python -m stancemap.extract.train`: fit the classifier on data/train*.jsonl
    corpus       reading corpus JSONL files
"""

from stancemap.extract.pipeline import Extractor

__all__ = ["Extractor"]
