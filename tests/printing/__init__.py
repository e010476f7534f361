"""Tests of printing: files and models sent to the printer, and the end of a print told."""
