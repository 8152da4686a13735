"""The small items' pool widens while that finishes more items per second, and goes back one step when not."""

from __future__ import annotations

from objstore_tui.services.jobs.widening import Widening


class Pool:
    """A fake clock and the loops a Widening asked to start."""

    def __init__(self) -> None:
        self.now = 0.0
        self.started: list[int] = []

    def clock(self) -> float:
        return self.now

    def gate(self, start: int, ceiling: int, step: int) -> Widening:
        return Widening(start, ceiling, step, spawn=self.started.append, window=1.0, clock=self.clock)

    def finish(self, gate: Widening, items: int, seconds: float = 1.0) -> list[bool]:
        """``items`` items finished by loop 0 over ``seconds``, the last at its end; whether each loop goes on."""
        start = self.now
        for done in range(1, items + 1):
            self.now = start + seconds * done / items
            gate.keeps(0)
        return [gate.keeps(loop_id) for loop_id in range(max(gate.width, 16) + 1)][: gate.width + 1]


def test_the_width_grows_while_the_rate_rises_and_stops_at_the_ceiling() -> None:
    pool = Pool()
    gate = pool.gate(8, 16, 4)
    pool.finish(gate, 10)
    assert gate.width == 8 and pool.started == []  # a warm-up: connections open, nothing is measured
    pool.finish(gate, 100)
    assert gate.width == 12 and pool.started == [8, 9, 10, 11]  # the first measured window tries one step
    pool.finish(gate, 150)
    assert gate.width == 16 and pool.started == list(range(8, 16))
    pool.finish(gate, 250)
    pool.finish(gate, 10)  # settled at the ceiling: a slower window changes nothing
    assert gate.width == 16 and pool.started == list(range(8, 16))


def test_a_step_that_gains_less_than_a_fifth_goes_back_and_its_loops_end() -> None:
    pool = Pool()
    gate = pool.gate(8, 16, 4)
    pool.finish(gate, 10)
    pool.finish(gate, 100)
    assert gate.width == 12
    goes_on = pool.finish(gate, 115)  # 12 wide: +15%, within noise
    assert gate.width == 8 and goes_on == [True] * 8 + [False]
    pool.finish(gate, 500)  # settled
    assert gate.width == 8 and pool.started == [8, 9, 10, 11]


def test_a_step_clamped_at_the_ceiling_goes_back_to_the_width_before_it() -> None:
    pool = Pool()
    gate = pool.gate(8, 10, 4)
    pool.finish(gate, 10)
    pool.finish(gate, 100)
    assert gate.width == 10 and pool.started == [8, 9]
    pool.finish(gate, 90)
    assert gate.width == 8
