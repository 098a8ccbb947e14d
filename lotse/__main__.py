"""The `lotse` command line: `lotse precheck`, `lotse route`, `lotse audit verify`, `lotse deadline`.

Each subcommand lives in its app's `cli.py` with a `main(argv) -> int`; they are imported lazily so
that `lotse precheck` runs without Django.
"""

import importlib
import sys

SUBCOMMANDS = {
    "precheck": "lotse.precheck.cli",
    "route": "lotse.routing.cli",
    "audit": "lotse.cases.cli",
    "deadline": "lotse.deadlines.cli",
}

USAGE = "usage: lotse {precheck,route,audit,deadline} ...\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in SUBCOMMANDS:
        sys.stderr.write(USAGE)
        return 2
    module = importlib.import_module(SUBCOMMANDS[args[0]])
    return module.main(args[1:])


if __name__ == "__main__":
    sys.exit(main())
