"""Tests of the development stand-ins (broker, printer simulator): no Home Assistant."""
