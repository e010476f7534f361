"""Tests of HoloMat's dashboard cards: the committed bundle, its registration, a real browser."""
