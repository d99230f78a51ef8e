package org.camgate.onvif;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client on one keep-alive connection whose local address is chosen (java.net.http cannot bind
 * one): attacks "from" 127.0.0.x on the loopback interface.
 */
final class RawHttp implements AutoCloseable {
    /** One response; {@code millis} from the end of sending to the end of the answer. */
    record Response(int status, Map<String, List<String>> headers, String body, long millis) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        List<String> headers(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String host;

    RawHttp(String localAddress, InetSocketAddress server) throws IOException {
        socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        socket.connect(server, 5000);
        socket.setSoTimeout(15_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        host = server.getAddress().getHostAddress() + ":" + server.getPort();
    }

    Response post(String path, String envelope, String... headers) throws IOException {
        return send("POST", path, envelope, headers);
    }

    Response get(String path, String... headers) throws IOException {
        return send("GET", path, null, headers);
    }

    /** Sends one request and reads its answer; {@code headers} are name, value pairs (a Host among them replaces
     * the default {@code ip:port}). */
    Response send(String method, String path, String body, String... headers) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        boolean ownHost = false;
        for (int i = 0; i + 1 < headers.length; i += 2) {
            ownHost |= headers[i].equalsIgnoreCase("Host");
        }
        if (!ownHost) {
            head.append("Host: ").append(host).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Type: application/soap+xml; charset=utf-8\r\n");
        }
        head.append("Content-Length: ").append(bytes.length).append("\r\n");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
        long start = System.nanoTime();
        String status = line();
        if (status == null) {
            throw new IOException("connection closed without an answer");
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            fields.computeIfAbsent(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(l.substring(colon + 1).trim());
        }
        List<String> length = fields.get("content-length");
        byte[] content = in.readNBytes(length == null ? 0 : Integer.parseInt(length.get(0)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Response(Integer.parseInt(status.split(" ")[1]), fields, new String(content, StandardCharsets.UTF_8),
                millis);
    }

    /**
     * Whether the server closed the connection without answering: sends {@code request} (if any) and waits up to
     * {@code waitMillis} for the end of the stream (or a reset).
     */
    boolean closedWithoutAnswer(String request, int waitMillis) throws IOException {
        try {
            if (request != null) {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
            socket.setSoTimeout(waitMillis);
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    /** A complete request as text (for {@link #closedWithoutAnswer}). */
    static String request(String method, String path, String body) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + (body == null ? "" : "Content-Type: application/soap+xml; charset=utf-8\r\n")
                + "Content-Length: " + bytes.length + "\r\n\r\n" + (body == null ? "" : body);
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
