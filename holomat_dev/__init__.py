"""Real stand-ins for HoloMat's development, tests and benchmarks (never shipped to users).

Brokers, printer simulators and servers here speak the real wire protocols, so the integration is
exercised exactly as it is in a home.
"""
