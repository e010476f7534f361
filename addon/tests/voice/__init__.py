"""Tests of the Wyoming voice server."""
