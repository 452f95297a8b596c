"""A Hugo site around the source folder: its ``config.yml`` and its ``data/`` records.

A team migrating from Hugo points the build at the site's ``content/`` folder
(``make html SRCDIR=path/to/site/content``). Hugo keeps two things beside it that the
pages need: the site configuration (``config.yml``/``hugo.yaml``/``config.toml``:
``baseURL``, ``taxonomies``, ``permalinks``, ``refLinksNotFoundURL``) and the ``data/``
folder (``data/images/<uid>.yml`` and ``data/files/<uid>.yml``, the records the ``img``,
``asset-img``, ``asset-static`` and ``file`` shortcodes look up). This module finds and
reads them as text; what they mean to pages is the model's business.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

#: The names Hugo reads its site configuration from, in Hugo's order of preference.
CONFIG_NAMES = (
    "hugo.yaml",
    "hugo.yml",
    "hugo.toml",
    "config.yaml",
    "config.yml",
    "config.toml",
)
#: Hugo's default taxonomies (singular → plural) when the config names none.
DEFAULT_TAXONOMIES = {"tag": "tags", "category": "categories"}
#: The home page of a Hugo content folder.
HUGO_HOME = "_index"


@dataclass(frozen=True)
class HugoConfig:
    """The parts of a Hugo site's configuration the handbook uses."""

    #: where the configuration was read from (None: no Hugo config found)
    path: Path | None = None
    base_url: str = ""
    title: str = ""
    #: singular → plural: ``{"topic": "topics", "author": "authors"}``
    taxonomies: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_TAXONOMIES))
    #: section → pattern: ``{"news": ":year/:month/:day/:slug/"}``
    permalinks: dict[str, str] = field(default_factory=dict)
    #: where Hugo sends a ``ref`` it cannot resolve (``refLinksNotFoundURL``)
    ref_not_found_url: str = ""
    #: the site's CDN for images and files (``params.cdnurl``)
    cdn_url: str = ""
    #: Hugo builds drafts / expired pages (``buildDrafts``, ``buildExpired``)
    build_drafts: bool = False
    build_expired: bool = False


@dataclass(frozen=True)
class HugoSite:
    """A Hugo site found around a source folder."""

    #: the site's root folder (holding ``content/``, ``data/``, the config)
    root: Path
    config: HugoConfig
    #: ``data/`` beside ``content/`` (None when absent)
    data_dir: Path | None


def _read_config_file(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    data = tomllib.loads(text) if path.suffix == ".toml" else yaml.safe_load(text)
    return data if isinstance(data, dict) else {}


def _lower_keys(data: dict[str, Any]) -> dict[str, Any]:
    """Hugo's configuration keys are case-insensitive (``baseURL``, ``baseurl``)."""
    return {str(key).lower(): value for key, value in data.items()}


def read_hugo_config(path: Path) -> HugoConfig:
    """Read the configuration file at *path* (YAML or TOML)."""
    data = _lower_keys(_read_config_file(path))
    taxonomies = data.get("taxonomies")
    permalinks = data.get("permalinks")
    params = _lower_keys(data.get("params") or {}) if isinstance(data.get("params"), dict) else {}
    return HugoConfig(
        path=path,
        base_url=str(data.get("baseurl") or ""),
        title=str(data.get("title") or ""),
        taxonomies=(
            {str(k): str(v) for k, v in taxonomies.items()}
            if isinstance(taxonomies, dict)
            else dict(DEFAULT_TAXONOMIES)
        ),
        permalinks=(
            {str(k): str(v) for k, v in permalinks.items() if isinstance(v, str)}
            if isinstance(permalinks, dict)
            else {}
        ),
        ref_not_found_url=str(data.get("reflinksnotfoundurl") or ""),
        cdn_url=str(params.get("cdnurl") or ""),
        build_drafts=data.get("builddrafts") is True,
        build_expired=data.get("buildexpired") is True,
    )


def find_config_file(root: Path) -> Path | None:
    """The site configuration in *root* (or ``root/config/_default/``), if any."""
    for folder in (root, root / "config" / "_default"):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return None


def find_hugo_site(srcdir: Path) -> HugoSite | None:
    """The Hugo site whose content folder is *srcdir*, or None.

    *srcdir* is a Hugo content folder when the folder above it holds a Hugo
    configuration, or a ``data/`` folder beside a ``content/`` one, or when *srcdir*
    itself holds Hugo's home page ``_index.md`` (a content folder copied alone).
    """
    srcdir = Path(srcdir)
    root = srcdir.parent
    config_file = find_config_file(root)
    data_dir = root / "data"
    beside_data = srcdir.name == "content" and data_dir.is_dir()
    if config_file is None and not beside_data and not (srcdir / f"{HUGO_HOME}.md").is_file():
        return None
    config = read_hugo_config(config_file) if config_file else HugoConfig()
    return HugoSite(root, config, data_dir if data_dir.is_dir() else None)


# -- data records --------------------------------------------------------------------


def read_data_files(folder: Path) -> dict[str, Any]:
    """The data files directly in *folder* (``termsofservice.yml``), by name.

    Hugo's ``.Site.Data.<name>``: shortcodes of the site's theme render them as tables.
    A file that is not YAML is skipped; the shortcode that needs it then warns.
    """
    data: dict[str, Any] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".yml", ".yaml") or not path.is_file():
            continue
        try:
            data[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
    return data


def read_records(folder: Path) -> dict[str, dict[str, Any]]:
    """Every ``<uid>.yml`` record in *folder*, by uid (the file name without suffix).

    A record that is not a YAML mapping is skipped: the shortcode that names it then
    reports the uid as unknown.
    """
    records: dict[str, dict[str, Any]] = {}
    if not folder.is_dir():
        return records
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".yml", ".yaml") or not path.is_file():
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
        if isinstance(data, dict):
            records[path.stem] = {str(k).strip(): v for k, v in data.items()}
    return records
