"""Tests of HoloMat's 3D model server feature."""
