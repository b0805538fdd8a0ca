"""`scheduler risk`: each teacher dropping out in turn, replanned, and what it would cost."""
