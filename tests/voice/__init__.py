"""Tests of the JARVIS voice pipeline against the add-on's real Wyoming server."""
