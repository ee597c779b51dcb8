"""`PageBuild`: what the plan-wide pages read of one build (`sitegen.site.build.SiteBuild`).

A protocol rather than the class itself: `site.build` imports these page modules, so they
name the build by what they read of it, and mypy checks every read against `SiteBuild`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import jinja2

from sitegen.model.history import SectionView
from sitegen.model.plan import Section
from sitegen.site.engine.page import Site
from sitegen.site.nav.prune import NavPruner
from sitegen.site.pages.scope import Scope

__all__ = ["PageBuild"]


class PageBuild(Protocol):
    """Everything shared by the pages of one build, as `SiteBuild` holds it (read-only)."""

    @property
    def env(self) -> jinja2.Environment: ...

    @property
    def site(self) -> Site: ...

    @property
    def scope(self) -> Scope: ...

    @property
    def sections(self) -> tuple[Section, ...]: ...

    @property
    def pages(self) -> Mapping[str, str]:
        """Section rel path → its page path."""
        ...

    @property
    def targets(self) -> Mapping[str, str]:
        """Diagnostic path → page path."""
        ...

    @property
    def history(self) -> Mapping[str, SectionView]:
        """Section id → its history (`SiteHistory.sections`)."""
        ...

    @property
    def pruner(self) -> NavPruner | None: ...

    @property
    def bare_env(self) -> jinja2.Environment: ...

    @property
    def report_anchors(self) -> Mapping[str, str]: ...
