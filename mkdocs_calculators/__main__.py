"""``mkdocs-calculators new NAME`` (or ``python -m mkdocs_calculators new NAME``): write a new calculator
(see :mod:`.scaffold`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from calculators.outputs import KINDS

from .scaffold import INPUT_KINDS, ScaffoldError, humanise, new_calculator, parse_spec

EXAMPLE = """\
example:
  mkdocs-calculators new stalled_pilot --title "Cost of a stalled pilot" \\
      --input monthly_team_cost:money --input months_stalled:months --input monthly_value:money \\
      --output spent_so_far:money --output value_foregone:money --output total_cost_of_delay:money:headline
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mkdocs-calculators", epilog=EXAMPLE,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    new = commands.add_parser("new", help="write a calculator's module, test and page", epilog=EXAMPLE,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    new.add_argument("name", help="the calculator's name, snake_case (its module and its id)")
    new.add_argument("--title", help="the page's title (default: from the name)")
    new.add_argument("--input", action="append", default=[], metavar="NAME:KIND",
                     help=f"an input; KIND is one of {', '.join(INPUT_KINDS)}")
    new.add_argument("--output", action="append", default=[], metavar="NAME:KIND[:headline]",
                     help=f"an output; KIND is one of {', '.join(KINDS)}")
    new.add_argument("--project", default=".", help="the folder of the site's mkdocs.yml (default: here)")
    new.add_argument("--folder", default="", help="where the module goes, relative to it (default: beside mkdocs.yml)")
    arguments = parser.parse_args(argv)
    try:
        inputs = [parse_spec(text, INPUT_KINDS, "input") for text in arguments.input]
        outputs = [parse_spec(text, KINDS, "output") for text in arguments.output]
        written = new_calculator(Path(arguments.project), arguments.name, arguments.title or humanise(arguments.name),
                                 inputs, outputs, folder=arguments.folder)
    except ScaffoldError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # a folder that cannot be written, a file that cannot be read: one line
        print(f"error: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    print(f"next: write the formula in run() of {written[0]}, then build the site")
    return 0


if __name__ == "__main__":
    sys.exit(main())
