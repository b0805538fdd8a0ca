"""URLs as they may be shown: a password in a URL (`http://alice:S3cr3t@host/`) never is."""

from __future__ import annotations

import re

# scheme://user:password@ or scheme://user@, anywhere in a text (an exception's message too)
_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?P<user>[^/?#@:\s'\"<>]*)(?::[^/?#\s'\"<>]*)?@")


def redact(text: str) -> str:
    """`text` with the password of every URL in it replaced by ***, the user name kept."""
    return _USERINFO.sub(lambda m: f"{m['scheme']}{m['user']}:***@", str(text))
