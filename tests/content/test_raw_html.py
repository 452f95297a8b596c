"""Raw HTML in pages: embedded frames become links to what they showed."""

from __future__ import annotations

from cx_handbook.content.raw_html import frames_as_links
from cx_handbook.sources.markdown_repair import repair_markdown
from helpers import SiteBuild


def test_a_frame_is_a_link_named_by_its_title() -> None:
    frame = '<iframe title="Office map" src="https://maps.example.com/embed?a=1&amp;b=2"></iframe>'
    assert frames_as_links(frame) == (
        '<a class="cx-media-link" href="https://maps.example.com/embed?a=1&amp;b=2">'
        "▶ Office map (maps.example.com)</a>"
    )
    untitled = frames_as_links('<IFRAME src="//slides.example.com/x"></IFRAME>')
    assert untitled == (
        '<a class="cx-media-link" href="https://slides.example.com/x">'
        "▶ Embedded content on slides.example.com</a>"
    )
    assert frames_as_links("<iframe></iframe>") == "<iframe></iframe>"  # removed, reported


def test_an_image_on_another_host_is_a_link_named_by_its_words() -> None:
    source = (
        'A <img alt="A chart" src="https://a.example/c.png" /> and <IMG\nSRC="//b.example/d.svg">'
        '\n<img src="/images/e.png" alt="Ours">\n\n```\n<img src="https://f.example/g.png">\n```\n'
    )
    text, problems = repair_markdown(source)
    assert problems == []  # the image is kept, as a link: nothing to fix in the source
    assert text == (
        'A <a class="cx-image-link" href="https://a.example/c.png">Image: A chart</a> and '
        '<a class="cx-image-link" href="https://b.example/d.svg">Image on b.example</a>\n'
        '\n<img src="/images/e.png" alt="Ours">\n\n```\n<img src="https://f.example/g.png">\n```\n'
    )


def test_frames_in_a_page_are_links_quietly(hugo_build: SiteBuild) -> None:
    article = hugo_build.page("resources/terms-of-service").find("article")
    assert not article.select("iframe")
    links = [(a.get_text(strip=True), a["href"]) for a in article.select("a.cx-media-link")]
    assert links == [
        ("▶ Office map (www.google.com)", "https://www.google.com/maps/embed?pb=!1m18!2d-71"),
        ("▶ Embedded content on slides.example.com", "https://slides.example.com/embed/key/abc"),
    ]
    assert article.select_one("div.align-right a.cx-media-link") is not None
    image = article.select_one('a.cx-image-link[href^="https://math.example.com/"]')
    assert image.get_text() == "Image: t_{processing}"
    assert image["href"] == "https://math.example.com/svg.image?t_{processing}"
    assert not article.select("img")
    assert not [w for w in hugo_build.warnings if "terms-of-service" in w]


def test_markdown_images_on_another_host_are_links(hugo_build: SiteBuild) -> None:
    """Nothing is fetched from another host: a Markdown image there is a link to it."""
    article = hugo_build.page("resources/terms-of-service").find("article")
    links = [(a.get_text(), a["href"]) for a in article.select("a.cx-image-link")]
    assert links[-2:] == [
        ("Image: A flow chart of the review", "https://cdn.example.com/flow.png"),
        ("Image on cdn.example.com", "https://cdn.example.com/icon.svg"),
    ]
    partner = article.select_one('a[href="https://partner.example.com/"]')
    assert partner.get_text() == "Image: Partner logo"  # the linked image: its words
    assert not article.select("img")
