"""Every limit that keeps one bad file from hurting the one server process, in one place.

One Streamlit process serves every user, and `screen` may run unattended: sizes are checked
*before* a file is read or a numeral converted, and every piece of user text that is echoed in a
message is made safe (one line, no control characters, short). SECURITY.md lists these limits.
"""

from __future__ import annotations

import re
import unicodedata

# ----------------------------------------------------------------------------- profiles (JSON)
MAX_PROFILE_BYTES = 1 << 20          # a saved profile is ~3 KB; 1 MiB leaves room for long comments (page, link and CLI alike)

# ---------------------------------------------------------------------- client lists (JSON)
MAX_CLIENTS = 20                     # an advisor's meeting day; the sidebar list stays readable
MAX_WORKSPACE_BYTES = 1 << 20        # 20 saved profiles with their scenarios are ~100 KB

# ---------------------------------------------------------------------------------- numerals
MAX_NUMERAL_CHARS = 64               # "1,000,000,000,000.000001" is 24; 64 is generous and cheap
MAX_NUMERAL_EXPONENT = 15            # 10^15 and above exceed every bound (money ≤ 10^12)
MIN_NUMERAL_EXPONENT = -324          # the smallest a float64 holds (5e-324); 1e-1000000 is refused

# ------------------------------------------------------------------------------ lists (batch)
MAX_UPLOAD_MB = 50                   # the page's upload limit (.streamlit/config.toml maxUploadSize)
MAX_COLUMNS = 1024                   # the profile has fewer than 100 fields; a results file ~230 columns
MAX_HEADER_BYTES = 1 << 20           # the header line of a CSV
MAX_CELL_CHARS = 32_767              # Excel's own limit for one cell
MAX_XLSX_ENTRIES = 10_000            # parts in the zip archive
MAX_XLSX_UNCOMPRESSED = 160 << 20    # all parts together, as declared (and verified: size and CRC)
MAX_XLSX_SHARED_STRINGS = 64 << 20   # xl/sharedStrings.xml uncompressed
MAX_XLSX_CELLS = 5_000_000           # rows × columns of the range a sheet spans (what calamine allocates)
MAX_XLSX_ROWS = 1_048_576            # Excel's own limits
MAX_XLSX_COLUMNS = 16_384

# ----------------------------------------------------------------------------- echoing input
MAX_ECHO_CHARS = 40
MAX_MESSAGE_CHARS = 2000             # one stderr line, whatever a file holds

_CONTROL = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def has_surrogate(s: str) -> bool:
    """A lone surrogate (from a JSON escape such as "\\ud800") cannot be written as UTF-8."""
    try:
        s.encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True


def echo(value: object, limit: int = MAX_ECHO_CHARS) -> str:
    """User text quoted in a message: one line, no control or escape sequences, no lone
    surrogates, at most `limit` characters (then "…")."""
    s = value if isinstance(value, str) else str(value)
    if len(s) > limit * 4:
        s = s[: limit * 4]
    s = _CONTROL.sub(" ", s)
    if has_surrogate(s):
        s = s.encode("utf-8", "replace").decode("utf-8")
    s = unicodedata.normalize("NFC", s)
    return s if len(s) <= limit else s[: limit - 1] + "…"


def one_line(msg: str) -> str:
    """A whole message for the terminal: one line, safe, at most MAX_MESSAGE_CHARS."""
    return echo(msg, MAX_MESSAGE_CHARS)


def size_label(n: int) -> str:
    """A byte limit as people read it: 1048576 → "1 MB", 204800 → "200 KB"."""
    return f"{n >> 20} MB" if n >= 1 << 20 and n % (1 << 20) == 0 else f"{n // 1024} KB"


def numeral_too_long(s: str) -> bool:
    return len(s) > MAX_NUMERAL_CHARS


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=\"'&])")
# GFM turns bare "http://…", "www.…" and "a@b.cn" into links after escapes are resolved, so a
# backslash cannot stop it: an invisible WORD JOINER (U+2060) splits the pattern instead
_AUTOLINK = re.compile(r"(?i)https?:|www(?=\.)|@")
WORD_JOINER = "\u2060"


def markdown_literal(s: str) -> str:
    """User text inside a Streamlit message (st.error, st.warning, st.caption … render markdown):
    every markdown, HTML, LaTeX ($) and directive (:red[…], :material/…:) sign backslash-escaped, so
    `![x](http://evil.example/a.png)` shows as those characters and the browser fetches nothing;
    bare web and mail addresses get a WORD JOINER so they are not made into links either."""
    s = _AUTOLINK.sub(lambda m: m.group(0) + WORD_JOINER, s)
    return _MD_SPECIAL.sub(r"\\\1", s)
