"""The only package that speaks to MongoDB: crawl writes, every read, the server."""
