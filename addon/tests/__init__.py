"""Tests for the HoloMat add-on."""
