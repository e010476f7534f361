"""Tests of the STL to .gcode.3mf slicing."""
