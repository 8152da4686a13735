"""The job screen's own rules, with jobs made for the test: a cancel while planning changes nothing, a
declined question runs nothing, a failed plan is said on the screen."""

from __future__ import annotations

import threading

from textual.widgets import Static

from objstore_tui.object_store import ObjectStoreError
from objstore_tui.services.jobs import Conflict, JobReport, Outcome, check_cancel, run_job
from objstore_tui.tui.dialogs.confirm import Choice, ConfirmDialog
from objstore_tui.tui.dialogs.job import Job, JobScreen
from tests.helpers import notified

from .conftest import SIZE, DialogApp, text_of, wait_for, wait_screen


def job(plan, ran: list[Conflict], ask=None) -> Job[list[str]]:
    def run(plan: list[str], conflict: Conflict, cancel: threading.Event, listener) -> JobReport[str, None]:
        ran.append(conflict)
        return run_job(plan, lambda item, context: None, cancel=cancel, on_progress=listener)

    return Job(
        title="Test job",
        plan=plan,
        run=run,
        describe=lambda plan: f"Doing {len(plan)}",
        summary=lambda plan, report: report.summary("done"),
        **({"ask": ask} if ask else {}),
    )


async def test_a_cancel_while_planning_changes_nothing_and_says_so() -> None:
    started = threading.Event()
    ran: list[Conflict] = []

    def slow_plan(cancel: threading.Event) -> list[str]:
        started.set()
        cancel.wait(10)
        check_cancel(cancel)
        return ["never"]

    app = DialogApp(JobScreen(job(slow_plan, ran)))
    async with app.run_test(notifications=True, size=SIZE) as pilot:
        await wait_screen(pilot, JobScreen)
        await wait_for(pilot, started.is_set)
        await pilot.press("c")
        await wait_for(pilot, lambda: app.dismissed)
        await wait_for(pilot, lambda: bool(notified(app)))
        assert [text.partition("\n")[2] for text in notified(app)] == ["Cancelled before anything was changed."]
    assert app.result is None and ran == []


async def test_the_answer_to_the_question_is_the_jobs_policy_and_no_answer_runs_nothing() -> None:
    def ask(plan: list[str]) -> ConfirmDialog:
        return ConfirmDialog("Exists", "a exists", [Choice(Conflict.SKIP.value, "Skip", key="s")])

    for key, expected in (("s", [Conflict.SKIP]), ("escape", [])):
        ran: list[Conflict] = []
        app = DialogApp(JobScreen(job(lambda cancel: ["a"], ran, ask)))
        async with app.run_test(size=SIZE) as pilot:
            await wait_screen(pilot, ConfirmDialog)
            await pilot.press(key)
            await wait_for(pilot, lambda app=app: app.dismissed)
        assert ran == expected
        if expected:
            assert [r.outcome for r in app.result.results] == [Outcome.DONE]
        else:
            assert app.result is None


async def test_a_failed_plan_is_said_on_the_screen_and_runs_nothing() -> None:
    ran: list[Conflict] = []

    def failing_plan(cancel: threading.Event) -> list[str]:
        raise ObjectStoreError("listing failed: access denied\x1b[31m", bucket="b")

    screen = JobScreen(job(failing_plan, ran))
    app = DialogApp(screen)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: screen.has_class("-finished"))
        told = text_of(screen.query_one("#job-plan", Static))
        assert told.startswith("Cannot start: ") and "access denied" in told and "\x1b" not in told
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.dismissed)
    assert app.result is None and ran == []
