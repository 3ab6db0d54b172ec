"""The test site: a local HTTP server and the pages it serves."""
