package org.camgate.onvif.snapshot;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.camgate.protocol.rtp.NalCodec;
import org.camgate.protocol.rtp.NalDepacketizer;
import org.camgate.protocol.sdp.MediaDescription;
import org.camgate.protocol.sdp.SessionDescription;
import org.camgate.stream.CameraStream;
import org.camgate.video.KeyframeJpeg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Snapshots from the camera streams' cached keyframes (H.264 or H.265). A camera nobody watches is pulled for the
 * time it takes to get a keyframe. At most {@code maxDecodes} decodes run at once, and a camera's
 * JPEG is reused for one second, so snapshot polling cannot eat the CPU.
 */
public final class StreamSnapshotSource implements SnapshotSource {
    private static final byte[] START = {0, 0, 0, 1};
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
            byte[] jpeg = decode(sdp, packets);
            recent.put(cameraId, jpeg);
            return jpeg;
        } finally {
            decodes.release();
        }
    }

    /** The keyframe's packets depacketized (H.264 or H.265, as the SDP's video says), behind the SDP's parameter sets. */
    static byte[] decode(String sdp, List<byte[]> packets) throws IOException {
        MediaDescription video = video(sdp);
        NalCodec codec = video.encoding().equals("H264") ? NalCodec.H264 : NalCodec.H265;
        List<ByteBuf> rtp = packets.stream().map(Unpooled::wrappedBuffer).toList();
        byte[] keyframe = new NalDepacketizer(codec).depacketize(rtp);
        if (keyframe.length == 0) {
            throw new IOException("the cached keyframe is incomplete");
        }
        // Cameras that do not repeat their parameter sets in band need those of the SDP; a repeat does no harm.
        ByteArrayOutputStream annexB = new ByteArrayOutputStream(keyframe.length + 256);
        for (byte[] nal : video.parameterSets()) {
            annexB.writeBytes(START);
            annexB.writeBytes(nal);
        }
        annexB.writeBytes(keyframe);
        return KeyframeJpeg.decode(annexB.toByteArray(), codec).jpeg();
    }

    /** The first H.264 or H.265 video section (the track whose keyframes are cached). */
    private static MediaDescription video(String sdp) throws IOException {
        try {
            for (MediaDescription m : SessionDescription.parse(sdp).media()) {
                if (m.type().equals("video") && (m.encoding().equals("H264") || m.encoding().equals("H265"))) {
                    return m;
                }
            }
        } catch (IllegalArgumentException e) {
            throw new IOException("unreadable SDP: " + e.getMessage(), e);
        }
        throw new IOException("no H.264 or H.265 video");
    }

    private static <T> T get(java.util.concurrent.CompletableFuture<T> f, long deadline)
            throws TimeoutException, InterruptedException, IOException {
        try {
            return f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("camera not available: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
