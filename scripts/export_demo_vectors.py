"""Ship the demo passages' vectors with a pack, so `make run` does not embed them again.

Run after editing a pack's corpus or the chunking:
    python scripts/export_demo_vectors.py [PACK] [--home DIR]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from calanque.config import Settings
from calanque.engine import Engine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pack", nargs="?", default="aix-marseille-provence")
    parser.add_argument("--home", type=Path, default=None, help="reuse a built index")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="calanque-export-"))
    engine = Engine(Settings.load({"home": home, "pack": args.pack}))
    report = engine.build_demo()
    print(f"{report.chunks} chunks written, {report.embedded} embedded")
    print(f"wrote {engine.export_demo_vectors()}")


if __name__ == "__main__":
    main()
