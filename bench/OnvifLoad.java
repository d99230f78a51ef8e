import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * ONVIF load client for bench/onvif.sh, run in its own JVM (`java bench/OnvifLoad.java ...`): N keep-alive HTTP/1.1
 * connections, one thread each, sending GetStreamUri (or GetProfiles) to the Media service with a fresh WS-Security
 * UsernameToken (PasswordDigest, 16-byte random nonce, Created now) on every request, as fast as answers come.
 * Prints "MEASURE START" when the warm-up ends and "MEASURE END" when the window ends (the script samples the
 * gateway's CPU between the two), then one RESULT line: requests, req/s, p50, p99, max (ms), errors.
 *
 * <p>Usage: java bench/OnvifLoad.java HOST PORT USER PASSWORD PROFILE [CLIENTS] [WARMUP_S] [SECONDS] [OPERATION]
 */
public final class OnvifLoad {
    private static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    private static final String WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    private static final String DIGEST_TYPE =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest";

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String user = args[2];
        String password = args[3];
        String profile = args[4];
        int clients = args.length > 5 ? Integer.parseInt(args[5]) : 8;
        int warmup = args.length > 6 ? Integer.parseInt(args[6]) : 15;
        int seconds = args.length > 7 ? Integer.parseInt(args[7]) : 15;
        String operation = args.length > 8 ? args[8] : "GetStreamUri";
        String body = operation.equals("GetProfiles")
                ? "<GetProfiles xmlns=\"http://www.onvif.org/ver10/media/wsdl\"/>"
                : "<GetStreamUri xmlns=\"http://www.onvif.org/ver10/media/wsdl\"><StreamSetup>"
                + "<Stream xmlns=\"http://www.onvif.org/ver10/schema\">RTP-Unicast</Stream>"
                + "<Transport xmlns=\"http://www.onvif.org/ver10/schema\"><Protocol>RTSP</Protocol></Transport>"
                + "</StreamSetup><ProfileToken>" + profile + "</ProfileToken></GetStreamUri>";

        long measureStart = System.nanoTime() + warmup * 1_000_000_000L;
        long measureEnd = measureStart + seconds * 1_000_000_000L;
        long[][] samples = new long[clients][];
        int[] counts = new int[clients];
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            int me = c;
            samples[c] = new long[Math.max(1000, seconds * 20_000)];
            Thread t = new Thread(() -> {
                try {
                    run(host, port, user, password, body, measureStart, measureEnd, samples[me], counts, me, errors);
                } catch (Exception e) {
                    System.out.println("client " + me + ": " + e);
                    errors.incrementAndGet();
                } finally {
                    done.countDown();
                }
            }, "client-" + c);
            t.start();
        }
        sleepUntil(measureStart);
        System.out.println("MEASURE START");
        System.out.flush();
        sleepUntil(measureEnd);
        System.out.println("MEASURE END");
        System.out.flush();
        done.await();
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int i = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(samples[c], 0, all, i, counts[c]);
            i += counts[c];
        }
        Arrays.sort(all);
        double p50 = total == 0 ? Double.NaN : all[total / 2] / 1e6;
        double p99 = total == 0 ? Double.NaN : all[Math.min(total - 1, (int) (total * 0.99))] / 1e6;
        double max = total == 0 ? Double.NaN : all[total - 1] / 1e6;
        System.out.printf("RESULT operation=%s clients=%d requests=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d%n",
                operation, clients, total, total / (double) seconds, p50, p99, max, errors.get());
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }

    private static void run(String host, int port, String user, String password, String body, long measureStart,
                            long measureEnd, long[] mine, int[] counts, int me, AtomicLong errors) throws Exception {
        SecureRandom random = new SecureRandom();
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        byte[] nonce = new byte[16];
        Socket socket = null;
        InputStream in = null;
        OutputStream out = null;
        int n = 0;
        try {
            while (true) {
                long now = System.nanoTime();
                if (now >= measureEnd || n >= mine.length) {
                    break;
                }
                if (socket == null) {
                    socket = new Socket();
                    socket.setTcpNoDelay(true);
                    socket.connect(new InetSocketAddress(host, port), 5000);
                    socket.setSoTimeout(10_000);
                    in = new BufferedInputStream(socket.getInputStream(), 16384);
                    out = socket.getOutputStream();
                }
                random.nextBytes(nonce);
                String created = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
                sha1.reset();
                sha1.update(nonce);
                sha1.update(created.getBytes(StandardCharsets.UTF_8));
                sha1.update(password.getBytes(StandardCharsets.UTF_8));
                String digest = Base64.getEncoder().encodeToString(sha1.digest());
                String envelope = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                        + "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Header>"
                        + "<Security s:mustUnderstand=\"1\" xmlns=\"" + WSSE + "\"><UsernameToken>"
                        + "<Username>" + user + "</Username>"
                        + "<Password Type=\"" + DIGEST_TYPE + "\">" + digest + "</Password>"
                        + "<Nonce>" + Base64.getEncoder().encodeToString(nonce) + "</Nonce>"
                        + "<Created xmlns=\"" + WSU + "\">" + created + "</Created></UsernameToken></Security>"
                        + "</s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
                byte[] payload = envelope.getBytes(StandardCharsets.UTF_8);
                byte[] head = ("POST /onvif/media_service HTTP/1.1\r\nHost: " + host + ":" + port
                        + "\r\nContent-Type: application/soap+xml; charset=utf-8\r\nContent-Length: " + payload.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                byte[] request = new byte[head.length + payload.length];
                System.arraycopy(head, 0, request, 0, head.length);
                System.arraycopy(payload, 0, request, head.length, payload.length);
                long t0 = System.nanoTime();
                out.write(request);
                out.flush();
                int status;
                boolean close;
                try {
                    int[] framing = readResponse(in);
                    status = framing[0];
                    close = framing[1] != 0;
                } catch (IOException e) {
                    errors.incrementAndGet();
                    socket.close();
                    socket = null;
                    continue;
                }
                long t1 = System.nanoTime();
                if (status != 200) {
                    errors.incrementAndGet();
                }
                if (t0 >= measureStart) {
                    mine[n++] = t1 - t0;
                }
                if (close) {
                    socket.close();
                    socket = null;
                }
            }
        } finally {
            counts[me] = n;
            if (socket != null) {
                socket.close();
            }
        }
    }

    /** Reads one response (Content-Length framed); returns {status, close}. */
    private static int[] readResponse(InputStream in) throws IOException {
        String status = line(in);
        if (status == null) {
            throw new IOException("connection closed");
        }
        int code = Integer.parseInt(status.substring(9, 12));
        int length = -1;
        boolean close = false;
        String h;
        while ((h = line(in)) != null && !h.isEmpty()) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Integer.parseInt(value);
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                close = true;
            }
        }
        if (length < 0) {
            throw new IOException("no Content-Length");
        }
        long skipped = in.readNBytes(length).length;
        if (skipped != length) {
            throw new IOException("short body");
        }
        return new int[] {code, close ? 1 : 0};
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int len = b.length();
                return len > 0 && b.charAt(len - 1) == '\r' ? b.substring(0, len - 1) : b.toString();
            }
            b.append((char) c);
        }
        return b.length() == 0 ? null : b.toString();
    }
}
