"""Tests of HoloMat's intents, sentences and printer names."""
