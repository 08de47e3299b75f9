#!/usr/bin/env sh
# Prints the path of the Python interpreter for the project's virtual environment.
# Prefers 3.13, the Python of the pinned Pyodide runtime: a build on it ships bytecode to the
# browser (mkdocs_calculators/bundle.py). Otherwise any Python >= 3.12 (pyodide-build needs it).
# Order: $PYTHON, then 3.13 on PATH or under pyenv, then python3.12/python3 on PATH or pyenv's.
RUNTIME_PYTHON=3.13
is() { "$1" -c "import sys; sys.exit(0 if sys.version_info[:2] $2 else 1)" 2>/dev/null; }
pick() {  # $1: the version test, for example "== (3, 13)"
  for candidate in python$RUNTIME_PYTHON python3.12 python3; do
    path=$(command -v "$candidate" 2>/dev/null) || continue
    if is "$path" "$1"; then echo "$path"; return 0; fi
  done
  for path in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3; do
    if [ -x "$path" ] && is "$path" "$1"; then echo "$path"; return 0; fi
  done
  return 1
}
SAME="== ($(echo $RUNTIME_PYTHON | tr . ,))"  # the version test for the runtime's Python
NOTE="note: not Python $RUNTIME_PYTHON: the site will ship Python source to the browser (slower start)."
if [ -n "${PYTHON:-}" ]; then
  if path=$(command -v "$PYTHON" 2>/dev/null) && is "$path" ">= (3, 12)"; then
    is "$path" "$SAME" || echo "$NOTE" >&2
    echo "$path"
    exit 0
  fi
  echo "error: PYTHON=$PYTHON is not a Python 3.12 or newer." >&2
  exit 1
fi
pick "$SAME" && exit 0
if pick ">= (3, 12)"; then
  echo "$NOTE" >&2
  exit 0
fi
echo "error: Python 3.12 or newer is required (pyodide-build needs it), and none was found." >&2
echo "       Install Python $RUNTIME_PYTHON (for example 'pyenv install $RUNTIME_PYTHON') or point PYTHON at one: make PYTHON=/path/to/python$RUNTIME_PYTHON serve" >&2
exit 1
