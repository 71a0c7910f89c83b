"""``ui.use_router()`` is the one place that touches a private flag of Streamlit: this fails when it changes.

Streamlit 1.67 offers no supported way to keep a ``pages/`` folder and route every page through
``st.navigation`` from the first request after a start: it decides from the folder's existence
(``PagesManager.uses_pages_directory``) until some session has run ``st.navigation``. The router
switches that flag off (:func:`analytics.ui.use_router`). If an upgrade renames the flag or stops
reading it, the first bookmark opened after a restart would run a page without the navigation.
"""

from __future__ import annotations

import inspect

from streamlit.commands import navigation
from streamlit.runtime import pages_manager
from streamlit.runtime.scriptrunner import script_runner

from analytics import ui


def test_streamlit_still_decides_the_old_page_mode_by_the_flag_the_router_switches_off():
    assert "uses_pages_directory" in vars(pages_manager.PagesManager)
    assert (
        'Path(\n                self.main_script_parent / "pages"\n            ).exists()'
        in inspect.getsource(pages_manager.PagesManager.__init__)
    )
    assert "if PagesManager.uses_pages_directory:" in inspect.getsource(script_runner)
    assert "PagesManager.uses_pages_directory = False" in inspect.getsource(navigation)


def test_only_the_router_touches_the_flag():
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    touching = sorted(
        str(path.relative_to(repo))
        for folder in ("analytics", "pages")
        for path in (repo / folder).rglob("*.py")
        if "uses_pages_directory" in path.read_text(encoding="utf-8")
    )
    assert touching == ["analytics/ui.py"]
    assert "uses_pages_directory" in inspect.getsource(ui.use_router)
