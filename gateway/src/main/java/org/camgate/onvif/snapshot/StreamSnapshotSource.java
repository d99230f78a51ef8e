package org.camgate.onvif.snapshot;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.camgate.stream.CameraStream;

import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Snapshots from the camera streams' cached keyframes. A camera nobody watches is pulled for the
 * time it takes to get a keyframe. At most {@code maxDecodes} decodes run at once, and a camera's
 * JPEG is reused for one second, so snapshot polling cannot eat the CPU.
 */
public final class StreamSnapshotSource implements SnapshotSource {
    private final Map<String, CameraStream> streams;
    private final Duration wait;
    private final Semaphore decodes;
    private final Cache<String, byte[]> recent = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(1))
            .maximumSize(1024).build();

    public StreamSnapshotSource(Map<String, CameraStream> streams, Duration wait, int maxDecodes) {
        this.streams = Map.copyOf(streams);
        this.wait = wait;
        this.decodes = new Semaphore(maxDecodes);
    }

    @Override
    public byte[] jpeg(String cameraId) throws IOException, TimeoutException, InterruptedException {
        byte[] cached = recent.getIfPresent(cameraId);
        if (cached != null) {
            return cached;
        }
        CameraStream stream = streams.get(cameraId);
        if (stream == null) {
            throw new IOException("unknown camera " + cameraId);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        String sdp;
        List<byte[]> packets;
        stream.acquire();
        try {
            sdp = get(stream.describe(), deadline).readerSdp();
            packets = get(stream.keyframePackets(), deadline);
            while (packets.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("no keyframe from the camera within " + wait.toSeconds() + " s");
                }
                Thread.sleep(50);
                packets = get(stream.keyframePackets(), deadline);
            }
        } finally {
            stream.release();
        }
        if (!decodes.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("too many snapshots being decoded");
        }
        try {
            byte[] jpeg = JpegSnapshots.fromAnnexB(H264Depacketizer.annexB(parameterSets(sdp), packets));
            recent.put(cameraId, jpeg);
            return jpeg;
        } finally {
            decodes.release();
        }
    }

    private static <T> T get(java.util.concurrent.CompletableFuture<T> f, long deadline)
            throws TimeoutException, InterruptedException, IOException {
        try {
            return f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("camera not available: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** SPS and PPS from the SDP's sprop-parameter-sets (cameras that do not repeat them in-band need them). */
    static List<byte[]> parameterSets(String sdp) {
        for (String line : sdp.split("\r?\n")) {
            int at = line.indexOf("sprop-parameter-sets=");
            if (line.startsWith("a=fmtp:") && at > 0) {
                String value = line.substring(at + 21).split(";")[0].trim();
                try {
                    return java.util.Arrays.stream(value.split(",")).map(s -> Base64.getDecoder().decode(s.trim())).toList();
                } catch (IllegalArgumentException e) {
                    return List.of();
                }
            }
        }
        return List.of();
    }
}
