package org.camgate.onvif;

import org.camgate.event.Event;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PullMessages long polls hold no thread: 1,000 waits at once (100 users with 10 subscriptions each, within the
 * configured quotas), on 1,000 keep-alive connections driven by one non-blocking client, while GetStreamUri is
 * answered; an event wakes exactly the waiters whose user may see its camera; the JVM's peak thread count does not
 * grow with the waits. And on one connection, a request behind a waiting PullMessages is handled meanwhile (its answer follows the
 * poll's, as HTTP/1.1 orders answers).
 */
@ExtendWith(NettyLeakCheck.class)
class OnvifLongPollIT {
    private static final int USERS = 100;
    private static final int PER_USER = 10;
    private static final int WAITS = USERS * PER_USER;
    private static final Pattern ADDRESS = Pattern.compile("Address>([^<]+)<");

    @TempDir
    static Path dir;
    static OnvifFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        StringBuilder users = new StringBuilder();
        for (int u = 0; u < USERS; u++) {
            // even users see the entrance camera, odd users the lobby
            users.append("  - name: u").append(u).append("\n    password: p").append(u)
                    .append("\n    cameras: [").append(u % 2 == 0 ? "entrance" : "lobby").append("]\n");
        }
        fixture = new OnvifFixture(dir, List.of(SimCameraConfig.of("cam1")),
                """
                          - id: entrance
                            purpose: Prevent theft at the main entrance
                            source: ${CAMERA}/cam1
                          - id: lobby
                            purpose: Safety in the lobby
                            source: ${CAMERA}/cam1
                        """, """
                          maxConnections: 1100
                          maxUnauthenticatedPerAddress: 1100
                          maxSubscriptions: 1010
                          maxSubscriptionsPerUser: 10
                          maxSubscriptionTime: 10m
                        """, "", users.toString());
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aThousandWaitsHoldNoThreadWhileOtherCallsAreAnsweredAndAnEventWakesTheRightOnes() throws Exception {
        // 1,000 subscriptions, 10 per user
        List<String> paths = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            for (int s = 0; s < PER_USER; s++) {
                HttpResponse<String> created = fixture.post(ServicePaths.EVENTS, OnvifFixture.ws("u" + u, "p" + u,
                        "<CreatePullPointSubscription xmlns=\"http://www.onvif.org/ver10/events/wsdl\">"
                                + "<InitialTerminationTime>PT10M</InitialTerminationTime></CreatePullPointSubscription>"));
                assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
                Matcher m = ADDRESS.matcher(created.body());
                assertThat(m.find()).isTrue();
                paths.add(java.net.URI.create(m.group(1)).getPath());
                owners.add(u);
            }
        }
        HttpResponse<String> warm = fixture.post(ServicePaths.MEDIA, OnvifFixture.ws("nvr", "secret", streamUri("lobby")));
        assertThat(warm.statusCode()).isEqualTo(200);

        try (PollClients clients = new PollClients(fixture.onvif(), WAITS)) {
            // First pulls return at once with the Initialized states; the second ones wait.
            for (int i = 0; i < WAITS; i++) {
                clients.send(i, paths.get(i), "u" + owners.get(i), "p" + owners.get(i), "PT0S");
            }
            List<String> initial = clients.awaitAnswers(WAITS, 60_000);
            assertThat(initial).hasSize(WAITS)
                    .allSatisfy(a -> assertThat(a).startsWith("HTTP/1.1 200").contains("Initialized"));

            ManagementFactory.getThreadMXBean().resetPeakThreadCount();
            int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
            long audited = streamUrisAudited();
            for (int i = 0; i < WAITS; i++) {
                String user = "u" + owners.get(i);
                String password = "p" + owners.get(i);
                clients.send(i, paths.get(i), user, password, "PT60S");
                // behind the poll on the same connection: handled at once (and audited), answered after the poll
                clients.sendRaw(i, ServicePaths.MEDIA, OnvifFixture.ws(user, password,
                        streamUri(owners.get(i) % 2 == 0 ? "entrance" : "lobby")));
            }
            // Every connection's poll is waiting once its GetStreamUri behind it has been handled.
            PollClients.until(() -> streamUrisAudited() >= audited + WAITS, 60_000);
            assertThat(clients.answered()).as("answers before any event").isEqualTo(WAITS);

            // Other calls are answered meanwhile.
            HttpResponse<String> uri = fixture.post(ServicePaths.MEDIA, OnvifFixture.ws("nvr", "secret", streamUri("entrance")));
            assertThat(uri.statusCode()).isEqualTo(200);
            assertThat(uri.body()).contains("/entrance</tt:Uri>");

            // An entrance event wakes the 500 waits of users who may see the entrance camera, and only those; each
            // connection's GetStreamUri answer follows its poll's.
            fixture.gateway.events().publish(Event.of(Instant.now(), "onvif-test", EventSource.camera("entrance"), "gate",
                    EventState.START, null, Map.of()));
            clients.awaitAnswers(WAITS + WAITS, 30_000);
            Thread.sleep(500);
            assertThat(clients.answered()).isEqualTo(WAITS + WAITS);
            for (int i = 0; i < WAITS; i++) {
                List<String> got = clients.answersOf(i);
                if (owners.get(i) % 2 == 0) {
                    assertThat(got).as("connection %d", i).hasSize(3);
                    assertThat(got.get(1)).startsWith("HTTP/1.1 200").contains("MotionAlarm").contains("entrance");
                    assertThat(got.get(2)).startsWith("HTTP/1.1 200").contains("/entrance</tt:Uri>");
                } else {
                    assertThat(got).as("connection %d", i).hasSize(1);
                }
            }

            // A lobby event wakes the others.
            fixture.gateway.events().publish(Event.of(Instant.now(), "onvif-test", EventSource.camera("lobby"), "gate",
                    EventState.START, null, Map.of()));
            clients.awaitAnswers(3 * WAITS, 30_000);
            for (int i = 0; i < WAITS; i++) {
                List<String> got = clients.answersOf(i);
                assertThat(got).as("connection %d", i).hasSize(3);
                assertThat(got.get(1)).contains("MotionAlarm");
            }
            int peak = ManagementFactory.getThreadMXBean().getPeakThreadCount();
            assertThat(peak - threadsBefore).as("threads started while 1,000 polls waited").isLessThan(20);
        }
    }

    private static long streamUrisAudited() throws IOException {
        return fixture.audit().stream().filter(l -> l.contains("GetStreamUri")).count();
    }

    @Test
    void aRequestBehindAWaitingPollOnItsConnectionIsHandledMeanwhileAndAnsweredInOrder() throws Exception {
        HttpResponse<String> created = fixture.post(ServicePaths.EVENTS, OnvifFixture.ws("nvr", "secret",
                "<CreatePullPointSubscription xmlns=\"http://www.onvif.org/ver10/events/wsdl\"/>"));
        Matcher m = ADDRESS.matcher(created.body());
        assertThat(m.find()).isTrue();
        String path = java.net.URI.create(m.group(1)).getPath();
        try (PollClients clients = new PollClients(fixture.onvif(), 1)) {
            clients.send(0, path, "nvr", "secret", "PT0S");
            assertThat(clients.awaitAnswers(1, 10_000)).hasSize(1);
            // pipelined: a 4 s poll, then GetStreamUri for a camera named only here
            long audited = streamUrisAudited();
            clients.send(0, path, "nvr", "secret", "PT4S");
            clients.sendRaw(0, ServicePaths.MEDIA, OnvifFixture.ws("nvr", "secret", streamUri("lobby")));
            // the GetStreamUri is handled (and audited) while the poll still waits
            PollClients.until(() -> streamUrisAudited() > audited, 3_000);
            assertThat(clients.answered()).isEqualTo(1);
            List<String> answers = clients.awaitAnswers(3, 15_000);
            assertThat(answers.get(1)).contains("PullMessagesResponse").doesNotContain("NotificationMessage");
            assertThat(answers.get(2)).contains("GetStreamUriResponse").contains("/lobby</tt:Uri>");
        }
    }

    private static String streamUri(String camera) {
        return "<GetStreamUri xmlns=\"http://www.onvif.org/ver10/media/wsdl\"><StreamSetup>"
                + "<Stream xmlns=\"http://www.onvif.org/ver10/schema\">RTP-Unicast</Stream>"
                + "<Transport xmlns=\"http://www.onvif.org/ver10/schema\"><Protocol>RTSP</Protocol></Transport>"
                + "</StreamSetup><ProfileToken>" + camera + "</ProfileToken></GetStreamUri>";
    }

    /** Many keep-alive connections read by one selector: no thread per connection on the client side either. */
    static final class PollClients implements AutoCloseable {
        private final InetSocketAddress server;
        private final SocketChannel[] channels;
        private final ByteArrayBuilder[] received;
        private final Selector selector;
        private final List<String> answers = new ArrayList<>();
        private final List<Integer> answeredBy = new ArrayList<>();

        PollClients(InetSocketAddress server, int count) throws IOException {
            this.server = server;
            channels = new SocketChannel[count];
            received = new ByteArrayBuilder[count];
            selector = Selector.open();
            for (int i = 0; i < count; i++) {
                SocketChannel ch = SocketChannel.open(server);
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ, i);
                channels[i] = ch;
                received[i] = new ByteArrayBuilder();
            }
        }

        void send(int i, String path, String user, String password, String timeout) throws IOException {
            sendRaw(i, path, OnvifFixture.ws(user, password,
                    "<PullMessages xmlns=\"http://www.onvif.org/ver10/events/wsdl\"><Timeout>" + timeout
                            + "</Timeout><MessageLimit>100</MessageLimit></PullMessages>"));
        }

        void sendRaw(int i, String path, String envelope) throws IOException {
            byte[] body = envelope.getBytes(StandardCharsets.UTF_8);
            byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.getPort()
                    + "\r\nContent-Type: application/soap+xml; charset=utf-8\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            ByteBuffer b = ByteBuffer.allocate(head.length + body.length).put(head).put(body).flip();
            while (b.hasRemaining()) {
                channels[i].write(b);
            }
        }

        int answered() throws IOException {
            poll(0);
            return answers.size();
        }

        List<String> answersOf(int connection) {
            List<String> out = new ArrayList<>();
            for (int k = 0; k < answers.size(); k++) {
                if (answeredBy.get(k) == connection) {
                    out.add(answers.get(k));
                }
            }
            return out;
        }

        /** Reads until {@code total} answers have come in all (or the time is up); returns all so far. */
        List<String> awaitAnswers(int total, long millis) throws IOException {
            long end = System.currentTimeMillis() + millis;
            while (answers.size() < total && System.currentTimeMillis() < end) {
                poll(Math.max(1, end - System.currentTimeMillis()));
            }
            return List.copyOf(answers);
        }

        private void poll(long millis) throws IOException {
            if (millis == 0 ? selector.selectNow() == 0 : selector.select(Math.min(millis, 200)) == 0) {
                return;
            }
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            for (SelectionKey k : selector.selectedKeys()) {
                int i = (Integer) k.attachment();
                buf.clear();
                int n = channels[i].read(buf);
                if (n < 0) {
                    k.cancel();
                    continue;
                }
                received[i].append(buf.array(), n);
                String a;
                while ((a = received[i].takeResponse()) != null) {
                    answers.add(a);
                    answeredBy.add(i);
                }
            }
            selector.selectedKeys().clear();
        }

        static void until(java.util.concurrent.Callable<Boolean> condition, long millis) throws Exception {
            long end = System.currentTimeMillis() + millis;
            while (!condition.call()) {
                if (System.currentTimeMillis() > end) {
                    throw new AssertionError("condition not met within " + millis + " ms");
                }
                Thread.sleep(20);
            }
        }

        @Override
        public void close() throws IOException {
            for (SocketChannel ch : channels) {
                ch.close();
            }
            selector.close();
        }
    }

    /** Bytes read from one connection; whole Content-Length framed answers are taken off the front. */
    static final class ByteArrayBuilder {
        private byte[] data = new byte[0];

        void append(byte[] b, int n) {
            byte[] d = java.util.Arrays.copyOf(data, data.length + n);
            System.arraycopy(b, 0, d, data.length, n);
            data = d;
        }

        String takeResponse() {
            String text = new String(data, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                return null;
            }
            Matcher m = Pattern.compile("(?im)^Content-Length:\\s*(\\d+)").matcher(text.substring(0, end));
            if (!m.find()) {
                throw new AssertionError("answer without Content-Length: " + text.substring(0, end));
            }
            int total = end + 4 + Integer.parseInt(m.group(1));
            if (data.length < total) {
                return null;
            }
            String answer = new String(data, 0, total, StandardCharsets.UTF_8);
            data = java.util.Arrays.copyOfRange(data, total, data.length);
            return answer;
        }
    }
}
