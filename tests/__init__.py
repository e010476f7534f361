"""Tests for the HoloMat integration."""
