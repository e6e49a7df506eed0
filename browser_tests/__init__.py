"""Browser tests: Debian's Chromium against the real Home Assistant of scripts/develop."""
