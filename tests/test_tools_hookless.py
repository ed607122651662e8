"""Builders that ignore MkDocs hooks: `python -m cwc_checklists` writes every generated page (checklists,
pages with their tool markers expanded, the whole guide on one page), so a hook-less build has them all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import ROOT, copy_project, run_build


def test_hookless_build_with_generated_pages_has_the_tools(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(
        "".join(line for line in config.read_text(encoding="utf-8").splitlines(keepends=True)
                if "hooks/checklists.py" not in line and "hooks/interactive_tools.py" not in line),
        encoding="utf-8",
    )
    env = {"PYTHONPATH": str(ROOT / "hooks"), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-m", "cwc_checklists", "--project", str(project), "--out", str(project / "docs")],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert not [p for p in (project / "docs").rglob("*.md") if "<!-- cwc:" in p.read_text(encoding="utf-8")]

    result = run_build(project, tmp_path / "site")
    assert result.ok, result.output
    site = tmp_path / "site"
    for page, tool in (("tools/connection-note", "note"), ("tools/should-i-accept", "decide"),
                       ("tools/checklist-builder", "builder"), ("tools/take-it-with-you", "ticks")):
        soup = BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert soup.select_one(f'[data-cwc-tool="{tool}"]') is not None, page
    answering = BeautifulSoup((site / "answering-a-request" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert answering.select_one("figure.cwc-decision .cwc-tree") is not None
    assert (site / "whole-guide" / "index.html").is_file()
    # The whole guide is there in full, as with the hook: every guide page and checklist, in one page.
    whole = BeautifulSoup((site / "whole-guide" / "index.html").read_text(encoding="utf-8"), "html.parser")
    parts = [section["id"] for section in whole.select(".cwc-whole-guide section.cwc-whole-part")]
    assert "sending-a-request" in parts and "checklists-pre-connect" in parts, parts
    assert whole.select_one('#checklists-pre-connect form.cwc-checklist[data-checklist="pre-connect"]') is not None


def test_bad_decision_data_is_one_line_and_exit_status_1(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    data = project / "checklists" / "decisions" / "incoming-request.yml"
    data.write_text(data.read_text(encoding="utf-8").replace("next: ignore-hidden", "next: nowhere", 1), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "cwc_checklists", "--project", str(project), "--out", str(tmp_path / "out")],
        env={"PYTHONPATH": str(ROOT / "hooks"), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("checklists/decisions/incoming-request.yml:")
    assert "Traceback" not in proc.stderr
