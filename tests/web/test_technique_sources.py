"""Technique guidance names its source article in words, never as a bare file number."""

from __future__ import annotations

import re

from tests.conftest import ApiClient
from tracker.catalog import SOURCE_WORDS, TECHNIQUES


def test_log_page_names_each_techniques_source_article_in_words(user: ApiClient) -> None:
    page = user.get("/log").get_data(as_text=True)
    assert not re.search(r"\(source \d+\)", page)  # "(source 001)" meant nothing to a reader
    for technique in TECHNIQUES:
        for number in technique.source.split(","):
            assert number.strip() in SOURCE_WORDS, technique.slug
    assert "(from the article \u201cHow to Massage Your Heels for Pain Relief\u201d)" in page
    assert "(from an article on foot-massage techniques for arch and heel pain)" in page


def test_a_technique_citing_two_articles_names_both() -> None:
    both = next(t for t in TECHNIQUES if t.source == "001, 002")
    assert both.source_words == f"{SOURCE_WORDS['001']} and {SOURCE_WORDS['002']}"
