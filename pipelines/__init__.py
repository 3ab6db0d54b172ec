"""Item pipelines, in crawl order: normalize -> dedupe -> store."""
