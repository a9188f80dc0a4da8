"""Bot players: sensible, deterministic, and bound by the same rules as people.

Every bot sails the VMG autopilot with its own layline fraction (drawn from
the race seed), so the fleet spreads over the course as a human fleet does,
and with its own skill (`simulation.bot_skills`): its trim and helm, which
the tick applies, so bots finish in a spread that follows their skill.
The autopilot keeps every boat, bot or not, off the coast (`steering`); a
bot that runs aground anyway (on a wind-angle order of its own) looks
around: of eight headings it picks the one whose next few miles are clear of
land and make the best VMG to the mark, holds it for a while, then returns to
VMG. Its orders go through `Race.order` and into the log like anyone's, so
replays need no bot code.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from calanque.race.geo import local_bearing, rhumb_step
from calanque.race.simulation import Race, bot_fractions

__all__ = ["Bots"]

ESCAPE_TWA = np.array([-150, -110, -75, -50, 50, 75, 110, 150], np.float32)


class Bots:
    """Drive the bots of `race` (`race.n_bots` boats, when the configuration says `bots`).

    `act` costs one pass over the fleet (which bots ran aground) and, for those few, a
    batch of exact land tests and two logged orders each; everything else a bot does,
    its skill included, happens in the tick.
    """

    def __init__(self, race: Race, probe_nm: float = 6.0, hold_s: float = 7200.0) -> None:
        self.race, self.probe_nm, self.hold_s = race, probe_nm, hold_s
        self.fraction = bot_fractions(race.config)
        # After a crash, orders a bot already logged past the checkpoint are not issued
        # twice: the (tick, boat) pairs of the log, as sorted keys tick * n + boat; and the
        # tick of each bot's last orders, so that acting twice in a tick does nothing.
        n = race.config.n_boats
        book = race.orders
        bot = book.column("bot")
        self._logged = np.unique(book.column("tick")[bot] * n + book.column("boat")[bot])
        self._last = np.full(n, -1, np.int64)
        self._grid = race.land._grid(max(0.15, probe_nm / 60.0 / np.cos(np.deg2rad(47.0))))

    def act(self) -> int:
        """Issue this tick's orders; return how many boats were given new orders."""
        race = self.race
        st = race.state
        if not race.config.bots:
            return 0
        boats = np.flatnonzero(st.grounded[: race.n_bots] & ~st.finished[: race.n_bots])
        boats = boats[self._last[boats] != st.tick]
        if boats.size and self._logged.size and st.tick * len(st.lat) <= self._logged[-1]:
            boats = boats[~np.isin(st.tick * len(st.lat) + boats, self._logged)]
        if boats.size == 0:
            return 0
        twa = self._escape_twa(boats)
        self._last[boats] = st.tick
        back = st.t + self.hold_s
        for b, a in zip(boats.tolist(), twa.tolist(), strict=True):
            # Hold a wind angle, then return to VMG with the bot's own layline fraction.
            race.order(b, "twa", a, bot=True)
            race.order(b, "vmg", float(self.fraction[b]), at_time=back, bot=True)
        return int(boats.size)

    def _escape_twa(self, boats: NDArray) -> NDArray[np.float32]:
        """Best clear escape TWA per grounded boat, shape (k,), degrees."""
        race, st = self.race, self.race.state
        k, m = boats.size, ESCAPE_TWA.size
        tws, twd = race.wind.sample(st.lat[boats], st.lon[boats], st.t)
        lat = np.repeat(st.lat[boats], m)
        lon = np.repeat(st.lon[boats], m)
        twa = np.tile(ESCAPE_TWA, k)
        heading = np.repeat(twd, m) - twa  # positive TWA: wind on starboard
        lat1, lon1 = rhumb_step(lat, lon, heading, np.full(k * m, self.probe_nm, np.float32))
        hit = race.land.first_hit(lat, lon, lat1, lon1, self._grid)
        c = race.course
        nm = np.repeat(st.next_mark[boats], m)
        brg = local_bearing(lat, lon, c.target_lat[nm], c.target_lon[nm])
        vmg = race.polar.speed(twa, np.repeat(tws, m)) * np.cos(np.deg2rad(heading - brg))
        # Clear headings first, then by VMG to the mark; if all are blocked, the freest.
        score = np.where(np.isfinite(hit), hit - 1e3, vmg).reshape(k, m)
        return ESCAPE_TWA[np.argmax(score, axis=1)]
