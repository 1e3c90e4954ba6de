"""``python -m coalitions``: the command line (see :mod:`coalitions.cli`)."""

from coalitions.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
