"""The extraction engine: from article text to stance statements."""

from stancemap.extract.pipeline import Extractor

__all__ = ["Extractor"]
