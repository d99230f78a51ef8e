package org.camgate.sim.sensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Encoders for the three sensor wire formats the gateway reads (documented in the README, "Sensor wire formats"):
 * radar JSON track lists, LiDAR point packets ("CGLP") and thermal pixel packets ("CGTH"), little-endian.
 */
public final class SensorWire {
    public static final int LIDAR_MAGIC = 0x504C4743;
    public static final int THERMAL_MAGIC = 0x48544743;
    public static final int HEADER = 24;
    /** Points per LiDAR datagram: 24 + 4,000 * 16 bytes stays under a 65,507-byte UDP payload. */
    public static final int LIDAR_POINTS_PER_PACKET = 4000;
    /** Pixels per thermal datagram (2 bytes each): a 160x120 frame takes 2 datagrams. */
    public static final int THERMAL_PIXELS_PER_PACKET = 16_000;

    private SensorWire() {
    }

    /** One radar track: position in metres, velocity in m/s. */
    public record Track(String id, double x, double y, double vx, double vy, String objectClass) {
    }

    /** {@code {"seq":N,"tracks":[{"id":"..","x":..,"y":..,"vx":..,"vy":..,"class":".."}]}} */
    public static byte[] radar(long seq, List<Track> tracks) {
        StringBuilder sb = new StringBuilder("{\"seq\":").append(seq).append(",\"tracks\":[");
        for (int i = 0; i < tracks.size(); i++) {
            Track t = tracks.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append(String.format(Locale.ROOT, "{\"id\":\"%s\",\"x\":%.3f,\"y\":%.3f,\"vx\":%.3f,\"vy\":%.3f",
                    t.id(), t.x(), t.y(), t.vx(), t.vy()));
            if (t.objectClass() != null) {
                sb.append(",\"class\":\"").append(t.objectClass()).append('"');
            }
            sb.append('}');
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A LiDAR frame of {@code count} points (x, y, z, intensity in {@code xyzi}) as datagrams of at most {@code perPacket} points. */
    public static List<byte[]> lidar(long frameId, float[] xyzi, int count, int perPacket) {
        List<byte[]> out = new ArrayList<>();
        for (int offset = 0; offset < count; offset += perPacket) {
            int n = Math.min(perPacket, count - offset);
            ByteBuffer b = ByteBuffer.allocate(HEADER + n * 16).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(LIDAR_MAGIC).put((byte) 1).put((byte) HEADER).putShort((short) 0);
            b.putInt((int) frameId).putInt(offset).putInt(n).putInt(count);
            for (int i = offset * 4; i < (offset + n) * 4; i++) {
                b.putFloat(xyzi[i]);
            }
            out.add(b.array());
        }
        return out;
    }

    /** A thermal frame (centi-kelvin, row-major) as datagrams of at most {@code perPacket} pixels. */
    public static List<byte[]> thermal(long frameId, int width, int height, short[] centiKelvin, int perPacket) {
        List<byte[]> out = new ArrayList<>();
        int total = width * height;
        for (int offset = 0; offset < total; offset += perPacket) {
            int n = Math.min(perPacket, total - offset);
            ByteBuffer b = ByteBuffer.allocate(HEADER + n * 2).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(THERMAL_MAGIC).put((byte) 1).put((byte) HEADER).putShort((short) width);
            b.putShort((short) height).putShort((short) 0).putInt((int) frameId).putInt(offset).putInt(n);
            for (int i = offset; i < offset + n; i++) {
                b.putShort(centiKelvin[i]);
            }
            out.add(b.array());
        }
        return out;
    }

    /** Degrees Celsius to the wire's centi-kelvin. */
    public static short centiKelvin(double celsius) {
        return (short) Math.round((celsius + 273.15) * 100);
    }
}
