"""SQLite made to fold letters' case as PostgreSQL does, for development (`make run`) and the SQLite test run.

SQLite's LIKE — behind Django's `iexact`, `icontains`, `istartswith`, `iendswith` (and, by SQLite's own rule,
`contains`) — and its UPPER() and LOWER() know only ASCII letters: in the demo, searching «иванов» would not
find «Иванов», nor would a group typed «км-22» in an import file find «КМ-22», while production's PostgreSQL
finds both. Each new SQLite connection gets Unicode-aware versions of the three functions instead (SQLite lets
a connection replace its built-in `like()`, `upper()` and `lower()`). They are Python, so slower than SQLite's
own, and LIKE no longer uses an index: neither matters for a development database.
"""

import functools
import re

# Patterns compiled once each: a list page asks the same few patterns again and again.
PATTERNS = 1024


def like(pattern, value, escape=None):
    """`value LIKE pattern [ESCAPE escape]`, folding every alphabet's case: `%` any text, `_` a character."""
    if pattern is None or value is None or (escape is not None and len(escape) != 1):
        return None  # as SQLite: NULL in, NULL out (a bad escape is an error there; Django never sends one)
    return _compiled(str(pattern), escape).fullmatch(str(value)) is not None


@functools.lru_cache(maxsize=PATTERNS)
def _compiled(pattern: str, escape: str | None) -> re.Pattern:
    parts, characters = [], iter(pattern)
    for character in characters:
        if character == escape:
            parts.append(re.escape(next(characters, "")))
        elif character == "%":
            parts.append(".*")
        elif character == "_":
            parts.append(".")
        else:
            parts.append(re.escape(character))
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def upper(value):
    return value.upper() if isinstance(value, str) else value


def lower(value):
    return value.lower() if isinstance(value, str) else value


def fold_case(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: the connection's LIKE, UPPER() and LOWER() fold every alphabet."""
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.create_function("like", 2, like, deterministic=True)
    raw.create_function("like", 3, like, deterministic=True)
    raw.create_function("upper", 1, upper, deterministic=True)
    raw.create_function("lower", 1, lower, deterministic=True)
