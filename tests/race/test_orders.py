"""Orders: the rules every player shares, and clear refusals that leave the race untouched."""

from __future__ import annotations

import numpy as np
import pytest

from calanque.race.orders import OrderError


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((99, "heading", 90.0), {}, "no boat 99"),
        ((-1, "heading", 90.0), {}, "no boat -1"),
        ((0, "turbo", 1.0), {}, "unknown mode"),
        ((0, "heading", 360.0), {}, "outside 0..360"),
        ((0, "twa", -181.0), {}, "outside -180..180"),
        ((0, "vmg", 0.0), {}, "layline fraction"),
        ((0, "twa", float("nan")), {}, "finite"),
        ((0, "heading", 10.0), {"at_time": 0.0}, "in the past"),
        ((0, "heading", 10.0), {"at_mark": 2}, "not a mark to round"),
        ((0, "heading", 10.0), {"at_mark": 0, "at_time": 9e9}, "not both"),
    ],
)
def test_orders_outside_the_rules_are_refused(make_race, args, kwargs, message) -> None:
    race = make_race(n_boats=3)
    race.run(2)
    before = {k: v.copy() for k, v in race.state.arrays().items()}
    with pytest.raises(OrderError, match=message):
        race.order(*args, **kwargs)
    assert race.orders.log == []
    for k, v in race.state.arrays().items():
        np.testing.assert_array_equal(v, before[k])


def test_finished_boats_take_no_orders(make_race) -> None:
    race = make_race(n_boats=2)
    race.state.finished[1] = True
    with pytest.raises(OrderError, match="has finished"):
        race.order(1, "twa", 90.0)


def test_time_and_mark_triggers(make_race) -> None:
    race = make_race(n_boats=3, bots=False)
    race.order(0, "heading", 200.0, at_time=1800.0)
    race.order(1, "twa", -120.0, at_mark=1)
    race.order(2, "heading", 100.0)
    race.order(2, "heading", 110.0)  # the later order wins
    race.run(1)
    assert race.state.heading[2] == pytest.approx(110.0)
    assert race.state.mode[0] == 2  # still VMG until 1800 s
    race.run(3)
    assert race.state.heading[0] == pytest.approx(-160.0)  # 200° true
    assert race.state.mode[1] == 2  # mark 1 not rounded yet
    race.state.next_mark[1] = 2  # pretend boat 1 rounded Porquerolles
    race.run(1)
    assert race.state.mode[1] == 1 and race.state.value[1] == pytest.approx(-120.0)
    assert len(race.orders.pending()) == 0
