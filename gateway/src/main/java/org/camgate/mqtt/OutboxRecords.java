package org.camgate.mqtt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The on-disk form of one outbox message. Big-endian:
 * <pre>
 *   int   magic   0x43474f42 ("CGOB")
 *   int   length  of the body, bytes
 *   int   crc     CRC-32C of the body
 *   body: long seq, long enqueued (epoch ms), byte flags (bit 0: retained),
 *         short topic length, topic (UTF-8), payload (the rest)
 * </pre>
 * A record whose header or body is cut short, whose magic or CRC does not match, or whose sequence number does
 * not follow the previous one ends the readable part of a segment.
 */
final class OutboxRecords {
    static final int MAGIC = 0x43474f42;
    static final int HEADER = 12;
    /** Larger bodies are not written and, when read, taken as damage. */
    static final int MAX_BODY = 1 << 20;

    private OutboxRecords() {
    }

    static int size(OutboxMessage m) {
        return HEADER + bodySize(m.topic().getBytes(StandardCharsets.UTF_8).length, m.payload().length);
    }

    private static int bodySize(int topicBytes, int payloadBytes) {
        return 8 + 8 + 1 + 2 + topicBytes + payloadBytes;
    }

    static void encode(OutboxMessage m, ByteBuffer out) {
        byte[] topic = m.topic().getBytes(StandardCharsets.UTF_8);
        if (topic.length > 65535) {
            throw new IllegalArgumentException("topic too long: " + topic.length + " bytes (expected: <= 65535)");
        }
        int body = bodySize(topic.length, m.payload().length);
        if (body > MAX_BODY) {
            throw new IllegalArgumentException("message too large: " + body + " bytes (expected: <= " + MAX_BODY + ")");
        }
        out.putInt(MAGIC).putInt(body);
        int crcAt = out.position();
        out.putInt(0);
        int bodyAt = out.position();
        out.putLong(m.seq()).putLong(m.enqueued()).put((byte) (m.retained() ? 1 : 0))
                .putShort((short) topic.length).put(topic).put(m.payload());
        CRC32C crc = new CRC32C();
        crc.update(out.duplicate().position(bodyAt).limit(out.position()));
        out.putInt(crcAt, (int) crc.getValue());
    }

    /** What a segment holds: its intact records, and where (if anywhere) the damage starts. */
    record Scan(List<OutboxMessage> messages, int goodBytes, String damage) {
    }

    /** Reads records from the start of {@code data} up to its end or the first damaged record. */
    static Scan scan(ByteBuffer data, long previousSeq) {
        List<OutboxMessage> messages = new ArrayList<>();
        long last = previousSeq;
        while (data.hasRemaining()) {
            int start = data.position();
            if (data.remaining() < HEADER) {
                return new Scan(messages, start, "a record header cut short (" + data.remaining() + " bytes)");
            }
            int magic = data.getInt();
            int length = data.getInt();
            int crc = data.getInt();
            if (magic != MAGIC) {
                return new Scan(messages, start, "no record marker");
            }
            if (length < bodySize(0, 0) || length > MAX_BODY) {
                return new Scan(messages, start, "a record length of " + length + " bytes");
            }
            if (data.remaining() < length) {
                return new Scan(messages, start, "a record cut short (" + data.remaining() + " of " + length + " bytes)");
            }
            ByteBuffer body = data.slice(data.position(), length);
            data.position(data.position() + length);
            CRC32C check = new CRC32C();
            check.update(body.duplicate());
            if ((int) check.getValue() != crc) {
                return new Scan(messages, start, "a record whose checksum does not match");
            }
            long seq = body.getLong();
            long enqueued = body.getLong();
            boolean retained = (body.get() & 1) != 0;
            int topicLength = body.getShort() & 0xffff;
            if (topicLength > body.remaining() || seq <= last) {
                return new Scan(messages, start, "a record out of sequence");
            }
            byte[] topic = new byte[topicLength];
            body.get(topic);
            byte[] payload = new byte[body.remaining()];
            body.get(payload);
            messages.add(new OutboxMessage(seq, enqueued, new String(topic, StandardCharsets.UTF_8), retained, payload, 0));
            last = seq;
        }
        return new Scan(messages, data.position(), null);
    }
}
