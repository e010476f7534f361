"""HoloMat add-on: image to printable STL and speech services for Home Assistant."""

__version__ = "0.1.0"
