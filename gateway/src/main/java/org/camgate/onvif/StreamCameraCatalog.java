package org.camgate.onvif;

import org.camgate.gate.Gate;
import org.camgate.stream.CameraStream;
import org.camgate.stream.StreamDescription;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's camera streams as an ONVIF catalog. Video parameters come from the camera's SDP:
 * the first question about a camera asks its stream for a description (which reaches the camera
 * once) and remembers the answer; later calls answer from memory at once.
 */
public final class StreamCameraCatalog implements CameraCatalog {
    private final Map<String, CameraStream> streams;
    private final Map<String, Gate> gates;
    private final Duration firstLookupWait;
    private final Map<String, VideoInfo> known = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<StreamDescription>> pending = new ConcurrentHashMap<>();

    /**
     * @param firstLookupWait how long a call waits for a camera never reached before answering with what is known
     */
    public StreamCameraCatalog(Map<String, CameraStream> streams, Map<String, Gate> gates, Duration firstLookupWait) {
        this.streams = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(streams)); // keeps configuration order
        this.gates = Map.copyOf(gates);
        this.firstLookupWait = firstLookupWait;
    }

    @Override
    public List<String> cameraIds() {
        return new ArrayList<>(streams.keySet());
    }

    @Override
    public VideoInfo video(String cameraId) {
        VideoInfo info = known.get(cameraId);
        if (info != null) {
            return info;
        }
        CameraStream stream = streams.get(cameraId);
        if (stream == null) {
            return VideoInfo.UNKNOWN;
        }
        CompletableFuture<StreamDescription> lookup = pending.computeIfAbsent(cameraId, id -> {
            CompletableFuture<StreamDescription> f = stream.describe();
            f.whenComplete((d, e) -> {
                if (d != null) {
                    known.put(id, VideoInfoParser.parse(d));
                }
                pending.remove(id);
            });
            return f;
        });
        try {
            lookup.get(firstLookupWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // not reachable yet: answer with what is known
        }
        return known.getOrDefault(cameraId, VideoInfo.UNKNOWN);
    }

    @Override
    public boolean gateOpen(String cameraId) {
        Gate gate = gates.get(cameraId);
        return gate == null || gate.isOpen();
    }
}
