"""Virtual sailing race engine: a pure-numpy core with no web or CLI imports.

Modules, one concept each: `polar` (boat speed tables), `wind` / `grib` /
`scenarios` (wind fields), `land` (coastline raster and exact tests), `geo`
(rhumb lines, great circles), `course`, `orders`, `steering`, `penalties`,
`ranking`, `simulation` (the tick), `store` (SQLite), `bots`, `demo`.
"""

from calanque.race.config import RaceConfig
from calanque.race.course import Course, Mark
from calanque.race.demo import demo_course
from calanque.race.land import load_land
from calanque.race.polar import load_polar
from calanque.race.simulation import Race

__all__ = ["Course", "Mark", "Race", "RaceConfig", "demo_course", "load_land", "load_polar"]
