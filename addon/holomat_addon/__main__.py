"""Run the add-on's image → STL server: ``python -m holomat_addon``."""

from .server.main import main

main()
