package org.camgate.sensor.thermal;

import io.netty.buffer.ByteBuf;
import java.time.Instant;
import org.camgate.sensor.common.DetectionSink;
import org.camgate.sensor.common.FramedInput;
import org.camgate.sensor.common.PacketException;
import org.camgate.sensor.common.PacketResult;

/** Thermal datagrams reassembled into frames for the {@link ThermalDetector}. */
public final class ThermalInput extends FramedInput<ThermalFrame> {
    private short[] pixels = new short[0];
    private int width;
    private int height;
    private long frameId = -1;

    public ThermalInput(ThermalSettings config) {
        super(Thermal.NAME, "pixels", () -> new ThermalDetector(config));
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
            detect(new ThermalFrame(width, height, pixels), now, sink);
        }
    }

    @Override
    protected void resetFrame() {
        frameId = -1;
    }
}
