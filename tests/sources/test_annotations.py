"""The annotation parser: a table of real annotations, the variants the issue lists, the
inputs that once broke it, and property tests showing the parser itself never raises."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cx_handbook.sources.annotations import (
    Annotation,
    annotation_from_fields,
    link_facts,
    normalise_size,
    parse_annotation,
    plausibility_problems,
    split_link_text,
    split_publisher,
    type_from_url,
)

# Real annotations, copied from ../shared/seeds/003*.md and ../shared/corpus/digitalgov/*.md
# (grep -ohE '\((PDF|Word|Excel|PowerPoint|Docx|[0-9.]+ (MB|KB|kb))[^)]*\)' …), with the
# fields a reader should see: (text, file_type, size, count, date, year).
REAL_ANNOTATIONS = [
    ("(1.3 MB PDF, 21 pages)", "PDF", "1.3 MB", "21 pages", None, None),
    ("(1.4 MB PDF, 25 pages)", "PDF", "1.4 MB", "25 pages", None, None),
    ("(1.5 MB PDF, 22 pages)", "PDF", "1.5 MB", "22 pages", None, None),
    ("(Docx, 2.2 MB, 4 pages)", "Word document", "2.2 MB", "4 pages", None, None),
    (
        "(Excel spreadsheet, 36 KB, 1 sheet, November 2012)",
        "Excel spreadsheet",
        "36 KB",
        "1 sheet",
        "November 2012",
        2012,
    ),
    ("(Excel spreadsheet, 77 KB, 2 tabs)", "Excel spreadsheet", "77 KB", "2 tabs", None, None),
    ("(Excel spreadsheet, 87 KB, 1 tab)", "Excel spreadsheet", "87 KB", "1 tab", None, None),
    ("(PDF, 1 MB, 18 pages, 2017)", "PDF", "1 MB", "18 pages", "2017", 2017),
    ("(PDF, 1.4 MB, 81 pages)", "PDF", "1.4 MB", "81 pages", None, None),
    ("(PDF, 1.9 MB, 3 pages)", "PDF", "1.9 MB", "3 pages", None, None),
    ("(PDF, 109 KB, 16 pages, November 2012)", "PDF", "109 KB", "16 pages", "November 2012", 2012),
    ("(PDF, 110 kb, March 1998, 2 pages)", "PDF", "110 KB", "2 pages", "March 1998", 1998),
    ("(PDF, 12 KB, 3 pages, Feb. 2015)", "PDF", "12 KB", "3 pages", "Feb. 2015", 2015),
    ("(PDF, 17.4 MB, 34 pages, 2015)", "PDF", "17.4 MB", "34 pages", "2015", 2015),
    ("(PDF, 188 kb, 1 page)", "PDF", "188 KB", "1 page", None, None),
    ("(PDF, 2.1 MB, 13 pages, 2016)", "PDF", "2.1 MB", "13 pages", "2016", 2016),
    ("(PDF, 200 kb, 4 pages, June 2011)", "PDF", "200 KB", "4 pages", "June 2011", 2011),
    ("(PDF, 249 KB, 10 pages, December 2012)", "PDF", "249 KB", "10 pages", "December 2012", 2012),
    ("(PDF, 315 KB, 33 pages)", "PDF", "315 KB", "33 pages", None, None),
    ("(PDF, 38.5 MB, 235 pages)", "PDF", "38.5 MB", "235 pages", None, None),
    ("(PDF, 420 kb, 11 pages, 2021)", "PDF", "420 KB", "11 pages", "2021", 2021),
    (
        "(PDF, 449 KB, 73 pages, September 2009)",
        "PDF",
        "449 KB",
        "73 pages",
        "September 2009",
        2009,
    ),
    ("(PDF, 5 MB, 73 pages)", "PDF", "5 MB", "73 pages", None, None),
    ("(PDF, 555 KB, 8 pages, September 2011)", "PDF", "555 KB", "8 pages", "September 2011", 2011),
    ("(PDF, 581 KB, 7 pages)", "PDF", "581 KB", "7 pages", None, None),
    ("(PDF, 65 kb, 1 page)", "PDF", "65 KB", "1 page", None, None),
    ("(PDF, 772 KB, 81 pages)", "PDF", "772 KB", "81 pages", None, None),
    ("(PDF, 82 kb, 11 pages, December 2009)", "PDF", "82 KB", "11 pages", "December 2009", 2009),
    ("(PDF, 83 KB, 2 pages)", "PDF", "83 KB", "2 pages", None, None),
    ("(PDF, 852 KB, 86 pages)", "PDF", "852 KB", "86 pages", None, None),
    ("(PDF, 926 KB, 82 pages)", "PDF", "926 KB", "82 pages", None, None),
    ("(PDF, 971 KB, 82 pages)", "PDF", "971 KB", "82 pages", None, None),
    (
        "(PowerPoint presentation, 1.21 MB, 36 pages)",
        "PowerPoint presentation",
        "1.21 MB",
        "36 pages",
        None,
        None,
    ),
    (
        "(PowerPoint presentation, 12.1 MB, 5 pages)",
        "PowerPoint presentation",
        "12.1 MB",
        "5 pages",
        None,
        None,
    ),
    (
        "(PowerPoint presentation, 14.9 MB, 61 pages)",
        "PowerPoint presentation",
        "14.9 MB",
        "61 pages",
        None,
        None,
    ),
    (
        "(PowerPoint presentation, 2 MB, 13 slides)",
        "PowerPoint presentation",
        "2 MB",
        "13 slides",
        None,
        None,
    ),
    (
        "(PowerPoint presentation, 2.96 MB, 24 pages)",
        "PowerPoint presentation",
        "2.96 MB",
        "24 pages",
        None,
        None,
    ),
    (
        "(PowerPoint presentation, 24.3 MB, 20 pages)",
        "PowerPoint presentation",
        "24.3 MB",
        "20 pages",
        None,
        None,
    ),
    (
        "(PowerPoint presentation, 412 KB, 10 pages)",
        "PowerPoint presentation",
        "412 KB",
        "10 pages",
        None,
        None,
    ),
    (
        "(PowerPoint presentation, 7.4 MB, 35 pages)",
        "PowerPoint presentation",
        "7.4 MB",
        "35 pages",
        None,
        None,
    ),
    (
        "(Word document, 12 KB, 2 pages, Feb. 2015)",
        "Word document",
        "12 KB",
        "2 pages",
        "Feb. 2015",
        2015,
    ),
    (
        "(Word document, 13 KB, 2 pages, December 2012)",
        "Word document",
        "13 KB",
        "2 pages",
        "December 2012",
        2012,
    ),
    (
        "(Word document, 15 KB, 3 pages, September 2011)",
        "Word document",
        "15 KB",
        "3 pages",
        "September 2011",
        2011,
    ),
    (
        "(Word document, 18 KB, 3 pages, September 2012)",
        "Word document",
        "18 KB",
        "3 pages",
        "September 2012",
        2012,
    ),
    (
        "(Word document, 20 KB, 1 page, September 2012)",
        "Word document",
        "20 KB",
        "1 page",
        "September 2012",
        2012,
    ),
    (
        "(Word document, 21 KB, 2 page, September 2012)",
        "Word document",
        "21 KB",
        "2 page",
        "September 2012",
        2012,
    ),
    (
        "(Word document, 21 KB, 5 pages, July 2014)",
        "Word document",
        "21 KB",
        "5 pages",
        "July 2014",
        2014,
    ),
    (
        "(Word document, 23 KB, 1 page, September 2012)",
        "Word document",
        "23 KB",
        "1 page",
        "September 2012",
        2012,
    ),
    ("(Word document, 23 KB, 4 pages)", "Word document", "23 KB", "4 pages", None, None),
    ("(Word document, 29 KB, 2 pages)", "Word document", "29 KB", "2 pages", None, None),
    (
        "(Word document, 30 KB, 1 page, September 2012)",
        "Word document",
        "30 KB",
        "1 page",
        "September 2012",
        2012,
    ),
    (
        "(Word document, 34.5 KB, 1 page, September 2012)",
        "Word document",
        "34.5 KB",
        "1 page",
        "September 2012",
        2012,
    ),
    (
        "(Word document, 38 KB, 2 pages, September 2012)",
        "Word document",
        "38 KB",
        "2 pages",
        "September 2012",
        2012,
    ),
    (
        "(Word document, 5 KB, 1 page, Feb. 2015)",
        "Word document",
        "5 KB",
        "1 page",
        "Feb. 2015",
        2015,
    ),
    (
        "(Word document, 53 KB, 14 pages, November 2012)",
        "Word document",
        "53 KB",
        "14 pages",
        "November 2012",
        2012,
    ),
    (
        "(Word document, 58.5 KB, 1 page, September 2012)",
        "Word document",
        "58.5 KB",
        "1 page",
        "September 2012",
        2012,
    ),
    (
        "(Word document, 7 KB, 2 pages, Feb. 2015)",
        "Word document",
        "7 KB",
        "2 pages",
        "Feb. 2015",
        2015,
    ),
    ("(Word document, 75 KB, 2 pages)", "Word document", "75 KB", "2 pages", None, None),
    (
        "(Word document, 8 KB, 3 pages, Feb. 2015)",
        "Word document",
        "8 KB",
        "3 pages",
        "Feb. 2015",
        2015,
    ),
    (
        "(Word document, 89 KB, 3 pages, September 2012)",
        "Word document",
        "89 KB",
        "3 pages",
        "September 2012",
        2012,
    ),
    (
        "(Word document, 94 KB, 3 pages, September 2012)",
        "Word document",
        "94 KB",
        "3 pages",
        "September 2012",
        2012,
    ),
    # seed 003, not in the grep above
    ("(Word document, 23 KB, 4 pages)", "Word document", "23 KB", "4 pages", None, None),
    (
        "(16 short videos, totalling 26 minutes)",
        None,
        None,
        "16 short videos, totalling 26 minutes",
        None,
        None,
    ),
    ("(December 2021)", None, None, None, "December 2021", 2021),
]

# Variants the issue names that the corpus spells only once or not at all.
VARIANTS = [
    ("PDF &#8211; 11 pages &#8211; 717 KB", "PDF", "717 KB", "11 pages", None, None),
    ("[PDF, 2 MB]", "PDF", "2 MB", None, None, None),
    ("(PDF, 55KB)", "PDF", "55 KB", None, None, None),
    ("(PDF, 1,114 KB, 40 pages)", "PDF", "1,114 KB", "40 pages", None, None),
    ("(2MB PDF)", "PDF", "2 MB", None, None, None),
    ("(Word document, 23 K)", "Word document", "23 KB", None, None, None),
    ("(DOC, 40 KB)", "Word document", "40 KB", None, None, None),
    ("(DOCX, 40 KB)", "Word document", "40 KB", None, None, None),
    ("(XLSX, 40 KB, 5 tabs)", "Excel spreadsheet", "40 KB", "5 tabs", None, None),
    ("(PPTX, 3 MB, 13 slides)", "PowerPoint presentation", "3 MB", "13 slides", None, None),
    ("(MP3, 26 minutes)", "MP3", None, "26 minutes", None, None),
    ("(video, 16 short videos)", "Video", None, "16 short videos", None, None),
    ("(webinar, January 26, 2022)", "Webinar", None, None, "January 26, 2022", 2022),
    ("(PDF, 3 MB, 2014-2016)", "PDF", "3 MB", None, "2014-2016", 2014),
    ("(PDF, 420 kb, April 2016)", "PDF", "420 KB", None, "April 2016", 2016),
    ("(PDF, 110 kb, March 1998, 2 pages)", "PDF", "110 KB", "2 pages", "March 1998", 1998),
    ("(PDF, 88 pgs)", "PDF", None, "88 pgs", None, None),
]


@pytest.mark.parametrize(
    ("text", "file_type", "size", "count", "date", "year"), REAL_ANNOTATIONS + VARIANTS
)
def test_annotation_fields(text, file_type, size, count, date, year) -> None:
    annotation = parse_annotation(text)
    assert annotation is not None, text
    assert (annotation.file_type, annotation.size, annotation.count) == (file_type, size, count)
    assert (annotation.date, annotation.year) == (date, year)
    assert annotation.extra == ()


def test_the_table_holds_forty_real_annotations() -> None:
    assert len(REAL_ANNOTATIONS) >= 40


@pytest.mark.parametrize(
    ("text", "size", "size_bytes"),
    [
        ("420 kb", "420 KB", 420 * 1024),
        ("1.8 MB", "1.8 MB", round(1.8 * 1024**2)),
        ("55KB", "55 KB", 55 * 1024),
        ("1,114 KB", "1,114 KB", 1114 * 1024),
        ("2MB", "2 MB", 2 * 1024**2),
        ("23 K", "23 KB", 23 * 1024),
        ("1114 kb", "1,114 KB", 1114 * 1024),
        ("900 bytes", "900 bytes", 900),
    ],
)
def test_sizes_normalise(text, size, size_bytes) -> None:
    assert normalise_size(text) == (size, size_bytes)


@pytest.mark.parametrize("text", ["(CX CoE)", "(AGPs)", "(21st Century IDEA)", "", "()", "GSA"])
def test_text_that_is_not_an_annotation(text) -> None:
    assert parse_annotation(text) is None


def test_unrecognised_fields_are_kept() -> None:
    annotation = parse_annotation("(PDF, 2 MB, draft for comment)")
    assert annotation is not None
    assert annotation.extra == ("draft for comment",)
    assert "draft for comment" in annotation.facts


def test_qualifiers_are_kept() -> None:
    annotation = parse_annotation("one-hour webinar")
    assert (annotation.file_type, annotation.count) == ("Webinar", "one-hour")
    annotation = parse_annotation("YouTube video")
    assert (annotation.file_type, annotation.extra) == ("Video", ("YouTube",))


@pytest.mark.parametrize(
    ("title", "head", "size"),
    [
        ("OMB Circular A-11 (PDF, 420 kb, 11 pages, 2021)", "OMB Circular A-11", "420 KB"),
        (
            "FY 2021, Improving Customer Experiences, (PDF, 3.7 MB, 17 pages, 2021)",
            "FY 2021, Improving Customer Experiences",
            "3.7 MB",
        ),
        (
            "Template: Veterans Journey Map (PDF, 65 kb, 1 page)",
            "Template: Veterans Journey Map",
            "65 KB",
        ),
        ("Gender pronouns: NYC.gov (PDF, 355 KB, 3 pages)", "Gender pronouns: NYC.gov", "355 KB"),
    ],
)
def test_split_link_text(title, head, size) -> None:
    found_head, annotation = split_link_text(title)
    assert found_head == head
    assert annotation is not None and annotation.size == size


@pytest.mark.parametrize(
    "title",
    [
        "21st Century Integrated Digital Experience Act (21st Century IDEA)",
        "High Impact Service Providers (HISPs)",
        "(PDF, 2 MB)",
        "Plain title",
    ],
)
def test_split_link_text_keeps_titles_without_annotation(title) -> None:
    assert split_link_text(title) == (title, None)


def test_year_in_link_text_becomes_the_date() -> None:
    head, annotation = split_link_text(
        "Customer Service Cross-Agency Priority (CAP) Goal Update (2015)"
    )
    assert head == "Customer Service Cross-Agency Priority (CAP) Goal Update"
    assert annotation.year == 2015


@pytest.mark.parametrize(
    ("trailing", "file_type", "size", "publisher", "description"),
    [
        (" (Word document, 23 KB, 4 pages) &#8211; GSA", "Word document", "23 KB", "GSA", None),
        (" – Publisher", None, None, "Publisher", None),
        (" - GovLoop", None, None, "GovLoop", None),
        (
            " &mdash; one-hour webinar; Digital.gov Event",
            "Webinar",
            None,
            "Digital.gov Event",
            None,
        ),
        (" (PDF) &#8211; ClickTools", "PDF", None, "ClickTools", None),
        (" &mdash; VEO, VA", None, None, "VEO, VA", None),
        (
            " (Word document, 53 KB, 14 pages, November 2012)—GSA",
            "Word document",
            "53 KB",
            "GSA",
            None,
        ),
        (
            " online training course (16 short videos, totalling 26 minutes) &#8211; "
            "Small Business Administration (SBA) Learning Center",
            None,
            None,
            "Small Business Administration (SBA) Learning Center",
            "online training course",
        ),
        (
            " - incl. usability, design, analytics",
            None,
            None,
            None,
            "incl. usability, design, analytics",
        ),
        (
            " — A list of required links that all federal websites need to have.",
            None,
            None,
            None,
            "A list of required links that all federal websites need to have.",
        ),
        (", Digital.gov Event", None, None, "Digital.gov Event", None),
        (" [PDF, 2 MB]", "PDF", "2 MB", None, None),
        (" to streamline and save money", None, None, None, "to streamline and save money"),
        # issue 14: the annotation after the publisher, which "from" introduces
        (
            " &#8211; from General Services Administration (Word document, 20 KB, 4 pages, "
            "Jan 2014)",
            "Word document",
            "20 KB",
            "General Services Administration",
            None,
        ),
        (
            " – from the Office of Personnel Management (PDF, 1.2 MB)",
            "PDF",
            "1.2 MB",
            "the Office of Personnel Management",
            None,
        ),
        (" – from the start, teams test", None, None, None, "from the start, teams test"),
        (" – GSA (Excel, 2 tabs)", "Excel spreadsheet", None, "GSA", None),
        # a description's closing date stays in it: only a publisher sheds its brackets
        (
            "—Streamlining Service Delivery and Improving Customer Service directs agencies "
            "to set standards and use customer feedback (April 2011)",
            None,
            None,
            None,
            "Streamlining Service Delivery and Improving Customer Service directs agencies "
            "to set standards and use customer feedback (April 2011)",
        ),
    ],
)
def test_split_publisher(trailing, file_type, size, publisher, description) -> None:
    annotation, found_publisher, found_description = split_publisher(trailing)
    assert (annotation.file_type if annotation else None) == file_type
    assert (annotation.size if annotation else None) == size
    assert found_publisher == publisher
    assert found_description == description


def test_annotation_from_directive_fields() -> None:
    annotation = annotation_from_fields(file_type="docx", size="83 kb", count="2", date="2015")
    assert annotation == Annotation(
        file_type="Word document",
        size="83 KB",
        size_bytes=83 * 1024,
        count="2 pages",
        date="2015",
        year=2015,
        text="docx, 83 kb, 2, 2015",
    )
    kept = annotation_from_fields(file_type="Hologram", size="a lot")
    assert (kept.file_type, kept.size) == ("Hologram", "a lot")
    assert annotation_from_fields() is None


def test_plausibility() -> None:
    assert plausibility_problems(parse_annotation("PDF, 2 MB"), "https://x.gov/page.html")
    assert plausibility_problems(parse_annotation("PDF, 3.1 KB, 136 pages"))
    assert not plausibility_problems(parse_annotation("PDF, 2 MB, 3 pages"), "https://x.gov/a.pdf")
    assert not plausibility_problems(parse_annotation("PDF, 2 MB"), "https://x.gov/no-extension")


def test_type_from_url() -> None:
    assert type_from_url("https://x.gov/a/b.PDF?x=1") == "PDF"
    assert type_from_url("https://x.gov/a.docx") == "Word document"
    assert type_from_url("https://x.gov/page.html") is None


# -- Properties ---------------------------------------------------------------------

SIZE = st.builds(
    lambda n, u: f"{n}{u}",
    st.integers(min_value=1, max_value=99_999),
    st.sampled_from([" KB", " kb", "KB", " MB", "MB", " K", " GB"]),
)
OTHER_FIELD = st.one_of(
    st.sampled_from(["PDF", "Word document", "docx", "Excel spreadsheet", "MP3", "video"]),
    st.builds(lambda n: f"{n} pages", st.integers(min_value=1, max_value=999)),
    st.integers(min_value=1990, max_value=2030).map(str),
)


# Inputs that broke the parser before it lost its blanket ``except Exception``; each was
# a real bug, fixed at its cause. A page (or a ``resource`` directive's option) can hold each.
MONTH_RUNS = ["may " * 40 + "x", "(PDF, " + "June and " * 30 + "draft)", "spring-" * 60]


@pytest.mark.parametrize("text", MONTH_RUNS)
def test_a_run_of_month_names_is_read_in_linear_time(text) -> None:
    """The date pattern backtracked exponentially: 40 months without a year took hours."""
    started = time.perf_counter()
    parse_annotation(text)
    split_publisher(" – " + text)
    assert time.perf_counter() - started < 1.0


def test_a_page_count_too_long_for_an_int_is_kept_as_written() -> None:
    """``:pages:`` with 5,000 digits raised ValueError (int conversion limit) in the check."""
    count = "9" * 5000 + " pages"
    annotation = annotation_from_fields(file_type="PDF", size="2 MB", count=count)
    assert annotation.count == count
    assert plausibility_problems(annotation, "https://x.gov/a.pdf") == []


@pytest.mark.parametrize("size", ["9" * 400 + " KB", "1" * 16 + " MB", "1.1234567 MB"])
def test_a_size_no_file_has_is_kept_as_written_not_read(size) -> None:
    """A float overflowed on 400 digits (caught, marked unreachable); such sizes are not sizes."""
    assert normalise_size(size) is None
    annotation = annotation_from_fields(file_type="PDF", size=size)
    assert (annotation.size, annotation.size_bytes) == (size, None)
    if len(size) < 200:  # longer text is not an annotation at all
        assert parse_annotation(f"(PDF, {size})").extra == (size,)


def test_the_longest_numbers_still_read() -> None:
    assert normalise_size("999,999,999,999,999 KB")[0] == "999,999,999,999,999 KB"
    assert normalise_size("123456789012345.5 bytes") == (
        "123456789012345.5 bytes",
        123456789012346,
    )
    assert plausibility_problems(parse_annotation("PDF, 1 KB, 1,114 pages"))


@given(st.text())
def test_never_raises_on_any_text(text) -> None:
    result = parse_annotation(text)
    assert result is None or isinstance(result, Annotation)
    if result is not None:
        plausibility_problems(result, text)
    head, _ = split_link_text(text)
    assert isinstance(head, str)
    split_publisher(text)
    link_facts(text, text)


LONG_NUMBER = st.builds(
    lambda digits, unit: digits + unit,
    st.text(alphabet="0123456789,.", min_size=1, max_size=6000),
    st.sampled_from(["", " KB", " pages", " MB", " bytes"]),
)


@given(LONG_NUMBER, LONG_NUMBER, st.text(max_size=40), st.text(max_size=40))
def test_directive_fields_never_raise(size, count, file_type, date) -> None:
    """What a ``resource`` directive's options become, and the check of it, never raise."""
    annotation = annotation_from_fields(file_type=file_type, size=size, count=count, date=date)
    if annotation is not None:
        plausibility_problems(annotation, "https://x.gov/a.pdf")


@given(st.text(alphabet="()[],;–—- 0123456789.KkMmBbPDFpagesWord&#;"))
def test_never_raises_on_annotation_like_text(text) -> None:
    result = parse_annotation(text)
    assert result is None or isinstance(result, Annotation)
    split_publisher(text)


@given(
    SIZE,
    st.lists(OTHER_FIELD, max_size=3, unique=True),
    st.sampled_from([", ", " – ", "; "]),
    st.randoms(),
)
def test_sizes_always_normalise(size, others, separator, random) -> None:
    fields = [size, *others]
    random.shuffle(fields)
    annotation = parse_annotation("(" + separator.join(fields) + ")")
    assert annotation is not None
    number, unit = annotation.size.rsplit(" ", 1)
    assert unit in {"KB", "MB", "GB"}
    assert annotation.size_bytes > 0
    assert number.replace(",", "").isdigit()
