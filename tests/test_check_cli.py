"""``infoview check`` and ``infoview rules``: every format, every exit code, the CI files."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml
from click.testing import CliRunner
from conftest import EXAMPLE_TODAY, EXAMPLE_VAULT, REPO

from infoview.cli import main
from infoview.finding import Finding
from infoview.report import format_github, format_text, repo_prefix
from infoview.rules import RULES

TODAY = ["--today", EXAMPLE_TODAY.isoformat()]
JANE = "---\nname: Jane Doe\n---\n"
DONE = '---\ncontact: "[[Jane Doe]]"\ndate: 2026-11-02\nstatus: done\nthank_you_sent: 2026-11-02\n---\n'


def run(*args: str, env: dict | None = None):
    # When the suite itself runs on GitHub Actions, keep its step summary out of these runs.
    env = {"GITHUB_STEP_SUMMARY": None, **(env or {})}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


#: A vault with one warning (no names asked) and nothing else, checked on 2026-11-03.
@pytest.fixture
def warning_vault(vault_dir):
    return vault_dir({"contacts/jane-doe.md": JANE, "interviews/m.md": DONE})


# -- the example vault ----------------------------------------------------------

EXPECTED = {
    ("thank-you-overdue", "interviews/2026-11-20-simone-adeyemi.md", 5),
    ("referrer-thanks-overdue", "interviews/2026-11-13-ruth-kimani.md", 5),
    ("no-referrals-asked", "interviews/2026-10-28-hollis-grant.md", 5),
    ("unprepared-meeting", "interviews/2026-11-27-tomasz-wojcik.md", 5),
    ("cancelled-by-me", "interviews/2026-10-14-keiko-tanaka.md", 6),
    ("resume-not-offered", "interviews/2026-11-18-nadia-farouk.md", 5),
    ("resume-feedback-pending", "interviews/2026-10-06-walt-brennan.md", 12),
    ("reply-overdue", "contacts/carmen-reyes.md", 19),
    ("referral-not-contacted", "interviews/2026-09-15-beatriz-calloway.md", 17),
    ("keep-in-touch", "contacts/owen-pryce.md", 12),
    ("outcome-not-logged", "interviews/2026-11-23-yvonne-castillo.md", 5),  # the coffee not written down
}


def test_check_on_the_example_vault_at_the_pinned_day():
    result = run("check", str(EXAMPLE_VAULT), *TODAY, "--format", "json")
    assert result.exit_code == 1  # thank-you, referrer thanks and a reply are overdue: errors
    data = json.loads(result.output)
    found = [(f["rule"], f["path"], f["line"]) for f in data["findings"]]
    assert sorted(found) == sorted(EXPECTED) and len(found) == len(EXPECTED)
    assert data["counts"] == {"error": 4, "warning": 4, "info": 3}
    assert data["today"] == "2026-11-25"
    # each rule fires exactly once; Lena's ignore silences her meeting, Andre's cancellation was theirs
    assert "interviews/2026-10-09-lena-sorensen.md" not in {p for _, p, _ in found}
    assert "interviews/2026-11-10-andre-mills.md" not in {p for _, p, _ in found}


def test_json_findings_have_every_field_and_relative_posix_paths():
    data = json.loads(run("check", "--vault", str(EXAMPLE_VAULT), *TODAY, "--format", "json").output)
    assert set(data) == {"today", "vault", "findings", "counts"}
    for f in data["findings"]:
        assert set(f) == {"rule", "severity", "path", "line", "message", "hint", "due"}
        assert not f["path"].startswith("/") and "\\" not in f["path"]
    thanks = next(f for f in data["findings"] if f["rule"] == "thank-you-overdue")
    assert thanks["due"] == "2026-11-22" and thanks["severity"] == "error"


def test_text_output_is_grouped_with_hints_and_a_summary():
    result = run("check", str(EXAMPLE_VAULT), *TODAY)
    out = result.output
    assert result.exit_code == 1
    assert "\x1b[" not in out  # not a terminal: no colour
    assert out.index("Errors (4)") < out.index("Warnings (4)") < out.index("Info (3)")
    line = (
        "interviews/2026-11-20-simone-adeyemi.md:5: error thank-you-overdue: "
        "no thank-you logged for the meeting with Simone Adeyemi on 2026-11-20 (due 2026-11-22)"
    )
    assert line + "\n    hint: send Simone Adeyemi a thank-you note" in out
    assert "4 errors, 4 warnings, 3 info (" in out and "checked against 2026-11-25" in out


def test_text_colour_only_when_asked():
    f = Finding("a.md", 3, "error", "thank-you-overdue", "late", "send it")
    day = EXAMPLE_TODAY
    assert "\x1b[" in format_text([f], today=day, notes=1, color=True)
    assert "\x1b[" not in format_text([f], today=day, notes=1, color=False)


def test_colour_follows_the_terminal_and_no_color(monkeypatch):
    from infoview.cli import check as check_module

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert check_module.use_colour()
    monkeypatch.setenv("NO_COLOR", "1")
    assert not check_module.use_colour()
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False, raising=False)
    monkeypatch.delenv("NO_COLOR")
    assert not check_module.use_colour()


def test_github_annotations_point_at_repository_paths():
    result = run("check", str(EXAMPLE_VAULT), *TODAY, "--format", "github")
    assert result.exit_code == 1
    lines = [ln for ln in result.output.splitlines() if ln.startswith("::")]
    assert len(lines) == len(EXPECTED)
    assert (
        "::error file=vault/interviews/2026-11-20-simone-adeyemi.md,line=5,title=thank-you-overdue::"
        "no thank-you logged for the meeting with Simone Adeyemi on 2026-11-20 (due 2026-11-22)%0Ahint: "
    ) in result.output
    assert "::notice file=vault/contacts/owen-pryce.md,line=12,title=keep-in-touch::" in result.output
    assert "::warning file=vault/interviews/2026-10-28-hollis-grant.md,line=5," in result.output


def test_github_escapes_what_would_break_a_workflow_command():
    f = Finding("a,b:c.md", 2, "warning", "x", "50% done\nnext", "")
    assert format_github([f], prefix="") == "::warning file=a%2Cb%3Ac.md,line=2,title=x::50%25 done%0Anext"


def test_repo_prefix(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "notes" / "vault").mkdir(parents=True)
    assert repo_prefix(tmp_path / "notes" / "vault") == "notes/vault/"
    assert repo_prefix(tmp_path) == ""
    outside = tmp_path.parent / (tmp_path.name + "-ws")
    (outside / "v").mkdir(parents=True)
    assert repo_prefix(outside / "v", workspace=str(outside)) == "v/"


# -- exit codes -----------------------------------------------------------------


def test_exit_0_when_clean(vault_dir):
    root = vault_dir({"contacts/jane-doe.md": JANE})
    for fmt in ("text", "json", "github"):
        result = run("check", str(root), *TODAY, "--format", fmt)
        assert result.exit_code == 0, result.output
    assert "All clear" in run("check", str(root), *TODAY).output
    assert json.loads(run("check", str(root), *TODAY, "--format", "json").output)["findings"] == []


def test_warnings_pass_unless_strict(warning_vault):
    day = ["--today", "2026-11-03"]
    assert run("check", str(warning_vault), *day).exit_code == 0
    assert run("check", str(warning_vault), *day, "--strict").exit_code == 1
    assert run("check", str(warning_vault), *day, "--strict", "--ignore", "no-referrals-asked").exit_code == 0


def test_info_never_fails(vault_dir):
    root = vault_dir(
        {
            "contacts/jane-doe.md": JANE,
            "interviews/m.md": DONE.replace("status: done", "status: done\nmedium: phone\nreferrals_asked: true"),
        }
    )
    result = run("check", str(root), "--today", "2026-11-06", "--strict", "--format", "json")
    assert [f["rule"] for f in json.loads(result.output)["findings"]] == ["resume-not-offered"]
    assert result.exit_code == 0


def test_errors_exit_1(warning_vault):
    assert run("check", str(warning_vault), "--today", "2026-11-03", "--select", "no-referrals-asked").exit_code == 0
    root = warning_vault
    (root / "interviews" / "m.md").write_text(DONE.replace("thank_you_sent: 2026-11-02\n", ""))
    assert run("check", str(root), "--today", "2026-11-05").exit_code == 1
    assert run("check", str(root), "--today", "2026-11-04").exit_code == 0  # not yet overdue


def test_select_and_ignore_take_commas_and_repeat(warning_vault):
    (warning_vault / "interviews" / "m.md").write_text(DONE.replace("thank_you_sent: 2026-11-02\n", ""))
    day = ["--today", "2026-11-05", "--format", "json"]

    def rules(*extra: str) -> set[str]:
        return {f["rule"] for f in json.loads(run("check", str(warning_vault), *day, *extra).output)["findings"]}

    assert rules() == {"thank-you-overdue", "no-referrals-asked"}
    assert rules("--select", "thank-you-overdue") == {"thank-you-overdue"}
    assert rules("--select", "thank-you-overdue,no-referrals-asked") == {"thank-you-overdue", "no-referrals-asked"}
    assert rules("--ignore", "thank-you-overdue", "--ignore", "no-referrals-asked") == set()


def test_today_from_the_environment(warning_vault):
    result = run("check", str(warning_vault), "--format", "json", env={"INFOVIEW_TODAY": "2026-11-03"})
    assert json.loads(result.output)["today"] == "2026-11-03"


def one_line_error(result, *words: str) -> None:
    """Exit 2 and one line; ``result`` may be the text of stderr alone."""
    if not isinstance(result, str):
        assert result.exit_code == 2, result.output
        result = result.output
    lines = result.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("infoview: error: "), result
    assert "Traceback" not in result
    for word in words:
        assert word in lines[0]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--today", "2026-02-30"], ["--today", "2026-02-30"]),
        (["--today", "tomorrow"], ["--today"]),
        (["--select", "thank-you-overdu"], ["unknown rule", "did you mean 'thank-you-overdue'"]),
        (["--ignore", "nope"], ["unknown rule 'nope'"]),
    ],
)
def test_usage_errors_exit_2_with_one_line(warning_vault, args, words):
    one_line_error(run("check", str(warning_vault), *args), *words)


def test_bad_today_in_the_environment_exits_2(warning_vault):
    one_line_error(run("check", str(warning_vault), env={"INFOVIEW_TODAY": "25/11/2026"}), "25/11/2026")


def test_missing_vault_exits_2(tmp_path):
    one_line_error(run("check", str(tmp_path / "nope")), "no vault folder")


def test_a_campaign_repository_root_is_not_a_vault_and_check_says_where_the_vault_is(tmp_path, monkeypatch):
    # The repository of a campaign: README, CI files, and the vault one level down with a thank-you owed.
    (tmp_path / "README.md").write_text("# My campaign\n", encoding="utf-8")
    (tmp_path / "vault" / "contacts").mkdir(parents=True)
    (tmp_path / "vault" / "interviews").mkdir()
    (tmp_path / "vault" / "infoview.yml").write_text("owner: Sam Okafor\n", encoding="utf-8")
    (tmp_path / "vault" / "contacts" / "jane-doe.md").write_text(JANE, encoding="utf-8")
    (tmp_path / "vault" / "interviews" / "m.md").write_text(DONE.replace("thank_you_sent: 2026-11-02\n", ""))
    monkeypatch.chdir(tmp_path)
    root = run("check", ".", *TODAY)
    assert root.exit_code == 2 and "All clear" not in root.output
    assert "does not look like a vault" in root.output and "did you mean vault/?" in root.output
    assert run("check", "vault", *TODAY).exit_code == 1  # there, the thank-you is overdue


def test_notes_but_no_contacts_is_a_warning_naming_the_folders(tmp_path):
    (tmp_path / "infoview.yml").write_text("owner: Sam Okafor\n", encoding="utf-8")
    (tmp_path / "People").mkdir()
    (tmp_path / "People" / "jane-doe.md").write_text(JANE, encoding="utf-8")
    result = run("check", str(tmp_path), *TODAY)
    assert "no-contacts" in result.output and "looked in contacts/" in result.output
    assert "All clear" not in result.output


@pytest.mark.parametrize(
    ("config", "words"),
    [
        ("rules:\n  thank-you-overdu: {days: 3}\n", ["unknown rule 'thank-you-overdu'"]),
        ("rules:\n  thank-you-overdue: {days: soon}\n", ["days must be a whole number"]),
        ("owner: [unclosed\n", ["infoview.yml:"]),
        ("- just\n- a list\n", ["infoview.yml:1", "mapping"]),
        ("timezone: Mars/Olympus\n", ["infoview.yml:1", "unknown timezone"]),
    ],
)
def test_config_errors_exit_2_with_one_line(vault_dir, config, words):
    root = vault_dir({"contacts/jane-doe.md": JANE, "infoview.yml": config})
    for fmt in ("text", "json"):
        one_line_error(run("check", str(root), *TODAY, "--format", fmt), *words)
    github = CliRunner().invoke(main, ["check", str(root), *TODAY, "--format", "github"])
    assert github.exit_code == 2
    assert github.stdout.startswith("::error title=infoview check::") and words[0] in github.stdout
    one_line_error(github.stderr, *words)


def test_unreadable_config_exits_2(vault_dir):
    root = vault_dir({"contacts/jane-doe.md": JANE, "infoview.yml": b"\x00\x01\x02binary\xff"})
    one_line_error(run("check", str(root), *TODAY), "infoview.yml")


def test_data_errors_in_notes_are_findings_not_usage_errors(vault_dir):
    root = vault_dir({"contacts/jane-doe.md": "---\nname: [unclosed\n---\n"})
    result = run("check", str(root), *TODAY, "--format", "json")
    assert result.exit_code == 1
    assert [f["rule"] for f in json.loads(result.output)["findings"]] == ["yaml-error"]


def test_check_does_not_import_networkx():
    code = "import sys, infoview.cli.check; sys.exit('networkx' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO, check=False).returncode == 0


def test_console_script_exit_codes(tmp_path):
    """The real entry point, as CI runs it."""
    ok = subprocess.run(
        [sys.executable, "-c", "from infoview.cli import main; main()", "check", str(EXAMPLE_VAULT), *TODAY],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 1 and "thank-you-overdue" in ok.stdout and ok.stderr == ""
    bad = subprocess.run(
        [sys.executable, "-c", "from infoview.cli import main; main()", "check", str(EXAMPLE_VAULT), "--today", "nope"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2 and bad.stdout == "" and len(bad.stderr.strip().splitlines()) == 1


# -- infoview rules ---------------------------------------------------------------


def test_rules_prints_the_reference():
    result = run("rules")
    assert result.exit_code == 0
    for name, rule in RULES.items():
        assert f"## {name}" in result.output and rule.why in result.output


def test_rules_on_a_terminal_is_plain_text_with_no_markdown_marks():
    out = run("rules", "--format", "text").output
    assert out.startswith("Follow-up rules") and "thank-you-overdue" in out and "outcome-not-logged" in out
    assert "|" not in out and "`" not in out and "**" not in out and "\n## " not in out
    one = run("rules", "thank-you-overdue", "--format", "text").output
    assert one.startswith("thank-you-overdue\n-----------------\nSeverity: error   Thresholds: days: 2")


def test_rules_one_rule():
    result = run("rules", "thank-you-overdue")
    assert result.exit_code == 0
    assert result.output.startswith("## thank-you-overdue\n")
    assert "## referrer-thanks-overdue" not in result.output and "`days: 2`" in result.output
    assert "broken-link" in run("rules", "broken-link").output
    one_line_error(run("rules", "thank-you"), "unknown rule")


def test_commands_are_listed():
    out = run("--help").output
    assert "check" in out and "agenda" in out and "rules" in out


# -- CI for the user's vault --------------------------------------------------------


def test_the_workflow_template_runs_daily_and_on_push_with_annotations():
    from infoview.ci import workflow_template

    text = workflow_template()
    flow = yaml.safe_load(text)
    triggers = flow.get("on", flow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "push" in triggers and triggers["schedule"][0]["cron"]
    steps = [s.get("run", "") for s in flow["jobs"]["check"]["steps"]]
    assert any("infoview check" in s and "--format github" in s for s in steps)


def test_the_pre_commit_hook_runs_infoview_check():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    (hook,) = hooks
    assert hook["id"] == "infoview-check" and hook["entry"] == "infoview check"
    assert hook["pass_filenames"] is False and hook["language"] == "python"


def test_readme_shows_both_ci_files():
    readme = (REPO / "README.md").read_text()
    assert "--format github" in readme and "schedule:" in readme
    assert "id: infoview-check" in readme


def test_readme_rules_table_matches_the_registry():
    readme = (REPO / "README.md").read_text()
    for name, rule in RULES.items():
        assert f"| `{name}` | {rule.severity} |" in readme


def test_github_step_summary_is_appended_when_github_asks(tmp_path):
    summary_file = tmp_path / "summary.md"
    summary_file.write_text("earlier step\n")
    result = run(
        "check", str(EXAMPLE_VAULT), *TODAY, "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary_file)}
    )
    assert result.exit_code == 1
    text = summary_file.read_text()
    assert text.startswith("earlier step\n### infoview check: 4 errors, 4 warnings, 3 info")
    assert "| `vault/interviews/2026-11-20-simone-adeyemi.md:5` | error | `thank-you-overdue` |" in text
    assert len([ln for ln in text.splitlines() if ln.startswith("| `vault/")]) == len(EXPECTED)


# -- the console script ------------------------------------------------------------

CONSOLE_SCRIPT = [sys.executable, "-c", "from infoview.cli import run; run()"]  # what `pyproject.toml` installs


@pytest.mark.parametrize(
    ("args", "status", "last_line"),
    [
        (["check", "--today", "2026-11-03"], 0, "0 errors, 1 warning, 0 info (2 notes checked against 2026-11-03)"),
        (
            ["check", "--today", "2026-11-03", "--strict"],
            1,
            "0 errors, 1 warning, 0 info (2 notes checked against 2026-11-03)",
        ),
        (["check", "--today", "2026-13-01"], 2, None),
        (["check", "--help"], 0, None),
    ],
)
def test_the_console_script_exits_fast_with_the_commands_status_and_all_its_output(
    warning_vault, args, status, last_line
):
    """The script leaves without freeing the vault (``os._exit``): the status and every line printed must survive."""
    proc = subprocess.run(
        [*CONSOLE_SCRIPT, *args, "--vault", str(warning_vault)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == status, proc.stderr
    if last_line is not None:
        assert proc.stdout.splitlines()[-2:] == [last_line, "  no-referrals-asked 1"]
    elif status == 2:
        assert "2026-13-01" in proc.stderr and "Traceback" not in proc.stderr
    else:
        assert proc.stdout.startswith("Usage: ") and proc.stdout.rstrip().endswith("Show this message and exit.")


def test_the_console_script_prints_every_finding_of_a_big_vault_through_a_pipe(vault_dir):
    people = {
        f"contacts/p{i:03}.md": f"---\nname: Person {i}\nreferred_by: '[[Nobody {i}]]'\n---\n" for i in range(300)
    }
    proc = subprocess.run(
        [*CONSOLE_SCRIPT, "check", str(vault_dir(people)), "--today", "2026-11-03"], capture_output=True, check=False
    )
    lines = proc.stdout.decode().splitlines()
    assert proc.returncode == 1 and lines[-2:] == [  # 60 KiB of output, none of it lost
        "300 errors, 0 warnings, 0 info (300 notes checked against 2026-11-03)",
        "  broken-link 300",
    ]
    assert sum(" error broken-link: " in line for line in lines) == 300
