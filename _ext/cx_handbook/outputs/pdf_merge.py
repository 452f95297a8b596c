"""One tagged PDF from the book's parts, each a tagged PDF/UA-1 file of its own (pikepdf).

The ``handbookpdf`` builder compiles the book as separate Typst documents (the cover and
contents, the introduction, then one per part) so that memory stays flat as the book
grows; :func:`merge_parts` puts them back together as one book a reader and assistive
technology cannot tell apart from a single document:

* pages in order, and every page's ``/StructParents`` and every annotation's
  ``/StructParent`` shifted past the keys already used, with the ``ParentTree`` entries;
* each part's structure elements under the first part's ``Document`` element, the
  ``IDTree``, ``RoleMap`` and ``ClassMap`` merged;
* bookmarks: each part's top-level items chained after the previous part's (a part
  starts with its level-1 heading, so the outline nests as the headings do);
* named destinations (Typst names one per labelled heading) in one name tree;
* links to ``cx-xref:<label>`` (a place in another part, see ``outputs/typst_writer``)
  become links to the named destination, or to the page of the target.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

XREF_SCHEME = "cx-xref:"


@dataclass
class LinkTargets:
    """Where the ``cx-xref:`` links of the parts lead."""

    #: label → the label of the heading that carries its named destination.
    destinations: dict[str, str] = field(default_factory=dict)
    #: label → 0-based page index in the merged book (when it has no destination).
    pages: dict[str, int] = field(default_factory=dict)
    #: label → what the link leads to, for the annotation's ``/Contents`` (PDF/UA).
    descriptions: dict[str, str] = field(default_factory=dict)


def flat_numbers(tree) -> list:  # type: ignore[no-untyped-def]
    """A number tree's ``/Nums`` pairs, flattened from its ``/Kids``."""
    nums = list(tree.get("/Nums", []))
    for kid in tree.get("/Kids", []):
        nums += flat_numbers(kid)
    return nums


def flat_names(tree) -> list:  # type: ignore[no-untyped-def]
    """A name tree's ``/Names`` pairs, flattened from its ``/Kids``."""
    names = list(tree.get("/Names", []))
    for kid in tree.get("/Kids", []):
        names += flat_names(kid)
    return names


def _prefixed_ids(part, proot, prefix: str, copy) -> list:  # type: ignore[no-untyped-def]
    """The part's ``IDTree`` pairs with every id prefixed, and the ``/Headers`` that name them.

    Each part numbers its table header cells from the start (Typst: ``U1x0y0``), so two
    parts would give two cells one id. Only tables refer to ids (a data cell's
    ``/Headers``), so each table holding a renamed header cell is walked once.
    """
    from pikepdf import Array, Dictionary, String

    pairs = flat_names(proot.get("/IDTree", {}))
    renamed: dict[str, str] = {}
    tables = {}
    for name, element in zip(pairs[::2], pairs[1::2], strict=True):
        new = prefix + str(name)
        renamed[str(name)] = new
        element.ID = String(new)
        table = element
        while isinstance(table, Dictionary) and table.get("/S") != "/Table" and "/P" in table:
            table = table.P
        if isinstance(table, Dictionary) and table.get("/S") == "/Table":
            tables[table.objgen] = table

    def fix(element) -> None:  # type: ignore[no-untyped-def]
        kids = element.get("/K")
        for kid in kids if isinstance(kids, Array) else [kids]:
            if not isinstance(kid, Dictionary) or "/S" not in kid:
                continue
            attributes = kid.get("/A")
            for attribute in attributes if isinstance(attributes, Array) else [attributes]:
                if isinstance(attribute, Dictionary) and "/Headers" in attribute:
                    attribute.Headers = Array(
                        [String(renamed.get(str(h), str(h))) for h in attribute.Headers]
                    )
            fix(kid)

    for table in tables.values():
        fix(table)
    return [String(renamed[str(v)]) if i % 2 == 0 else copy(part, v) for i, v in enumerate(pairs)]


def merge_parts(parts: list[Path], target: Path, links: LinkTargets | None = None) -> int:
    """Merge the tagged PDFs *parts* into *target*; returns the number of pages."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    links = links or LinkTargets()
    warnings.filterwarnings("ignore", category=UserWarning, module="pikepdf")
    merged = pikepdf.open(parts[0])

    def copy(part, value):  # type: ignore[no-untyped-def]
        if not value.is_indirect:
            value = part.make_indirect(value)
        return merged.copy_foreign(value)

    root = merged.Root.StructTreeRoot
    nums = flat_numbers(root.ParentTree)
    next_key = max((int(k) for k in nums[::2]), default=-1) + 1
    document = root.K if isinstance(root.K, Dictionary) else root.K[0]
    kids = document.K if isinstance(document.K, Array) else Array([document.K])
    document.K = kids
    dests = flat_names(merged.Root.get("/Names", {}).get("/Dests", {}))
    ids = flat_names(root.get("/IDTree", {}))
    role_map = Dictionary(root.get("/RoleMap", Dictionary()))
    class_map = Dictionary(root.get("/ClassMap", Dictionary()))
    outlines = merged.Root.get("/Outlines")
    for number, path in enumerate(parts[1:], 1):
        with pikepdf.open(path) as part:
            proot = part.Root.StructTreeRoot
            # Before any copy: the copies must carry the new ids.
            ids += _prefixed_ids(part, proot, f"p{number}-", copy)
            pnums = flat_numbers(proot.ParentTree)
            shift = next_key
            for page in part.pages:
                if "/StructParents" in page.obj:
                    page.obj.StructParents = int(page.obj.StructParents) + shift
                for annot in page.obj.get("/Annots", []):
                    if "/StructParent" in annot:
                        annot.StructParent = int(annot.StructParent) + shift
            merged.pages.extend(part.pages)
            for key, value in zip(pnums[::2], pnums[1::2], strict=True):
                nums += [int(key) + shift, copy(part, value)]
            next_key = max((int(k) for k in nums[::2]), default=-1) + 1
            pdocument = proot.K if isinstance(proot.K, Dictionary) else proot.K[0]
            pkids = pdocument.K if isinstance(pdocument.K, Array) else [pdocument.K]
            for kid in pkids:
                copied = copy(part, kid)
                if isinstance(copied, Dictionary):
                    copied.P = document
                kids.append(copied)
            for key, value in proot.get("/RoleMap", {}).items():
                role_map[key] = value
            for key, value in proot.get("/ClassMap", {}).items():
                class_map[key] = copy(part, value)
            dests += [
                copy(part, v) if i % 2 else v
                for i, v in enumerate(flat_names(part.Root.get("/Names", {}).get("/Dests", {})))
            ]
            poutlines = part.Root.get("/Outlines")
            if poutlines is not None and "/First" in poutlines:
                copied = copy(part, poutlines)
                if outlines is None or "/First" not in outlines:
                    merged.Root.Outlines = outlines = copied
                    continue
                item = copied.First
                last = outlines.Last
                last.Next, item.Prev = item, last
                while True:
                    item.Parent = outlines
                    if "/Next" not in item:
                        break
                    item = item.Next
                outlines.Last = item
                outlines.Count = int(outlines.get("/Count", 0)) + int(copied.get("/Count", 0))
    root.ParentTree = merged.make_indirect(Dictionary(Nums=Array(nums)))
    root.ParentTreeNextKey = next_key
    if role_map:
        root.RoleMap = role_map
    if class_map:
        root.ClassMap = class_map
    if ids:
        pairs = sorted(zip(ids[::2], ids[1::2], strict=True), key=lambda p: bytes(p[0]))
        root.IDTree = merged.make_indirect(Dictionary(Names=Array([x for p in pairs for x in p])))
    named = {str(name) for name in dests[::2]}
    if dests:
        pairs = sorted(zip(dests[::2], dests[1::2], strict=True), key=lambda p: bytes(p[0]))
        names = merged.Root.get("/Names") or Dictionary()
        names.Dests = merged.make_indirect(Dictionary(Names=Array([x for p in pairs for x in p])))
        merged.Root.Names = names
    # Page labels of the first part would number the other parts' pages wrongly: the
    # book's pages are numbered as they are counted, which is a viewer's default.
    if "/PageLabels" in merged.Root:
        del merged.Root["/PageLabels"]
    _resolve_links(merged, links, named, String, Array, Name)
    merged.Root.PageMode = Name.UseOutlines
    merged.save(target)
    return len(merged.pages)


def _resolve_links(merged, links: LinkTargets, named: set[str], String, Array, Name) -> None:  # type: ignore[no-untyped-def]
    """Turn every ``cx-xref:<label>`` URI link into a link to its place in the book."""
    pages = list(merged.pages)
    for page in pages:
        for annot in page.obj.get("/Annots", []):
            action = annot.get("/A")
            if action is None or action.get("/S") != Name.URI:
                continue
            uri = str(action.get("/URI", ""))
            if not uri.startswith(XREF_SCHEME):
                continue
            label = uri.removeprefix(XREF_SCHEME)
            destination = links.destinations.get(label, label)
            if destination in named:
                annot.Dest = String(destination)
            else:
                index = links.pages.get(label, links.pages.get(destination, 0))
                index = min(max(index, 0), len(pages) - 1)
                annot.Dest = Array([pages[index].obj, Name.Fit])
            del annot["/A"]
            description = links.descriptions.get(label) or links.descriptions.get(destination)
            if not description:
                target_page = links.pages.get(label, links.pages.get(destination))
                description = f"page {target_page + 1}" if target_page is not None else label
            annot.Contents = String(description)
