package org.camgate.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.camgate.stream.StreamCounters;
import org.camgate.upstream.CameraState;
import org.camgate.upstream.CameraWatch;

/**
 * One camera's meters, labelled with its configured id (bounded: ids come from the configuration, never from
 * requests): its state (one series per state, 1 for the current one), signal loss, readers, bytes out, frames in
 * and dropped, reconnects. {@link #remove} takes them out of the registry again (a camera removed).
 */
public final class CameraMeters {
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();

    public CameraMeters(MeterRegistry registry, CameraWatch watch, StreamCounters counters) {
        this.registry = registry;
        String camera = watch.cameraId();
        for (CameraState state : CameraState.values()) {
            meters.add(Gauge.builder("camgate.camera.state", watch, w -> w.status().state() == state ? 1 : 0)
                    .description("1 for the camera's current state (connecting, playing, down, idle), else 0")
                    .tag("camera", camera).tag("state", state.wire()).register(registry));
        }
        meters.add(Gauge.builder("camgate.camera.signal.lost", watch, w -> w.status().signalLost() ? 1 : 0)
                .description("1 while the camera's signal-loss is open").tag("camera", camera).register(registry));
        meters.add(Gauge.builder("camgate.camera.readers", counters, StreamCounters::readers)
                .description("readers receiving the camera now").tag("camera", camera).register(registry));
        meters.add(FunctionCounter.builder("camgate.camera.bytes.out", counters, StreamCounters::bytesOut)
                .baseUnit("bytes").description("bytes sent to the camera's readers").tag("camera", camera)
                .register(registry));
        meters.add(FunctionCounter.builder("camgate.camera.frames.dropped", counters, StreamCounters::framesDropped)
                .description("frames not sent to slow readers").tag("camera", camera).register(registry));
        meters.add(FunctionCounter.builder("camgate.camera.frames.in", watch, CameraWatch::framesIn)
                .description("frames received from the camera").tag("camera", camera).register(registry));
        meters.add(FunctionCounter.builder("camgate.camera.reconnects", watch, CameraWatch::reconnects)
                .description("upstream sessions opened again after a failure or drop").tag("camera", camera)
                .register(registry));
        meters.add(FunctionCounter.builder("camgate.camera.signal.losses", watch, CameraWatch::signalLosses)
                .description("signal losses started").tag("camera", camera).register(registry));
    }

    public void remove() {
        meters.forEach(registry::remove);
        meters.clear();
    }
}
