"""Image → printable STL: image loading, CPU methods, printability checks, preview renderer."""
