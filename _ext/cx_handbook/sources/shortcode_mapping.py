"""What each Hugo shortcode becomes in MyST: the mapping table, implemented once.

Each renderer takes the :class:`~.shortcode_syntax.Shortcode`, its rendered inner content
(``None`` when it has no closing tag) and the page :class:`~.shortcode_syntax.Context`, and
returns :class:`~.shortcode_syntax.Part` pieces of MyST text. Standard MyST and sphinx-design
constructs are preferred over raw HTML; ``docs/writing/migrating-pages.md`` documents
the table with live examples.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from ..core.warnings import WarningKind
from .annotations import split_link_text
from .shortcode_syntax import Context, Part, Parts, Renderer, Shortcode

_FENCE_RUN = re.compile(r"^[ \t]*(:{3,})", re.MULTILINE)
_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_RULE = re.compile(r"^[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_CODE_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_ABSOLUTE_URL = re.compile(r"^(?:https?|ftp)://[^\s<>]+$", re.IGNORECASE)
#: What precedes a shortcode that is a link's destination: ``](`` or ``href="``.
_LINK_DESTINATION_BEFORE = re.compile(r"(?:\]\(\s*<?|=\s*[\"']?)$")
IMAGE_SUFFIXES = ("", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
#: ``note`` variants → the admonition they become (others: a titled admonition).
NOTE_VARIANTS = {"": "note", "note": "note", "alert": "important", "info": "note"}


# -- helpers -----------------------------------------------------------------------


def _part(text: str, offset: int) -> Part:
    return Part(text, offset)


def _text(parts: Parts | None) -> str:
    return "".join(p.text for p in parts or [])


def _one_line(value: str) -> str:
    """A directive argument or option: entities decoded, on one line."""
    return " ".join(html.unescape(value).split())


def _inline(parts: Parts | None) -> str:
    return " ".join(_text(parts).split())


def _end_offset(sc: Shortcode) -> int:
    return sc.close_start if sc.close_start is not None else sc.end


def _fence(body: str) -> str:
    runs = [len(m.group(1)) for m in _FENCE_RUN.finditer(body)]
    return ":" * max(3, max(runs, default=2) + 1)


def _link_text(value: str) -> str:
    """Text that is safe inside ``[…]``."""
    return _one_line(value).replace("[", r"\[").replace("]", r"\]")


def _url(value: str) -> str:
    url = _one_line(value).strip()
    return f"<{url}>" if re.search(r"[\s()]", url) else url


def block(
    sc: Shortcode,
    ctx: Context,
    directive: str,
    argument: str = "",
    body: Parts | str | None = None,
    options: dict[str, str] | None = None,
) -> Parts:
    """A colon-fenced ``{directive}`` around *body*, on lines of its own.

    A tag alone on its line becomes the fence line, so the page keeps its line count
    (options add lines).
    """
    if isinstance(body, str):
        body = [_part(body, sc.end)]
    body = list(body or [])
    body_text = _text(body)
    fence = _fence(body_text)
    indent = ctx.at_line_start(sc.start)
    pad = indent or ""
    head = ("" if indent is not None else "\n") + f"{fence}{{{directive}}}"
    if argument:
        head += " " + _one_line(argument)
    for key, value in (options or {}).items():
        if value:
            head += f"\n{pad}:{key}: {_one_line(value)}"
    if options and any(options.values()) and body_text.strip():
        head += "\n"
    if not body_text.startswith("\n"):
        head += "\n" + pad
    closing_offset = _end_offset(sc)
    tail_at = sc.close_end if sc.close_end is not None else sc.end
    tail = fence if re.search(r"\n[ \t]*\Z", body_text) else f"\n{pad}{fence}"
    if not ctx.at_line_end(tail_at):
        tail += "\n"
    return [_part(head, sc.start), *body, _part(tail, closing_offset)]


def _headings_to_rubrics(parts: Parts, ctx: Context) -> Parts:
    """Headings and rules inside a dropdown: rubrics (real ``<hN>``) and ``<hr>``.

    A section cannot live inside a dropdown in Sphinx; a rubric with ``heading-level``
    keeps the heading for screen readers without breaking the document outline.
    """
    out: Parts = []
    in_code = False
    previous_blank = True
    for part in parts:
        if not part.verbatim:
            out.append(part)
            previous_blank = part.text.endswith("\n") or not part.text.strip()
            continue
        offset = part.offset
        pending = ""
        for line in part.text.splitlines(keepends=True):
            stripped = line.rstrip("\n")
            if _CODE_FENCE.match(stripped):
                in_code = not in_code
            heading = None if in_code else _HEADING.match(stripped)
            rule = None if in_code or not previous_blank else _RULE.match(stripped)
            if heading or rule:
                if pending:
                    out.append(Part(pending, offset - len(pending), True))
                    pending = ""
                if heading:
                    level = len(heading.group(1))
                    text = (
                        f":::{{rubric}} {_one_line(heading.group(2))}\n:heading-level: {level}\n:::"
                    )
                else:
                    text = '<hr class="cx-rule" />'
                out.append(Part(text + line[len(stripped) :], offset))
            else:
                pending += line
            previous_blank = not stripped.strip()
            offset += len(line)
        if pending:
            out.append(Part(pending, offset - len(pending), True))
    return out


def _strip(parts: Parts | None) -> str:
    return _text(parts).strip()


# -- links ---------------------------------------------------------------------------


def ref_url(sc: Shortcode, ctx: Context, target: str) -> str:
    """The target itself, as a link destination: the link resolver finds its page.

    In a Markdown link it becomes a cross-reference, in raw HTML an ``href``; both are
    resolved by :mod:`..model.links` once every page is read. An absolute URL
    (``https://…/report.pdf``) names no page of the site: it is the destination itself.
    """
    if _ABSOLUTE_URL.match(target.strip()):
        return target.strip()
    return quote(target.strip(), safe="/#._-~")


def hugo_link(sc: Shortcode, ctx: Context, href: str) -> str:
    """A Hugo ``link``/``button`` href: URLs as they are, site paths resolved like ``ref``."""
    href = href.strip()
    if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I) or href.startswith("#"):
        return href
    return ref_url(sc, ctx, href)


def render_ref(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """``{{< ref "x.md" >}}`` → a link target resolved to a page of this project."""
    target = sc.get(0) or sc.get("path")
    if not target:
        ctx.problem(WarningKind.SHORTCODE, f"'{sc.name}' names no page; add one", sc.start)
    url = ref_url(sc, ctx, target)
    if _ABSOLUTE_URL.match(url) and not _LINK_DESTINATION_BEFORE.search(
        ctx.source[max(0, sc.start - 8) : sc.start]
    ):
        url = f"<{url}>"  # a ref standing in the text: an autolink, so the URL is a link
    return [_part(url, sc.start), *(inner or [])]


def render_link(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """``{{< link "/x" >}}`` → the URL, site paths resolved like ``ref``."""
    return [_part(hugo_link(sc, ctx, sc.get(0) or sc.get("href")), sc.start), *(inner or [])]


def cdn(ctx: Context, *path: str) -> str:
    """A file on the original site's file store."""
    return "/".join([ctx.cdn_url, *(p.strip().lstrip("/") for p in path)])


def render_legacy_file(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """``{{< legacy-file "2014/07/x.pdf" >}}`` → the file's URL on the original file store."""
    return [_part(cdn(ctx, "_legacy-img", sc.get(0) or sc.get("src")), sc.start)]


# -- boxes and notes -----------------------------------------------------------------


def render_note(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """``note`` (``variant=alert|activity|action|comment``) → an admonition."""
    variant = (sc.get("variant") or sc.get(0)).strip().lower()
    body = list(inner or [])
    body += _button(sc, ctx, "button-text", "button-url")
    if variant in NOTE_VARIANTS:
        return block(sc, ctx, NOTE_VARIANTS[variant], body=body)
    return block(
        sc,
        ctx,
        "admonition",
        variant.capitalize(),
        body,
        {"class": f"cx-note cx-note-{re.sub(r'[^a-z0-9-]', '', variant)}"},
    )


def _button(sc: Shortcode, ctx: Context, text_key: str, url_key: str) -> Parts:
    text, url = sc.get(text_key), sc.get(url_key)
    if not (text and url):
        return []
    return [
        _part(f"\n\n[{_link_text(text)}]({_url(hugo_link(sc, ctx, url))}){{.cx-button}}\n", sc.end)
    ]


def render_box(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """``box`` → a bordered container."""
    return block(sc, ctx, "container", "cx-box", inner)


def render_ring(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """``ring title="…"`` → a titled admonition drawn as a ring."""
    title = sc.get("title")
    if title:
        return block(sc, ctx, "admonition", title, inner, {"class": "cx-ring"})
    return block(sc, ctx, "container", "cx-ring", inner)


def render_highlight(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """``highlight`` → ``[text]{.cx-highlight}`` (a marked span, no raw HTML)."""
    text = _text(inner)
    if "\n\n" in text.strip():
        return block(sc, ctx, "container", "cx-highlight", inner)
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return [_part(f"{lead}[{text.strip()}]{{.cx-highlight}}{trail}", sc.start)]


def render_accordion(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """``accordion kicker="" title=""`` → a sphinx-design dropdown (headings → rubrics)."""
    title = sc.get("title") or sc.get(0) or "Details"
    kicker = sc.get("kicker")
    if kicker:
        title = f"{kicker}: {title}"
    body = _headings_to_rubrics(list(inner or []), ctx)
    return block(sc, ctx, "dropdown", title, body, {"class-container": "cx-accordion"})


def render_card_policy(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """``card-policy src kicker title`` → a dropdown quoting the policy, with its link."""
    title = sc.get("title") or sc.get("name") or "Policy"
    kicker = sc.get("kicker")
    if kicker:
        title = f"{kicker}: {title}"
    body = list(inner or [])
    src = sc.get("src")
    if src:
        body.append(_part(f"\n\n[View the full text]({_url(hugo_link(sc, ctx, src))})\n", sc.end))
    return block(sc, ctx, "dropdown", title, body, {"class-container": "cx-policy"})


def render_card_prompt(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """``card-prompt intro button-text button-url`` → a prompt box with its button."""
    body: Parts = []
    intro = sc.get("intro")
    if intro:
        body.append(_part(f"\n{html.unescape(intro)}\n\n", sc.start))
    body += list(inner or [])
    body += _button(sc, ctx, "button-text", "button-url")
    fallback = sc.get("fallback")
    if fallback:
        body.append(_part(f"\n\n{html.unescape(fallback)}\n", sc.end))
    return block(sc, ctx, "container", "cx-prompt", body)


def render_quote_block(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """``quote-block text cite`` → an epigraph (a block quote with its attribution)."""
    text = html.unescape(sc.get("text")) or _strip(inner)
    cite = sc.get("cite")
    body = f"\n{text}\n"
    if cite:
        body += f"\n-- {_one_line(cite)}\n"
    return block(sc, ctx, "epigraph", body=[_part(body, sc.start)])


def render_button(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """``button href text`` → a sphinx-design button link."""
    href = sc.get("href") or sc.get("url") or sc.get(0)
    text = sc.get("text") or _strip(inner) or href
    return block(
        sc,
        ctx,
        "button-link",
        hugo_link(sc, ctx, href),
        [_part(f"\n{html.unescape(text)}\n", sc.start)],
        {"color": "primary"},
    )


# -- checklists and do/don't tables ------------------------------------------------------


def render_checklist(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """``checklist`` → a container of task-list items."""
    return block(sc, ctx, "container", "cx-checklist", inner)


def render_checkbox(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """``checkbox`` → ``- [ ] text`` (a task-list item)."""
    indent = "  " if sc.name.endswith("sublist-item") else ""
    text = _strip(inner).replace("\n", "\n" + indent + "  ")
    lead = "" if ctx.at_line_start(sc.start) is not None else "\n"
    return [_part(f"{lead}{indent}- [ ] {text}", sc.start)]


def render_transparent(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """Shortcodes that only group their content (``checklist-sublist``, ``tmp``)."""
    return list(inner or [])


def render_tmp(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """``tmp`` around content: that content; ``{{< tmp "x.md" >}}``: that page, like ``ref``.

    digital.gov wrote ``tmp`` with a page in a link's target where ``ref`` belongs.
    """
    if sc.get(0):
        return render_ref(sc, inner, ctx)
    return render_transparent(sc, inner, ctx)


def _cell(ctx: Context, node: Shortcode) -> str:
    text = _text(ctx.render(node.children)).strip()
    return re.sub(r"\s*\n\s*", " ", text)


def render_do_dont_table(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """``do-dont-table`` of ``row``s of ``do-row``/``dont-row`` → a two-column table."""
    rows: list[tuple[str, str]] = []

    def visit(children: list) -> None:
        for child in children or []:
            if not isinstance(child, Shortcode):
                continue
            if child.name in ("row", "do-dont-row"):
                cells = {c.name: _cell(ctx, c) for c in child.children or [] if hasattr(c, "name")}
                rows.append((cells.get("do-row", ""), cells.get("dont-row", "")))
            elif child.name in ("do-row", "dont-row"):
                cell = _cell(ctx, child)
                rows.append((cell, "") if child.name == "do-row" else ("", cell))
            else:
                visit(child.children or [])

    visit(sc.children or [])
    lines = ["", "* - Do", "  - Don't"]
    for do, dont in rows:
        lines += [f"* - {do}", f"  - {dont}"]
    body = "\n".join(lines) + "\n"
    return block(
        sc,
        ctx,
        "list-table",
        sc.get("caption"),
        [_part(body, sc.start)],
        {"header-rows": "1", "class": "cx-do-dont", "widths": "1 1"},
    )


def render_table_part(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """A ``row``/``do-row``/``dont-row`` outside a ``do-dont-table``: its text."""
    return list(inner or [])


# -- images ----------------------------------------------------------------------------


def local_image(ctx: Context, src: str) -> str | None:
    """The image as a ``/``-rooted path in the project, if the project has it."""
    if not src or re.match(r"^[a-z]+:", src, re.I) or ctx.srcdir is None:
        return None
    clean = src.strip().lstrip("/")
    roots = [
        r for r in (ctx.docdir, ctx.srcdir, ctx.srcdir / "images", ctx.srcdir / "_static") if r
    ]
    for root in roots:
        for suffix in IMAGE_SUFFIXES:
            candidate = Path(root) / (clean + suffix)
            if candidate.is_file():
                try:
                    return "/" + PurePosixPath(candidate.relative_to(ctx.srcdir)).as_posix()
                except ValueError:
                    return None
    return None


@dataclass(frozen=True)
class RemoteImage:
    """An image the site keeps elsewhere: its URL and the words that describe it."""

    url: str
    alt: str = ""
    caption: str = ""
    credit: str = ""
    format: str = ""


def image_record(ctx: Context, src: str) -> tuple[str, Mapping[str, Any]] | None:
    """The Hugo image record (``data/images/<uid>.yml``) *src* names, with its uid.

    Hugo looks the record up by the ``src`` as written; writers also put the file name
    (``team.jpg``) or another case (``Team-Photo``), which name the same record.
    """
    clean = src.strip().strip("/")
    stem = PurePosixPath(clean).stem if PurePosixPath(clean).suffix else clean
    for uid in dict.fromkeys((clean, clean.lower(), stem, stem.lower())):
        record = ctx.images.get(uid)
        if record is not None:
            return uid, record
    return None


def remote_image(sc: Shortcode, ctx: Context, src: str) -> RemoteImage | None:
    """Where a Hugo image shortcode's image is, when the site knows (None: it does not)."""
    alt, caption = sc.get("alt") or "", sc.get("caption") or ""
    if not src:
        return None
    if re.match(r"^https?://", src.strip(), re.I):
        return RemoteImage(src.strip(), alt, caption)
    if sc.name.startswith("legacy-img"):
        return RemoteImage(cdn(ctx, "_legacy-img", src), alt, caption)
    if sc.name == "asset-img" and ctx.base_url:
        # The theme's own file, published at the site's address (Hugo: ``path | relURL``),
        # shown by Hugo with its file name and a download link.
        path = PurePosixPath(src.strip().lstrip("/"))
        fmt = path.suffix.lstrip(".").lower()
        return RemoteImage(f"{ctx.base_url}/{path}", alt, caption or path.name, format=fmt)
    found = image_record(ctx, src)
    if found is None:
        return None
    uid, record = found
    fmt = str(record.get("format") or "").strip().lower()
    name = str(record.get("uid") or uid).strip()
    return RemoteImage(
        url=cdn(ctx, f"{name}.{fmt}" if fmt else name),
        alt=alt or str(record.get("alt") or "").strip(),
        caption=caption or str(record.get("caption") or "").strip(),
        credit=str(record.get("credit") or "").strip(),
        format=fmt,
    )


def image_words(image: RemoteImage) -> str:
    """``Image: <alt>. <caption>. Credit: <credit>.``, from what is known of the image."""
    words = []
    if image.alt:
        words.append(f"Image: {html.unescape(_one_line(image.alt))}")
    if image.caption:
        words.append(html.unescape(_one_line(image.caption)))
    if image.credit:
        words.append(f"Credit: {html.unescape(_one_line(image.credit))}")
    return " ".join(_sentence(w) for w in words)


def is_link_text(sc: Shortcode, ctx: Context) -> bool:
    """True for a shortcode that is all of a link's text: ``[{{< img … >}}](url)``."""
    return ctx.source[sc.start - 1 : sc.start] == "[" and ctx.source[sc.end : sc.end + 2] == "]("


def render_remote_image(sc: Shortcode, ctx: Context, image: RemoteImage) -> Parts:
    """The image's description, caption, credit and a link to it (never an embed).

    Nothing on a page is fetched from another host (the browser suite refuses such
    requests), so an image the site keeps on its CDN is described, not shown. An image
    that is a link's text (``[{{< legacy-img … >}}](big.jpg)``) is its words, so the
    link keeps them.
    """
    text = image_words(image)
    if is_link_text(sc, ctx):
        return [_part(_link_text(text or "View the image"), sc.start)]
    kind = f" ({image.format.upper()})" if image.format else ""
    link = f"[View the image{kind}]({_url(image.url)}){{.cx-image-link}}"
    body = f"\n{text} {link}\n" if text else f"\n{link}\n"
    return block(sc, ctx, "container", "cx-remote-image", [_part(body, sc.start)])


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in ".!?" else f"{text}."


def render_image(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """``img``/``legacy-img``/``asset-img`` … → a figure, or its description and a link.

    A file in the project is a figure; an image the site keeps elsewhere (a Hugo
    ``data/images`` record, a ``legacy-img`` path on the CDN) its alt text, caption,
    credit and a link; an image nothing knows its text, with a ``handbook.image`` warning.
    """
    src = sc.get("src") or sc.get("path") or sc.get("uid") or sc.get(0)
    alt = sc.get("alt")
    caption = sc.get("caption") or _strip(inner)
    path = local_image(ctx, src)
    right = sc.name.endswith("-right") or sc.get("align") == "right"
    if path:
        return block(
            sc,
            ctx,
            "figure",
            path,
            [_part(f"\n{html.unescape(caption)}\n" if caption else "\n", sc.start)],
            {"alt": alt or caption, "class": "cx-figure-right" if right else "cx-figure"},
        )
    image = remote_image(sc, ctx, src)
    if image is not None:
        if not image.caption and caption:
            image = RemoteImage(image.url, image.alt, caption, image.credit, image.format)
        return render_remote_image(sc, ctx, image)
    ctx.problem(
        WarningKind.IMAGE,
        f"'{sc.name}' image {src!r} is neither in the project nor a record of the site's "
        "data/images, so its alt text and caption are shown instead; copy the image into "
        "docs/images/ (or add data/images/<uid>.yml) to show it",
        sc.start,
    )
    words = [
        w for w in (alt and f"Image: {_one_line(alt)}", caption and html.unescape(caption)) if w
    ]
    text = " ".join(words) or f"Image: {src}"
    if is_link_text(sc, ctx):
        return [_part(_link_text(text), sc.start)]
    return block(sc, ctx, "container", "cx-missing-image", [_part(f"\n{text}\n", sc.start)])


# -- videos and posts: links, never embeds ------------------------------------------------


def _media_link(sc: Shortcode, ctx: Context, url: str, title: str, where: str) -> Parts:
    if not url:
        ctx.problem(WarningKind.SHORTCODE, f"'{sc.name}' has no video or post to link to", sc.start)
        return []
    text = f"{_link_text(title)} ({where})" if title else where
    lead = "" if ctx.at_line_start(sc.start) is not None else "\n\n"
    tail = "" if ctx.at_line_end(sc.end) else "\n\n"
    return [_part(f"{lead}[▶ {text}]({_url(url)}){{.cx-media-link}}{tail}", sc.start)]


def render_youtube(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """``youtube id title`` → a link to the video (no embedded player)."""
    video = sc.get("id") or sc.get(0)
    url = f"https://www.youtube.com/watch?v={quote(video)}" if video else ""
    return _media_link(sc, ctx, url, sc.get("title"), "video on YouTube")


def render_tweet(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """``tweet user id`` → a link to the post."""
    post, user = sc.get("id") or sc.get(0), sc.get("user")
    url = f"https://twitter.com/{quote(user or 'i')}/status/{quote(post)}" if post else ""
    return _media_link(sc, ctx, url, f"Post by @{user}" if user else "", "post on X (Twitter)")


def render_fb_video(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """``fb-video URL`` → a link to the video."""
    url = sc.get(0) or sc.get("href") or sc.get("src")
    return _media_link(sc, ctx, url, sc.get("title"), "video on Facebook")


def render_cspan(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """``cspan-iframe src title`` → a link to the video."""
    return _media_link(sc, ctx, sc.get("src") or sc.get(0), sc.get("title"), "video on C-SPAN")


# -- files and resources ---------------------------------------------------------------


def _title_from_path(path: str) -> str:
    stem = PurePosixPath(path.rstrip("/")).name.removesuffix(".md") or path
    return stem.replace("-", " ").replace("_", " ").strip().capitalize()


def render_asset_static(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """``asset-static file label`` → a resource card (or a file link) to the file."""
    file = sc.get("file") or sc.get(0)
    label = sc.get("label") or file
    url = cdn(ctx, "static", file)
    return resource(sc, ctx, label, url, inline=ctx.at_line_start(sc.start) is None)


def render_featured_resource(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """``featured-resource link|resourcePath`` → a resource card linking to the page."""
    target = sc.get("link") or sc.get("resourcePath") or sc.get(0)
    title = sc.get("title") or _title_from_path(target)
    url = hugo_link(sc, ctx, target)
    return resource(sc, ctx, title, url, kicker=sc.get("kicker") or "Featured resource")


def resource(
    sc: Shortcode,
    ctx: Context,
    label: str,
    url: str,
    *,
    kicker: str = "",
    inline: bool = False,
) -> Parts:
    """A ``{resource}`` card when the resource cards are installed, else a file link."""
    if inline or not ctx.has_directive("resource"):
        lead = f"**{_one_line(kicker)}:** " if kicker else ""
        text = f"{lead}[{_link_text(label)}]({_url(url)}){{.cx-file-link}}"
        if not inline and ctx.at_line_start(sc.start) is None:
            text = "\n\n" + text
        return [_part(text, sc.start)]
    options = {"url": url, **annotation_options(label)}
    title = options.pop("title", label)
    return block(sc, ctx, "resource", title, [_part("\n", sc.end)], options)


def annotation_options(label: str) -> dict[str, str]:
    """``title`` and ``:type: :size: :pages: :date:`` from a label's ``(PDF, 1 MB, 3 pages)``."""
    title, annotation = split_link_text(html.unescape(label))
    options = {"title": title}
    if annotation is not None:
        fields = {
            "type": annotation.file_type,
            "size": annotation.size,
            "pages": annotation.count,
            "date": annotation.date,
        }
        options.update({key: value for key, value in fields.items() if value})
    return options


# -- the site's data: tables and feeds the theme renders ----------------------------------


def _data_cell(value: object) -> str:
    """A table cell's text: one line, ``|`` escaped, entities decoded."""
    return _one_line(str(value or "")).replace("|", r"\|")


def _data_rows(sc: Shortcode, ctx: Context, file: str, key: str) -> list[Mapping[str, Any]]:
    """The records ``data/<file>.yml`` holds under *key*; a warning when there are none."""
    records = (ctx.data.get(file) or {}) if isinstance(ctx.data.get(file), dict) else {}
    rows = records.get(key) if isinstance(records, dict) else None
    rows = [row for row in rows or [] if isinstance(row, dict)]
    if not rows:
        ctx.problem(
            WarningKind.SHORTCODE,
            f"'{sc.name}' lists the records of the site's data/{file}.yml ({key}), "
            "but there are none; add the file beside content/ or remove the shortcode",
            sc.start,
        )
    return rows


def _table(
    sc: Shortcode, ctx: Context, caption: str, header: list[str], rows: list[list[str]]
) -> Parts:
    """A captioned ``{table}`` of *rows* (nothing when there are none)."""
    if not rows:
        return []
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return block(sc, ctx, "table", caption, "\n" + "\n".join(lines) + "\n")


def _terms_of_service(sc: Shortcode, ctx: Context, inactive: bool) -> Parts:
    rows = []
    for tool in _data_rows(sc, ctx, "termsofservice", "termsofservice"):
        status = str(tool.get("status") or "").strip().lower()
        if (status in ("inactive", "closed", "not-compatible")) != inactive:
            continue
        name, url = _data_cell(tool.get("name")), str(tool.get("url") or "").strip()
        service = f"[{_link_text(name)}]({_url(url)})" if url else name
        description = _data_cell(tool.get("description"))
        uri, kind = str(tool.get("uri") or "").strip(), _data_cell(tool.get("type"))
        if uri and not re.match(r"^https?://", uri, re.I):
            uri = cdn(ctx, "_legacy-img", uri)
        label = f"{name} agreement" + (f" ({kind})" if kind else "")
        agreement = f"[{_link_text(label)}]({_url(uri)})" if uri else "None on file"
        updated = _data_cell(tool.get("updated")) or "Not given"
        rows.append([service, description, agreement, updated])
    what = "Inactive agreements" if inactive else "Federal-compatible agreements"
    return _table(sc, ctx, what, ["Tool or service", "Description", "Agreement", "Updated"], rows)


def render_tos_compatible(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """``termsofservice-compatible`` → a table of ``data/termsofservice.yml``'s agreements."""
    return _terms_of_service(sc, ctx, inactive=False)


def render_tos_inactive(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """``termsofservice-inactive`` → a table of the agreements that stopped."""
    return _terms_of_service(sc, ctx, inactive=True)


def render_tos_contacts(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """``termsofservice-poc-cabinet|noncabinet`` → agencies' points of contact, a table."""
    group = sc.name.rsplit("-", 1)[1]
    rows = []
    for contact in _data_rows(sc, ctx, "termsofservicepoc", group):
        person, email = _data_cell(contact.get("person")), str(contact.get("email") or "").strip()
        who = " – ".join(w for w in (person, _data_cell(contact.get("title"))) if w)
        mail = f"[{_link_text(email)}](mailto:{email})" if email else ""
        rows.append([_data_cell(contact.get("agency")), who, mail])
    caption = "Cabinet agencies" if group == "cabinet" else "Other agencies"
    return _table(sc, ctx, caption, ["Agency", "Point of contact", "Email"], rows)


#: The JSON feeds digital.gov's ``api-*`` shortcodes wrote, and the site's page for each.
API_FEEDS = {"authors": "/authors/", "topics": "/topics/", "images": ""}


def render_api_feed(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """``api-authors|topics|images`` → what the JSON feed was, and where a reader looks.

    The theme wrote a JSON feed for programs at this address; a page of a handbook has
    no such output, so the page says so and links the site's own list when there is one.
    """
    what = sc.name.removeprefix("api-")
    text = (
        f"On the original site this address served the site's {what} as a JSON feed "
        "for programs. The handbook does not publish that feed."
    )
    listing = API_FEEDS.get(what)
    if listing:
        text += f" See [all {what}]({listing})."
    return [_part(text, sc.start)]


# -- unknown ---------------------------------------------------------------------------

_TEXT_PARAMS = ("title", "text", "label", "caption", "quote", "cite", "intro")


def render_unknown(sc: Shortcode, inner: Parts | None, ctx: Context) -> Parts:
    """Any other shortcode: its inner content (and text or URL parameters) kept, reported."""
    ctx.problem(
        WarningKind.SHORTCODE,
        f"unknown shortcode '{sc.name}': its content is kept as plain text; "
        "replace it with Markdown or a directive (see 'Migrating pages')",
        sc.start,
    )
    kept: list[str] = []
    for key, value in sc.kwargs.items():
        if re.match(r"^https?://", value):
            kept.append(f"[{_link_text(sc.kwargs.get('title') or value)}]({_url(value)})")
        elif key in _TEXT_PARAMS:
            kept.append(html.unescape(value))
    for value in sc.args:
        if re.match(r"^https?://", value):
            kept.append(f"<{value}>")
    head = [_part(" ".join(kept) + ("\n\n" if inner else ""), sc.start)] if kept else []
    return head + list(inner or [])


MAPPING: dict[str, Renderer] = {
    "ref": render_ref,
    "relref": render_ref,
    "link": render_link,
    "legacy-file": render_legacy_file,
    "note": render_note,
    "box": render_box,
    "ring": render_ring,
    "highlight": render_highlight,
    "accordion": render_accordion,
    "button": render_button,
    "quote-block": render_quote_block,
    "featured-resource": render_featured_resource,
    "asset-static": render_asset_static,
    "card-policy": render_card_policy,
    "card-prompt": render_card_prompt,
    "checklist": render_checklist,
    "checkbox": render_checkbox,
    "checklist-sublist": render_transparent,
    "checkbox-sublist-item": render_checkbox,
    "do-dont-table": render_do_dont_table,
    "row": render_table_part,
    "do-dont-row": render_table_part,
    "do-row": render_table_part,
    "dont-row": render_table_part,
    "img": render_image,
    "img-right": render_image,
    "img-flexible": render_image,
    "asset-img": render_image,
    "legacy-img": render_image,
    "legacy-img-right": render_image,
    "youtube": render_youtube,
    "tweet": render_tweet,
    "fb-video": render_fb_video,
    "cspan-iframe": render_cspan,
    "tmp": render_tmp,
    "termsofservice-compatible": render_tos_compatible,
    "termsofservice-inactive": render_tos_inactive,
    "termsofservice-poc-cabinet": render_tos_contacts,
    "termsofservice-poc-noncabinet": render_tos_contacts,
    "api-authors": render_api_feed,
    "api-topics": render_api_feed,
    "api-images": render_api_feed,
}


def renderer_for(name: str) -> Renderer:
    """The renderer for shortcode *name* (:func:`render_unknown` for an unknown one)."""
    return MAPPING.get(name, render_unknown)
