package org.camgate.rtsp;

import org.camgate.protocol.auth.DigestClient;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A blocking RTSP client for tests: sends requests as raw text (so tests can also send broken
 * ones), answers digest challenges when given credentials, and skips interleaved frames while
 * waiting for a response (counting them).
 */
final class RtspTestClient implements AutoCloseable {
    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final String user;
    private final String password;
    private DigestClient digest;
    private int cseq;
    int framesSkipped;

    RtspTestClient(InetSocketAddress address, String user, String password) throws IOException {
        this((String) null, address, user, password);
    }

    /** A client whose connection comes from {@code local} (e.g. 127.0.0.2, another loopback address). */
    RtspTestClient(InetSocketAddress address, java.net.InetAddress local, String user, String password)
            throws IOException {
        this(local == null ? null : local.getHostAddress(), address, user, password);
    }

    /** From {@code localAddress} (e.g. 127.0.0.2, as another host on the LAN would), or any when null. */
    RtspTestClient(String localAddress, InetSocketAddress address, String user, String password) throws IOException {
        this.socket = new Socket();
        if (localAddress != null) {
            socket.bind(new InetSocketAddress(localAddress, 0));
        }
        socket.connect(address, 5000);
        socket.setSoTimeout(10_000);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.user = user;
        this.password = password;
    }

    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String session() {
            String session = header("Session");
            return session == null ? null : session.split(";")[0].trim();
        }
    }

    Response request(String method, String url, String... headers) throws IOException {
        Response response = send(method, url, headers);
        if (response.status() == 401 && user != null) {
            if (digest == null) {
                digest = new DigestClient(user, password);
            }
            if (digest.onUnauthorized(java.util.List.of(response.headers().get("www-authenticate").split("\n")))) {
                response = send(method, url, headers);
            }
        }
        return response;
    }

    private Response send(String method, String url, String... headers) throws IOException {
        StringBuilder request = new StringBuilder(method + " " + url + " RTSP/1.0\r\nCSeq: " + (++cseq) + "\r\n");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        if (digest != null && digest.hasChallenge()) {
            request.append("Authorization: ").append(digest.authorization(method, url)).append("\r\n");
        }
        request.append("\r\n");
        writeRaw(request.toString());
        return readResponse();
    }

    void writeRaw(String text) throws IOException {
        writeRaw(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** One interleaved frame after PLAY: its channel and bytes (the RTP or RTCP packet). */
    record Interleaved(int channel, byte[] data) {
    }

    Interleaved readInterleaved() throws IOException {
        int first = in.read();
        if (first != '$') {
            throw new IOException(first < 0 ? "connection closed" : "expected an interleaved frame, got byte " + first);
        }
        int channel = in.readUnsignedByte();
        byte[] data = new byte[in.readUnsignedShort()];
        in.readFully(data);
        return new Interleaved(channel, data);
    }

    Response readResponse() throws IOException {
        while (true) {
            int first = in.read();
            if (first < 0) {
                throw new java.io.EOFException("connection closed");
            }
            if (first == '$') {
                in.readUnsignedByte();
                int length = in.readUnsignedShort();
                in.skipNBytes(length);
                framesSkipped++;
                continue;
            }
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.write(first);
            while (!endsWithBlankLine(head)) {
                int b = in.read();
                if (b < 0) {
                    throw new java.io.EOFException("connection closed in response");
                }
                head.write(b);
            }
            String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim(), (a, b) -> a + "\n" + b);
                }
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
        }
    }

    /** Reads one interleaved frame and returns its payload. */
    byte[] readFramePayload() throws IOException {
        int first = in.read();
        if (first != '$') {
            throw new IOException("expected an interleaved frame, got " + first);
        }
        in.readUnsignedByte();
        return in.readNBytes(in.readUnsignedShort());
    }

    /** Reads interleaved frames until {@code count} arrived; returns their channels' counts. */
    Map<Integer, Integer> readFrames(int count) throws IOException {
        Map<Integer, Integer> channels = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int first = in.read();
            if (first != '$') {
                throw new IOException("expected an interleaved frame, got " + first);
            }
            int channel = in.readUnsignedByte();
            int length = in.readUnsignedShort();
            in.skipNBytes(length);
            channels.merge(channel, 1, Integer::sum);
        }
        return channels;
    }

    /** True when the server closed the connection (within the socket timeout). */
    boolean closedByServer() {
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return true;
                }
            }
        } catch (IOException e) {
            return e instanceof java.net.SocketException;
        }
    }

    private static boolean endsWithBlankLine(ByteArrayOutputStream head) {
        byte[] b = head.toByteArray();
        int n = b.length;
        return n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
