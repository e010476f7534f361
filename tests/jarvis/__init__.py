"""Tests of JARVIS, HoloMat's conversation agent."""
