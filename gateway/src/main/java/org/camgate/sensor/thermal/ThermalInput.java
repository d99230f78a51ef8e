package org.camgate.sensor.thermal;

import io.netty.buffer.ByteBuf;
import java.time.Instant;
import org.camgate.sensor.common.DetectionSink;
import org.camgate.sensor.common.FramedInput;
import org.camgate.sensor.common.PacketException;
import org.camgate.sensor.common.PacketResult;

/** Thermal datagrams reassembled into frames for the {@link ThermalDetector}. */
public final class ThermalInput extends FramedInput {
    private final ThermalSettings config;
    private ThermalDetector detector;
    private short[] pixels = new short[0];
    private int width;
    private int height;
    private long frameId = -1;

    public ThermalInput(ThermalSettings config) {
        super(ThermalKind.NAME, "pixels");
        this.config = config;
        this.detector = new ThermalDetector(config);
    }

    @Override
    public void onDatagram(ByteBuf payload, Instant now, DetectionSink sink) throws PacketException {
        ThermalPacket p = ThermalPacket.header(payload);
        int total = p.width * p.height;
        if (p.frameId == frameId && (p.width != width || p.height != height)) {
            throw new PacketException(PacketResult.MALFORMED, "thermal frame " + p.frameId + " changed its size");
        }
        offer(p.frameId, p.offset, p.count, total);
        if (pixels.length < total) {
            pixels = new short[total];
        }
        frameId = p.frameId;
        width = p.width;
        height = p.height;
        int at = payload.readerIndex() + ThermalPacket.HEADER;
        for (int i = 0; i < p.count; i++) {
            pixels[p.offset + i] = payload.getShortLE(at + i * 2);
        }
        if (frameComplete()) {
            detector.onFrame(new ThermalFrame(width, height, pixels), now, sink);
        }
    }

    @Override
    public void forgetDetections() {
        detector = new ThermalDetector(config);
    }

    @Override
    protected void resetFrame() {
        frameId = -1;
        detector.reset();
    }
}
