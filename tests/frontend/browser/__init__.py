"""HoloMat's cards in a real browser against a real Home Assistant."""
