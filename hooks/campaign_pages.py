"""MkDocs hook: one landing page per entry of data/campaigns.yml, at <slug>/ beside the booking
page (``extra.booking_page`` in mkdocs.yml, which must be a page of docs/).

The pages are generated in memory (MkDocs 1.6 ``File.generated``); no Markdown is written by
hand or to disk. A malformed entry stops the build with a message naming the entry and the
field (the checks are in macros/campaigns.py).
"""

from __future__ import annotations

from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from macros.campaigns import SOURCE, Campaign, CampaignError, campaign_markdown, parse_campaigns


def read_campaigns(data_file: Path) -> list[Campaign]:
    """The campaigns of ``data_file`` (none when it is missing); bad YAML or a malformed entry
    raises PluginError with a message naming the file, the entry and the field."""
    try:
        entries = yaml.safe_load(data_file.read_text(encoding="utf-8")) if data_file.exists() else None
        return parse_campaigns(entries)
    except yaml.YAMLError as error:
        raise PluginError(f"{SOURCE}: not valid YAML: {error}") from None
    except CampaignError as error:
        raise PluginError(str(error)) from None


def check_no_clash(campaigns: list[Campaign], booking_page: str, exists) -> None:
    """Refuse a campaign whose page would replace a page of docs/ (``exists(src_uri)`` says)."""
    for campaign in campaigns:
        src_uri = campaign.src_uri_beside(booking_page)
        if exists(src_uri):
            raise PluginError(f"{SOURCE}: campaign '{campaign.slug}': field 'slug' clashes with docs/{src_uri}")


def check_booking_page(booking_page: object, exists) -> str:
    """``extra.booking_page``, refused unless it names a page of docs/."""
    if not isinstance(booking_page, str) or not booking_page.endswith(".md") or not exists(booking_page):
        raise PluginError(f"mkdocs.yml: extra.booking_page must name the booking page inside docs/ (got {booking_page!r})")
    return booking_page


def on_files(files, config):
    exists = lambda src_uri: files.get_file_from_path(src_uri) is not None  # noqa: E731
    booking_page = check_booking_page(config.extra.get("booking_page"), exists)
    campaigns = read_campaigns(Path(config.config_file_path).parent / SOURCE)
    check_no_clash(campaigns, booking_page, exists)
    for campaign in campaigns:
        content = campaign_markdown(campaign, booking_page)
        files.append(File.generated(config, campaign.src_uri_beside(booking_page), content=content))
    return files
