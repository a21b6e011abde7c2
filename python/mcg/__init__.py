"""mcg: Python helpers over the mcg tools (Debian's python3 + numpy)."""
