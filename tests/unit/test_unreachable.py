"""Giving up on a host that cannot be reached (newscrawl.crawl.unreachable)."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.http import Response
from scrapy.utils.test import get_crawler
from twisted.internet.error import DNSLookupError, TCPTimedOutError

from newscrawl.crawl.unreachable import UNREACHABLE, HostUnreachable, UnreachableHosts

URL = "https://www.example.com/world/rss"


def _middleware(**settings: object) -> UnreachableHosts:
    return UnreachableHosts.from_crawler(get_crawler(settings_dict=settings))


def _fail(
    hosts: UnreachableHosts, exception: Exception, *, retried: int = 0
) -> Request:
    request = Request(URL, meta={"retry_times": retried})
    hosts.process_exception(request, exception)
    return request


def test_a_host_that_never_answered_is_given_up_on_after_three_failed_connections():
    hosts = _middleware(RETRY_TIMES=5)
    for _ in range(2):
        assert not _fail(hosts, DNSLookupError("no results")).meta.get("dont_retry")
    third = _fail(hosts, DNSLookupError("no results"))
    assert third.meta["dont_retry"] and third.meta[UNREACHABLE]
    later = Request("https://www.example.com/world/2026/nov/20/story")
    with pytest.raises(HostUnreachable) as raised:
        hosts.process_request(later)
    assert raised.value.kind == "dns" and "no results" in raised.value.reason
    assert later.meta["dont_retry"] and later.meta[UNREACHABLE]
    hosts.process_request(Request("https://other.example.com/"))  # not that host


@pytest.mark.parametrize(
    ("settings", "retried"), [({"RETRY_ENABLED": False}, 0), ({"RETRY_TIMES": 2}, 2)]
)
def test_a_request_that_is_not_retried_gives_its_host_up_at_once(settings, retried):
    hosts = _middleware(**settings)
    from twisted.internet.error import ConnectionRefusedError

    request = _fail(hosts, ConnectionRefusedError(), retried=retried)
    assert request.meta[UNREACHABLE]
    assert hosts.unreachable["www.example.com"][0] == "connection_refused"


def test_a_host_that_answered_or_a_timeout_is_never_given_up_on():
    hosts = _middleware()
    hosts.process_response(Request(URL), Response(URL))
    for _ in range(5):
        _fail(hosts, DNSLookupError("flaky"))
    slow = _middleware()
    for _ in range(5):
        _fail(slow, TCPTimedOutError())
    assert hosts.unreachable == {} and slow.unreachable == {}
