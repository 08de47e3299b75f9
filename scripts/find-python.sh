#!/usr/bin/env sh
# Prints the path of a Python >= 3.12 interpreter, or explains what is missing.
# Order: $PYTHON, then python3.13/python3.12/python3 on PATH, then pyenv's versions.
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }
for candidate in "${PYTHON:-}" python3.13 python3.12 python3; do
  [ -n "$candidate" ] || continue
  path=$(command -v "$candidate" 2>/dev/null) || continue
  if ok "$path"; then echo "$path"; exit 0; fi
done
for path in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3; do
  if [ -x "$path" ] && ok "$path"; then echo "$path"; exit 0; fi
done
echo "error: Python 3.12 or newer is required (pyodide-build needs it), and none was found." >&2
echo "       Install one (for example 'pyenv install 3.12') or point PYTHON at it: make PYTHON=/path/to/python3.12 serve" >&2
exit 1
