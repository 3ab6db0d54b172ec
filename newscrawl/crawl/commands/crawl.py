"""``scrapy crawl`` that exits 1 when the crawl could not do its work."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from newscrawl.crawl import stats

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler


class Command(ScrapyCrawlCommand):
    """Scrapy's crawl command; the exit status also says whether the crawl failed.

    Cron, systemd and CI see a bad setting, an unreachable store or a site
    that answered nothing as a failure, not only as a line in the log.
    """

    _last_crawler: Crawler | None = None

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        self._last_crawler = super()._create_crawler(spidercls)
        return self._last_crawler

    def run(self, args: list[str], opts: object) -> None:
        super().run(args, opts)  # type: ignore[arg-type]
        counts = self._last_crawler.stats if self._last_crawler is not None else None
        if counts is not None and stats.stopped(counts):
            self.exitcode = 1
