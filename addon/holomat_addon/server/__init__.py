"""The add-on's HTTP server: image → STL jobs, health, info."""
