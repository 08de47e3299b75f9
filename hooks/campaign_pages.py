"""MkDocs hook: one landing page per entry of data/campaigns.yml, at /book-a-diagnostic/<slug>/.

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


def check_no_clash(campaigns: list[Campaign], exists) -> None:
    """Refuse a campaign whose page would replace a page of docs/ (``exists(src_uri)`` says)."""
    for campaign in campaigns:
        if exists(campaign.src_uri):
            raise PluginError(f"{SOURCE}: campaign '{campaign.slug}': field 'slug' clashes with docs/{campaign.src_uri}")


def on_files(files, config):
    campaigns = read_campaigns(Path(config.config_file_path).parent / SOURCE)
    check_no_clash(campaigns, lambda src_uri: files.get_file_from_path(src_uri) is not None)
    for campaign in campaigns:
        files.append(File.generated(config, campaign.src_uri, content=campaign_markdown(campaign)))
    return files
