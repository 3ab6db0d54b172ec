"""Compare article extraction libraries on the generic spider's test pages.

For each library that is installed, extracts the body of every page of the
invented site in ``testsite/generic.py`` (both markups) and prints the
word-level precision, recall and F1 against the body the page was rendered
from, how many pages let a known noise text through (captions, related
links, newsletter box, comments...), and the median milliseconds per page.
The first row is newscrawl's own fallback (``newscrawl.parsers.generic``
without selectors: trafilatura after pruning common boilerplate boxes), the
others the libraries as they come. The candidates other than trafilatura are
not project dependencies; install them for a run with::

    pip install trafilatura readability-lxml justext newspaper4k goose3

A library that is not installed is listed as such and skipped. Nothing here
touches the network: every library is given the page's HTML.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from testsite import generic as site
from testsite.pages import expected_body

_WORD = re.compile(r"\w+", re.UNICODE)
#: A library's body extractor: (url, html) -> text.
Extractor = Callable[[str, str], str]


def _trafilatura(precision: bool) -> Extractor:
    import trafilatura

    def run(url: str, html: str) -> str:
        return (
            trafilatura.extract(
                html,
                url=url,
                include_comments=False,
                include_tables=False,
                favor_precision=precision,
                with_metadata=False,
            )
            or ""
        )

    return run


def _readability() -> Extractor:
    from lxml import html as lxml_html
    from readability import Document

    def run(url: str, html: str) -> str:
        summary = Document(html, url=url).summary(html_partial=True)
        return " ".join(lxml_html.fromstring(summary).itertext())

    return run


def _justext() -> Extractor:
    import justext

    stoplist = justext.get_stoplist("English")

    def run(url: str, html: str) -> str:
        paragraphs = justext.justext(html.encode("utf-8"), stoplist)
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return run


def _newspaper() -> Extractor:
    import newspaper

    def run(url: str, html: str) -> str:
        article = newspaper.Article(url)
        article.download(input_html=html)
        article.parse()
        return article.text

    return run


def _goose() -> Extractor:
    from goose3 import Goose

    goose = Goose({"enable_image_fetching": False})

    def run(url: str, html: str) -> str:
        return goose.extract(url=url, raw_html=html).cleaned_text

    return run


def _newscrawl() -> Extractor:
    from newscrawl.parsers import generic

    def run(url: str, html: str) -> str:
        return "\n".join(generic.parse(url, html).body)

    return run


#: name -> (pip package, factory)
CANDIDATES: dict[str, tuple[str, Callable[[], Extractor]]] = {
    "newscrawl generic fallback": ("trafilatura", _newscrawl),
    "trafilatura": ("trafilatura", lambda: _trafilatura(False)),
    "trafilatura (favor_precision)": ("trafilatura", lambda: _trafilatura(True)),
    "readability-lxml": ("readability-lxml", _readability),
    "justext": ("justext", _justext),
    "newspaper4k": ("newspaper4k", _newspaper),
    "goose3": ("goose3", _goose),
}


def test_pages() -> list[tuple[str, str, list[str]]]:
    """(url, html, expected body) for every article of the test site, both markups."""
    out = []
    for index in range(len(site.default_pages())):
        article = site.make_article(index)
        article["url"] = "https://kestrelcourier.example" + article["path"]
        for render in (site.render_classic, site.render_modern):
            body = expected_body(article["body"])
            out.append((article["url"], render(article), body))
    return out


def words(text: str) -> Counter[str]:
    """The text's words, lower-cased, as a multiset."""
    return Counter(word.lower() for word in _WORD.findall(text))


def scores(found: str, expected: list[str]) -> tuple[float, float, float]:
    """Word-level (precision, recall, F1) of *found* against the *expected* body."""
    got, want = words(found), words(" ".join(expected))
    common = sum((got & want).values())
    precision = common / sum(got.values()) if got else 0.0
    recall = common / sum(want.values()) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if common else 0.0
    return precision, recall, f1


def _noise_leaked(text: str) -> bool:
    flat = " ".join(text.split())
    return any(noise in flat for noise in site.NOISE_TEXTS)


def measure(extractor: Extractor, pages: list[Any], runs: int) -> dict[str, float]:
    """Mean precision/recall/F1, pages with noise, median ms per page."""
    results, times, leaks = [], [], 0
    for url, html, expected in pages:
        text = extractor(url, html)
        results.append(scores(text, expected))
        leaks += _noise_leaked(text)
        for _ in range(runs):
            start = time.perf_counter()
            extractor(url, html)
            times.append(time.perf_counter() - start)
    return {
        "precision": statistics.mean(r[0] for r in results),
        "recall": statistics.mean(r[1] for r in results),
        "f1": statistics.mean(r[2] for r in results),
        "noisy": leaks,
        "ms": statistics.median(times) * 1000,
    }


def main() -> None:
    """Run every installed candidate on the test pages and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="timed runs per page")
    args = parser.parse_args()
    pages = test_pages()
    print(f"{len(pages)} test pages (testsite/generic.py), {args.runs} runs each")
    print(
        f"{'library':32} {'version':9} {'precision':>9} {'recall':>7} {'F1':>7}"
        f" {'noisy':>6} {'ms/page':>8}"
    )
    for name, (package, factory) in CANDIDATES.items():
        try:
            extractor = factory()
        except ImportError:
            print(f"{name:32} not installed (pip install {package})")
            continue
        from importlib.metadata import version

        row = measure(extractor, pages, args.runs)
        print(
            f"{name:32} {version(package):9} {row['precision']:9.3f}"
            f" {row['recall']:7.3f} {row['f1']:7.3f}"
            f" {int(row['noisy']):>3}/{len(pages):<2} {row['ms']:8.2f}"
        )


if __name__ == "__main__":
    main()
