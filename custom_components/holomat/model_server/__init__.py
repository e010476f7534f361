"""3D model servers (the HoloMat add-on) in Home Assistant."""
