"""The demo's news site: a publisher who edits its articles on a compressed clock.

Five articles in the Guardian's page structure (the test site's DCR pages,
feeds and news sitemap), with text written for the demo, and what the
publisher does before each crawl of ``newscrawl demo``: a headline rewritten,
a paragraph added, a quote removed, a figure changed and then changed back,
an article published mid-way and one deleted. The crawls come every 15
minutes of the demo's clock, as the schedule re-checks fresh articles.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from testsite.server import TestSite, page_table, sample_article

#: Minutes of the demo's clock between two crawls: the schedule's interval
#: for an article that changed less than three hours ago.
STEP = timedelta(minutes=15)

_SECTIONS = {
    "uk-news": "UK news",
    "books": "Books",
    "business": "Business",
    "education": "Education",
    "environment": "Environment",
}

#: The articles, by name: (path, headline, standfirst, paragraphs); the path
#: names the day they are published on.
_TEXTS = {
    "pier": (
        "/uk-news/{day}/pier-rebuild-vote",
        "Coastal town votes on plan to rebuild storm-hit pier",
        "Councillors will decide tonight whether the Victorian pier is saved.",
        [
            "Councillors in the seaside town of Examplehaven will vote tonight on "
            "a plan to rebuild the Victorian pier, closed since a winter storm tore "
            "away a third of its deck.",
            "The plan would cost about £4m, most of it from a coastal fund, and "
            "would reopen the pier to walkers within two years.",
            "Local businesses say the summer trade has fallen by a quarter since "
            "the pier closed, and have asked the council to act before the season.",
            "Opponents argue the money would be better spent on sea defences "
            "further along the front, where homes are at risk.",
        ],
    ),
    "library": (
        "/books/{day}/library-sunday-opening",
        "Library to open on Sundays from January",
        "Readers have asked for weekend hours for years.",
        [
            "The central library will open on Sunday afternoons from January, the "
            "council said, after a survey in which most readers asked for weekend "
            "hours.",
            "Volunteers from the Friends of the Library will staff the reading "
            "rooms alongside two librarians, and the children's floor will hold a "
            "story hour each week.",
            "The change will be reviewed after six months, when the council looks "
            "at how many people came and what it cost to heat the building.",
        ],
    ),
    "rail": (
        "/business/{day}/rail-operator-apology",
        "Rail operator apologises for a week of cancellations",
        "A shortage of drivers left thousands of commuters stranded.",
        [
            "The regional rail operator has apologised after cancelling more than "
            "400 trains in a week, blaming a shortage of drivers and a fault with "
            "its signalling system.",
            "> We let our passengers down this week, and we are sorry. We are "
            "training forty new drivers who will start in the spring.",
            "Passenger groups said the apology came too late for commuters who had "
            "missed shifts and appointments, and called for refunds.",
            "The operator said season ticket holders could claim compensation "
            "online from Monday.",
        ],
    ),
    "fares": (
        "/uk-news/{day}/bus-fares-frozen",
        "Bus fares frozen for another year",
        "The council will keep the single fare at £2 until next December.",
        [
            "Bus fares across the county will stay at £2 for a single journey for "
            "another year after councillors agreed to extend the freeze.",
            "The freeze will cost the council £1.2m, which it will take from "
            "parking income.",
            "Bus companies welcomed the decision but warned that some rural routes "
            "still depended on subsidies that end in the spring.",
        ],
    ),
    "school": (
        "/education/{day}/school-heating-failure",
        "School closes early as heating fails in cold snap",
        "Pupils were sent home at lunchtime after the boiler broke down.",
        [
            "A primary school sent its pupils home at lunchtime on Thursday after "
            "its heating failed on the coldest morning of the year.",
            "Parents were told by text message that the school would stay closed "
            "until engineers had repaired the boiler, which is thirty years old.",
            "The council said a replacement had been planned for the summer and "
            "would now be brought forward.",
        ],
    ),
    "beach": (
        "/environment/{day}/beach-litter-clean",
        "Volunteers clear three tonnes of litter from beach",
        "More than 200 people joined the morning clean-up.",
        [
            "More than 200 volunteers cleared three tonnes of litter from the town "
            "beach on Saturday morning, the largest clean-up the group has held.",
            "Most of what they collected was plastic, the organisers said, much of "
            "it washed in by the winter storms.",
            "The group plans to return every month until the summer season begins.",
        ],
    ),
}


@dataclass(frozen=True)
class Round:
    """What the publisher does before one crawl, and a line that says it."""

    said: str
    act: Callable[[DemoSite], None]


class DemoSite(TestSite):
    """The test site with the demo's articles, dated for the demo's clock."""

    def __init__(self, start: datetime, *, port: int = 0) -> None:
        day = start.strftime("%Y/%b/%d").lower()
        self.paths = {name: text[0].format(day=day) for name, text in _TEXTS.items()}
        #: The demo's clock: when the publisher acts (set before each round).
        self.now = start
        first = [name for name in _TEXTS if name != "beach"]
        super().__init__(
            page_table(*(("dcr", self.new_article(name)) for name in first)),
            port=port,
        )

    def new_article(self, name: str) -> dict:
        """The article *name* as the publisher posts it now."""
        path = self.paths[name]
        _, title, standfirst, body = _TEXTS[name]
        section_slug = path.split("/")[1]
        section = _SECTIONS[section_slug]
        return {
            **sample_article(
                path.rsplit("/", 1)[1],
                section_slug=section_slug,
                section=section,
                title=title,
                published=self.now - timedelta(minutes=20),
                paragraphs=body,
                tags=[section, "Local news"],
            ),
            "path": path,
            "standfirst": standfirst,
            "byline": "Robin Example",
            "modified": self.now - timedelta(minutes=5),
        }

    def change(self, name: str, **fields: object) -> None:
        """Edit the article *name* now: its fields, and its modified time."""
        self.edit(self.paths[name], modified=self.now, **fields)

    def body(self, name: str) -> list[str]:
        """The paragraphs of the article *name* as served now."""
        return list(self.article(self.paths[name])["body"])


def rounds() -> list[Round]:
    """What the publisher does before each crawl, the first crawl's first."""
    return [
        Round("The publisher posts 5 articles.", lambda site: None),
        Round("A headline is rewritten; a figure changes.", _headline_and_figure),
        Round("A paragraph is added; a new article is posted.", _paragraph),
        Round("A quote is removed; the figure changes back.", _quote_and_back),
        Round("An article is deleted.", _delete),
    ]


def _headline_and_figure(site: DemoSite) -> None:
    site.change(
        "pier", title="Coastal town approves £4m plan to rebuild storm-hit pier"
    )
    body = site.body("fares")
    body[1] = body[1].replace("£1.2m", "£1.5m")
    site.change("fares", body=body)


def _paragraph(site: DemoSite) -> None:
    added = (
        "Update: the council said on Friday that the first Sunday opening will "
        "be on 11 January, with a talk by a local author."
    )
    site.change("library", body=[*site.body("library"), added])
    site.add(site.new_article("beach"))


def _quote_and_back(site: DemoSite) -> None:
    site.change("rail", body=[p for p in site.body("rail") if not p.startswith("> ")])
    body = site.body("fares")
    body[1] = body[1].replace("£1.5m", "£1.2m")
    site.change("fares", body=body)


def _delete(site: DemoSite) -> None:
    site.delete(site.paths["school"])
