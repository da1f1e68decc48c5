"""Writers: from an `Understanding` to assets (articles, posts, clips, emails, ebook draft).

`extractive` writers use only the source's sentences, cleaned and arranged; every asset carries
the results of its checks (`checks.py`), and `pack_checks` looks across them.
"""

from .articles import write_articles
from .assets import Asset, Check
from .checks import pack_checks
from .linkedin import write_posts

__all__ = ["Asset", "Check", "pack_checks", "write_articles", "write_posts"]
