"""Serve an X1-style RTSPS stream with GStreamer's RTSP server (run by Debian's Python 3).

Usage: ``/usr/bin/python3 rtsps_gst.py CERT_CHAIN KEY ACCESS_CODE [PORT [FRAME_JPEG]]``. Serves
``rtsps://bblp:<access code>@127.0.0.1:<port>/streaming/live/1`` (OpenBambuAPI ``video.md``):
TLS with the printer's certificate, Basic authentication of user ``bblp``, H.264 (as X1 printers
send) interleaved on the TLS connection, made from ``FRAME_JPEG`` (re-read for every frame, so
the parent redraws the picture by replacing the file) or else GStreamer's test pattern. Prints
``PORT <n>`` once listening, then runs until killed. Needs Debian's ``python3-gi``,
``gir1.2-gst-rtsp-server-1.0``, ``gstreamer1.0-rtsp`` and ``gstreamer1.0-plugins-{base,good,
ugly}`` (``x264enc``): the development virtualenv cannot import ``gi``, hence a separate process
(``holomat_dev.rtsps_server`` starts it).
"""

# ruff: noqa: T201
# mypy: ignore-errors

import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import Gio, GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

TEST_PATTERN = (
    "videotestsrc is-live=true pattern=ball ! video/x-raw,width=1280,height=720,framerate=5/1"
)
FROM_FILE = "multifilesrc location={} loop=true caps=image/jpeg,framerate=5/1 ! jpegdec"
ENCODE = (
    " ! videoconvert ! video/x-raw,format=I420"
    " ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=5"
    " ! rtph264pay name=pay0 pt=96 config-interval=1"
)
ROLE = "printer-user"


def main() -> None:
    """Serve until killed."""
    chain, key, access_code = sys.argv[1:4]
    port = sys.argv[4] if len(sys.argv) > 4 else "0"
    source = FROM_FILE.format(sys.argv[5]) if len(sys.argv) > 5 else TEST_PATTERN
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(port)

    auth = GstRtspServer.RTSPAuth()
    auth.set_tls_certificate(Gio.TlsCertificate.new_from_files(chain, key))
    token = GstRtspServer.RTSPToken()
    token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, ROLE)
    auth.add_basic(GstRtspServer.RTSPAuth.make_basic("bblp", access_code), token)
    server.set_auth(auth)

    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(f"( {source}{ENCODE} )")
    factory.set_shared(True)
    factory.set_protocols(GstRtsp.RTSPLowerTrans.TCP)
    factory.set_profiles(GstRtsp.RTSPProfile.AVP)
    factory.add_role_from_structure(
        Gst.Structure.from_string(
            f"{ROLE}, media.factory.access=(boolean)true, media.factory.construct=(boolean)true"
        )[0]
    )
    server.get_mount_points().add_factory("/streaming/live/1", factory)
    if server.attach(None) == 0:
        print("ERROR cannot listen", flush=True)
        sys.exit(1)
    print(f"PORT {server.get_bound_port()}", flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
