"""One spider per news source, all built on spiders.base.NewsSpider."""
