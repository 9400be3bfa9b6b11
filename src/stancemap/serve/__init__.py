"""The web dashboard: map, issue timelines, articles with highlighted evidence, reviews."""

from stancemap.serve.app import create_app

__all__ = ["create_app"]
