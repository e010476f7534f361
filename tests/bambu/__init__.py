"""Tests of the HA-free BambuLab printer library."""
