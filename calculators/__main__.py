"""The command line: ``python -m calculators readiness|roi [--input FILE|-] [--schema]``.

This is the package's only module that does I/O. It reads a JSON payload,
hands it to :func:`calculators.api.run` and prints the envelope as JSON.
Exit status: 0 when the result is ok, 2 when the input is not valid (the
reasons are in the printed JSON, as ``errors``), including input that cannot
be read or is not JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Sequence, TextIO

from . import api

EXIT_OK = 0
EXIT_INVALID = 2

EXAMPLES = """\
examples:
  python -m calculators readiness                       score the schema's example answers
  python -m calculators readiness --input answers.json  score your own answers
  echo '{"answers": {"base_recorded": 1}}' | python -m calculators readiness --input -
  python -m calculators roi --schema                    the inputs, ranges and defaults of the ROI calculator
  python -m calculators roi --input case.json            with "discounting": "mid_year" in case.json for mid-year

Output is JSON: {"ok": true, "result": {...}} or {"ok": false, "errors": [{"field", "message"}]}.
Exit status: 0 ok, 2 invalid input (the errors are in the JSON).
"""


class InputError(Exception):
    """The input could not be read or parsed; the message says why, in plain English."""


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m calculators",
        description="Run a calculator on a JSON payload and print the result as JSON.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("calculator", choices=api.names(), help="which calculator to run")
    what = parser.add_mutually_exclusive_group()
    what.add_argument(
        "--input",
        metavar="FILE|-",
        help="JSON payload to run; '-' reads standard input. Without it, the schema's example defaults are used.",
    )
    what.add_argument("--schema", action="store_true", help="print the calculator's input schema instead of running it")
    return parser.parse_args(argv)


def load_payload(source: str, stdin: TextIO) -> Any:
    """The JSON value in file ``source`` (``-`` for ``stdin``); raises :class:`InputError`."""
    name = "standard input" if source == "-" else source
    subject = "Standard input" if source == "-" else source
    try:
        if source == "-":
            raw = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read()
        else:
            with open(source, "rb") as handle:
                raw = handle.read()
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        raise InputError(f"Cannot read {name}: it is not UTF-8 text.") from None
    except OSError as error:
        raise InputError(f"Cannot read {name}: {error.strerror or error}.") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise InputError(f"{subject} is not valid JSON: {error.msg} at {where}.") from None
    except RecursionError:
        raise InputError(f"{subject} is nested too deeply to read.") from None


def emit(value: dict, out: TextIO) -> None:
    out.write(json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False) + "\n")


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Run the command line; returns the exit status.

    >>> import io
    >>> out = io.StringIO()
    >>> main(["readiness", "--input", "-"], stdin=io.StringIO('{"answers": {"own_time": 9}}'), stdout=out)
    2
    >>> print(out.getvalue().strip())
    {
      "ok": false,
      "errors": [
        {
          "field": "answers.own_time",
          "message": "Question own_time: must be from 0 to 4; got 9."
        }
      ]
    }
    """
    arguments = parse_arguments(argv)
    stdin = sys.stdin if stdin is None else stdin
    stdout = sys.stdout if stdout is None else stdout
    if arguments.schema:
        emit(api.schema(arguments.calculator), stdout)
        return EXIT_OK
    if arguments.input is None:
        payload = api.schema(arguments.calculator)["defaults"]
    else:
        try:
            payload = load_payload(arguments.input, stdin)
        except InputError as error:
            emit({"ok": False, "errors": [{"field": "input", "message": str(error)}]}, stdout)
            return EXIT_INVALID
    response = api.run(arguments.calculator, payload)
    emit(response, stdout)
    return EXIT_OK if response["ok"] else EXIT_INVALID


if __name__ == "__main__":
    sys.exit(main())
