"""The debate as a web page: a self-contained static site (`build_site`) and a live server (`LiveSite`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["LiveSite", "SiteResult", "build_site", "site_from_paths"]

if TYPE_CHECKING:
    from .build import SiteResult, build_site, site_from_paths
    from .serve import LiveSite


def __getattr__(name: str):
    # Lazy, so the CLI's start does not pay for the server's imports when it only writes a site.
    if name in ("SiteResult", "build_site", "site_from_paths"):
        from . import build

        return getattr(build, name)
    if name == "LiveSite":
        from . import serve

        return getattr(serve, name)
    raise AttributeError(f"module 'argmap.site' has no attribute {name!r}")
