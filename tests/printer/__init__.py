"""Tests of the printer feature in a real Home Assistant, against a real broker."""
