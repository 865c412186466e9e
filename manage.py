#!/usr/bin/env python
"""Kept for habit; `profcluster <command>` does the same once the package is installed."""

from profcluster.__main__ import main

if __name__ == "__main__":
    main()
