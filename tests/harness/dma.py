"""Host-side traffic source that keeps guest NICs DMA-receiving.

Each guest NIC is backed by `-netdev socket,udp=127.0.0.1:A,localaddr=
127.0.0.1:B`: QEMU receives ethernet frames as UDP datagrams on B. We send
broadcast frames (accepted without promiscuous mode) at a fixed pace,
bounded in count and time, to 127.0.0.1 only.

Each frame carries its sequence number and the host time it was sent, in
ASCII, so the frames a device wrote into guest memory can be found in a
vmcore and dated (frames_in): a frame sent after time T reached memory
after T.
"""
import re
import socket
import threading
import time

HEADER = b"\xff" * 6 + b"\x52\x54\x00\xde\xad\x01" + b"\x88\xb5"  # local ethertype
PAYLOAD = b"PCIKDUMP-FRAME seq=%010d t=%017.6f "
_PAYLOAD = re.compile(rb"PCIKDUMP-FRAME seq=(\d{10}) t=(\d{10}\.\d{6}) ")


def frame(seq, sent):
    return HEADER + (PAYLOAD % (seq, sent)).ljust(200, b".")


def frames_in(data):
    """[(seq, host send time)] of the frames found in data."""
    return [(int(m.group(1)), float(m.group(2)))
            for m in _PAYLOAD.finditer(data)]


def free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class UdpFeeder:
    """One socket per NIC; .netdev(id) gives the QEMU -netdev argument."""

    def __init__(self, rate_hz=500, max_frames=200_000, max_seconds=300):
        self.rate_hz = rate_hz
        self.max_frames = max_frames
        self.max_seconds = max_seconds
        self.socks = []          # (our socket, QEMU's receive port)
        self.sent = 0
        self._stop = threading.Event()
        self._thread = None

    def netdev(self, netdev_id):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))          # QEMU sends its frames here
        ours = s.getsockname()[1]
        theirs = free_udp_port()          # QEMU listens here
        self.socks.append((s, theirs))
        return (f"socket,id={netdev_id},udp=127.0.0.1:{ours},"
                f"localaddr=127.0.0.1:{theirs}")

    def _run(self):
        deadline = time.monotonic() + self.max_seconds
        period = 1.0 / self.rate_hz
        while (not self._stop.is_set() and self.sent < self.max_frames
               and time.monotonic() < deadline):
            data = frame(self.sent, time.time())
            for s, port in self.socks:
                try:
                    s.sendto(data, ("127.0.0.1", port))
                except OSError:      # QEMU not listening (yet / any more)
                    pass
            self.sent += 1
            self._stop.wait(period)

    def start(self):
        if self.socks:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()

    def stop(self):
        self._stop.set()
        if self._thread:
            self._thread.join()
        for s, _ in self.socks:
            s.close()
