"""Scrapy's spider loader plus a spider for each site of the sources file."""

from __future__ import annotations

import difflib
import sys

from scrapy import Spider
from scrapy.settings import BaseSettings
from scrapy.spiderloader import SpiderLoader

from newscrawl.crawl.sources import load_sources


class SourcesSpiderLoader(SpiderLoader):
    """Finds the spiders of SPIDER_MODULES, then adds the configured sites.

    A sources file that cannot be used is reported in one line and costs only
    its own sites; the built-in spiders load whatever it says.
    """

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        from spiders.generic import spider_class  # the project's spiders package

        sites, self.problems = load_sources(settings, reserved=set(self._spiders))
        for problem in self.problems:
            # Straight to stderr: `scrapy list` runs with logging off.
            print(f"newscrawl: sources file not used: {problem}", file=sys.stderr)
        for site in sites.values():
            self._spiders[site.name] = spider_class(site)

    def load(self, spider_name: str) -> type[Spider]:
        """Return the spider class of that name; exit with one line if none."""
        try:
            return super().load(spider_name)
        except KeyError:
            pass
        # A typo, or a site of a sources file that could not be used (the
        # line above says why): a KeyError traceback would only bury it.
        names = sorted(self._spiders)
        close = difflib.get_close_matches(spider_name, names, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        why = "; a sources file was not used, see above" if self.problems else ""
        raise SystemExit(
            f"newscrawl: no spider named {spider_name!r} ({hint}the spiders are:"
            f" {', '.join(names)}{why})"
        )
