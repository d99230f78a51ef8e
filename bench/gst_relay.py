#!/usr/bin/python3
"""GStreamer RTSP relay of one camera, the reference peer for bench/fanout.sh.

GstRtspServer serves one *shared* media (one upstream session for all readers, like camgate)
on 127.0.0.1, TCP interleaved only. The media pulls the camera with rtspsrc over TCP.

--mode passthrough (default): the camera's RTP packets are forwarded as they are
    ( rtspsrc ! identity name=pay0 ): no depayloading, no re-packetizing, so GStreamer does
    the same work as camgate (receive, fan out, send). GstRTSPStream only needs an element
    named pay0 whose source pad carries application/x-rtp caps.
--mode repay: ( rtspsrc ! rtph264depay ! rtph264pay name=pay0 config-interval=-1 ), the
    textbook relay, which rebuilds every packet.

Prints "ready rtsp://127.0.0.1:PORT/PATH" once listening (port 0 = any free port);
runs until SIGTERM or SIGINT. Use Debian's /usr/bin/python3 (python3-gi, gir1.2-gst-rtsp-server-1.0).
"""
import argparse
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

PIPELINES = {
    "passthrough": "( rtspsrc location={url} latency=0 protocols=tcp ! identity name=pay0 )",
    "repay": "( rtspsrc location={url} latency=0 protocols=tcp ! rtph264depay"
             " ! rtph264pay name=pay0 pt=96 config-interval=-1 )",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--camera", required=True, help="camera RTSP URL")
    parser.add_argument("--port", type=int, default=0, help="listen port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--path", default="/cam", help="mount path (default /cam)")
    parser.add_argument("--mode", choices=sorted(PIPELINES), default="passthrough")
    parser.add_argument("--backlog", type=int, default=1024, help="listen backlog (GStreamer's default is 5)")
    args = parser.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    server.set_backlog(args.backlog)
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(PIPELINES[args.mode].format(url=args.camera))
    factory.set_shared(True)
    factory.set_protocols(GstRtsp.RTSPLowerTrans.TCP)
    server.get_mount_points().add_factory(args.path, factory)
    if server.attach(None) == 0:
        print("gst_relay: cannot listen on 127.0.0.1:%d" % args.port, file=sys.stderr)
        return 1

    loop = GLib.MainLoop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_HIGH, sig, loop.quit)
    print("ready rtsp://127.0.0.1:%d%s (%s)" % (server.get_bound_port(), args.path, args.mode), flush=True)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
