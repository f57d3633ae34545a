"""Lets `python -m generator` run the command line."""

from generator.cli import main

# Guarded: worker processes started by a fork server import the main module again.
if __name__ == "__main__":
    raise SystemExit(main())
