"""Fields a reader needs: event boxes and .ics files, sources, communities, moved pages."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar

from cx_handbook.content.fields import event_when, utc_offset, venue_text
from cx_handbook.model.page import Venue, parse_front_matter
from helpers import RootBuild, build_root

pytestmark = pytest.mark.sphinx


@pytest.fixture(scope="module")
def html(tmp_path_factory) -> RootBuild:
    return build_root("fields", tmp_path_factory.mktemp("fields-html"))


@pytest.fixture(scope="module")
def text(tmp_path_factory) -> RootBuild:
    return build_root("fields", tmp_path_factory.mktemp("fields-text"), "text")


def _facts(soup: BeautifulSoup) -> dict[str, str]:
    box = soup.select_one(".cx-event")
    assert box is not None
    terms = box.select("dl.cx-facts > dt")
    return {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True) for dt in terms
    }


def _hrefs(tag) -> dict[str, str]:
    return {" ".join(a.get_text(" ").split()): a["href"] for a in tag.find_all("a", href=True)}


# -- events ---------------------------------------------------------------------------


def test_event_box_shows_every_event_field(html):
    soup = html.page("events/monthly-call")
    facts = _facts(soup)
    assert facts == {
        "When": "Thursday, December 19, 2024, 2:00 PM \u2013 3:00 PM (UTC\u221205:00)",
        "Format": "Online (Zoom)",
        "Organizer": "Digital.gov",
        "Host": "U.S. Web Design System",
        "Captions": "Live captions on streamtext.net",
        "Recording": "Watch Introducing the federal website standards on YouTube",
    }
    links = _hrefs(soup.select_one(".cx-event"))
    assert links["Live captions on streamtext.net"] == (
        "https://www.streamtext.net/player?event=BIS-GSA-JY"
    )
    assert links["Watch Introducing the federal website standards on YouTube"] == (
        "https://www.youtube.com/watch?v=Aa0gqEcK2G4"
    )
    register = soup.select_one(".cx-event__actions a.cx-cta--primary")
    assert register.get_text() == "Register for this event"
    assert register["href"] == "https://gsa.zoomgov.com/meeting/register/abc123"
    calendar = soup.select_one(".cx-event__actions a.cx-cta--secondary")
    assert calendar.get_text() == "Add to calendar"
    assert calendar["href"] == "monthly-call.ics"


def test_event_box_sits_after_the_hero_before_the_body(html):
    section = html.page("events/monthly-call").select_one("section")
    classes = [" ".join(child.get("class", [])) for child in section.find_all(recursive=False)]
    assert classes[1].startswith("cx-hero")
    assert "cx-event" in classes[2]
    assert section.find_all(recursive=False)[3].get_text(strip=True) == "The call\u2019s agenda."


def test_venue_with_its_map_and_a_multi_day_event(html):
    soup = html.page("events/in-person")
    facts = _facts(soup)
    assert facts["Where"] == (
        "U.S. General Services Administration, Room 1460, 1800 F Street NW, Washington, "
        "D.C. 20405, USA (map)"
    )
    # the end is written without a zone: it takes the start's
    assert facts["When"] == (
        "Wednesday, May 15, 2019, 9:00 AM \u2013 Thursday, May 16, 2019, 5:00 PM (UTC\u221204:00)"
    )
    assert "Captions" not in facts and "Recording" not in facts  # empty keys are absent
    assert _hrefs(soup.select_one(".cx-event"))["map"] == "https://goo.gl/maps/bFWBD6QfDLA2"


def test_calendar_file_per_event(html):
    calendar = Calendar.from_ical((html.outdir / "events/monthly-call.ics").read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == "USWDS Monthly Call - December 2024"
    assert event.decoded("dtstart") == datetime(2024, 12, 19, 19, 0, tzinfo=UTC)
    assert event.decoded("dtend") == datetime(2024, 12, 19, 20, 0, tzinfo=UTC)
    assert str(event["url"]) == "https://example.gov/hb/events/monthly-call.html"
    assert "https://gsa.zoomgov.com/meeting/register/abc123" in str(event["description"])
    venue = Calendar.from_ical((html.outdir / "events/in-person.ics").read_bytes())
    (event,) = venue.walk("VEVENT")
    assert str(event["location"]).startswith("U.S. General Services Administration, Room 1460")
    assert not (html.outdir / "news/original.ics").exists()


def test_unsafe_registration_url_is_refused_and_warned(html):
    soup = html.page("unsafe")
    assert "javascript" not in str(soup.select_one(".cx-event"))
    hits = [line for line in html.warnings.splitlines() if "unsafe.md:5" in line]
    assert len(hits) == 1 and "handbook.unsafe_url" in hits[0], html.warnings


# -- sources, services, communities, moved pages ---------------------------------------


def test_news_item_names_its_original_publisher(html):
    source = html.page("news/original").select_one("p.cx-source")
    assert source.get_text() == "Originally published by 18F on 18f.gsa.gov."
    assert source.a["href"] == "https://18f.gsa.gov/2019/12/03/long-term-teams/"
    canonical = html.page("news/canonical").select_one("p.cx-source")
    assert canonical.get_text() == "Originally published on gsa.gov."
    assert canonical.a["href"] == "https://www.gsa.gov/blog/2019/04/18/rpa-community"


def test_source_records_and_services_link_their_website(html):
    source = html.page("sources/source_18f").select_one("p.cx-source")
    assert source.get_text() == "Website: 18f.gsa.gov"
    assert source.a["href"] == "https://18f.gsa.gov"
    service = html.page("services/service_analytics")
    assert service.select_one("p.cx-source").a["href"] == "https://digital.gov/guides/dap/"
    contact = service.select_one("p.cx-contact")
    assert contact.get_text() == "Contact: dap@gsa.gov"
    assert contact.a["href"].replace("%40", "@") == "mailto:dap@gsa.gov"


def test_community_says_how_to_join(html):
    box = html.page("communities/plain-language").select_one(".cx-join")
    items = [li.get_text().replace("\n", "") for li in box.find_all("li")]
    assert items[0] == (
        "Join the email list (for government employees): send an email to "
        "plain-subscribe-request@listserv.gsa.gov with the subject "
        "\u201cSubscribe to Plain Language\u201d. Anyone with a .gov or .mil email address "
        "is eligible to join; 2,807 members; about 2.62 emails a week."
    )
    assert items[1] == "Join the slack: sign up on chat.18f.gov."
    hrefs = [a["href"] for a in box.find_all("a")]
    assert hrefs[0].replace("%40", "@") == (
        "mailto:plain-subscribe-request@listserv.gsa.gov?subject=Subscribe%20to%20Plain%20Language"
    )
    assert hrefs[1] == "https://chat.18f.gov/"


def test_moved_page_links_where_it_went(html):
    moved = html.page("moved").select_one(".cx-moved")
    assert moved.get_text(strip=True) == "This page has moved tohttps://tts.gsa.gov/services/."
    assert moved.a["href"] == "https://tts.gsa.gov/services/"
    inside = html.page("moved-inside").select_one(".cx-moved")
    assert inside.a["href"] == "news/original.html"


def test_no_other_warnings(html):
    warnings = [line for line in html.warnings.splitlines() if "WARNING" in line]
    assert len(warnings) == 1, html.warnings  # the unsafe URL above


# -- other builders --------------------------------------------------------------------


def test_text_builder_shows_the_fields(text):
    event = text.text("events/monthly-call")
    assert re.search(r"When\s+Thursday, December 19, 2024, 2:00 PM", event)
    assert "Register for this event" in event
    assert "(https://gsa.zoomgov.com/meeting/register/abc123)" in event
    assert "Add to calendar" in event
    assert "Originally published by 18F on 18f.gsa.gov." in text.text("news/original")
    assert "This page has moved to https://tts.gsa.gov/services/." in text.text("moved")
    assert not list(text.outdir.rglob("*.ics"))  # calendar files are the HTML site's


# -- the pure helpers ---------------------------------------------------------------------


def test_times_and_venues():
    start = datetime.fromisoformat("2020-03-11T14:00:00-05:00")
    assert utc_offset(start) == "UTC\u221205:00"
    assert utc_offset(datetime(2020, 3, 11)) == ""
    assert event_when(datetime(2020, 3, 11, 9), None, "en") == "Wednesday, March 11, 2020, 9:00 AM"
    assert venue_text(Venue(venue_name="GSA", room="4143", city="Washington")) == (
        "GSA, Room 4143, Washington"
    )


def test_model_reads_real_event_forms():
    matter, problems = parse_front_matter(
        "---\ntitle: x\nend_date: 2020-01-01\nevent_type: [online, in-person]\n"
        "venue_name: GSA\nzip: 20006\nmap: ''\ncaptions: ''\n---\n"
    )
    assert not problems
    assert matter.is_event and matter.event_type == ["online", "in-person"]
    assert matter.captions is None
    assert matter.event_venue == Venue(venue_name="GSA", zip="20006")


# -- members and further reading, in the Hugo site root (tests/roots/test-hugo) -------------


def test_members_and_further_reading_are_shown(hugo_build) -> None:
    community = hugo_build.page("communities/web-content-list").find("article")
    assert community.select_one("p.cx-members").get_text(strip=True) == "Members: 95"
    guide = hugo_build.page("services/hcd-guide").find("article")
    reading = guide.select_one("p.cx-further-reading")
    assert reading.get_text(" ", strip=True) == "More to read: Additional resources"
    assert reading.a["href"] == "faq.html"
    assert not [w for w in hugo_build.warnings if "hcd-guide" in w or "web-content-list" in w]
