package org.camgate.onvif;

import org.camgate.event.Event;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.camgate.sim.camera.SimCameraConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ONVIF benchmark (run by bench/onvif.sh): GetProfiles and GetStreamUri with a fresh WS-Security
 * UsernameToken per request, at 1, 8 and 64 concurrent keep-alive clients (req/s, p50, p99), and
 * the latency from a gate event published on the bus to the PullMessages long poll returning it.
 */
public final class OnvifBench {
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path dir = Files.createTempDirectory("onvif-bench");
        try (OnvifFixture f = new OnvifFixture(dir, List.of(SimCameraConfig.of("cam1")),
                "  - id: entrance\n    purpose: bench\n    source: ${CAMERA}/cam1\n"
                        + "  - id: lobby\n    purpose: bench\n    source: ${CAMERA}/cam1\n",
                "  maxRememberedTokens: 5000000\n")) { // a new token per request: millions in 5 minutes
            String profiles = "<GetProfiles xmlns=\"http://www.onvif.org/ver10/media/wsdl\"/>";
            String streamUri = "<GetStreamUri xmlns=\"http://www.onvif.org/ver10/media/wsdl\"><StreamSetup>"
                    + "<Stream xmlns=\"http://www.onvif.org/ver10/schema\">RTP-Unicast</Stream>"
                    + "<Transport xmlns=\"http://www.onvif.org/ver10/schema\"><Protocol>RTSP</Protocol></Transport>"
                    + "</StreamSetup><ProfileToken>entrance</ProfileToken></GetStreamUri>";
            System.out.printf("%-12s %8s %10s %9s %9s%n", "operation", "clients", "req/s", "p50 ms", "p99 ms");
            for (String[] op : new String[][] {{"GetProfiles", profiles}, {"GetStreamUri", streamUri}}) {
                run(f, op[1], 8, 3); // warm-up
                for (int clients : new int[] {1, 8, 64}) {
                    double[] r = run(f, op[1], clients, seconds);
                    System.out.printf("%-12s %8d %10.0f %9.2f %9.2f%n", op[0], clients, r[0], r[1], r[2]);
                }
            }
            eventLatency(f, 200);
        }
    }

    /** Returns {req/s, p50 ms, p99 ms}. */
    static double[] run(OnvifFixture f, String body, int clients, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<long[]> samples = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[200_000];
            samples.add(mine);
            Thread t = new Thread(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                SecureRandom random = new SecureRandom();
                int n = 0;
                try {
                    while (System.nanoTime() < end && n < mine.length - 1) {
                        byte[] nonce = new byte[16];
                        random.nextBytes(nonce);
                        String env = OnvifFixture.envelope(OnvifFixture.securityHeader("nvr", "secret", Instant.now(), nonce), body);
                        long t0 = System.nanoTime();
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(f.base() + ServicePaths.MEDIA))
                                .header("Content-Type", "application/soap+xml").POST(HttpRequest.BodyPublishers.ofString(env))
                                .build(), HttpResponse.BodyHandlers.ofString());
                        long t1 = System.nanoTime();
                        if (r.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                        mine[++n] = t1 - t0;
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                }
                mine[0] = n;
                done.countDown();
            });
            t.setDaemon(true);
            t.start();
        }
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        int total = samples.stream().mapToInt(s -> (int) s[0]).sum();
        long[] all = new long[total];
        int i = 0;
        for (long[] s : samples) {
            System.arraycopy(s, 1, all, i, (int) s[0]);
            i += (int) s[0];
        }
        Arrays.sort(all);
        if (errors.get() > 0) {
            System.out.println("  errors: " + errors.get());
        }
        return new double[] {total / elapsed, all[total / 2] / 1e6, all[(int) (total * 0.99)] / 1e6};
    }

    static void eventLatency(OnvifFixture f, int events) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        SecureRandom random = new SecureRandom();
        String address = post(http, f.base() + ServicePaths.EVENTS, random,
                "<CreatePullPointSubscription xmlns=\"http://www.onvif.org/ver10/events/wsdl\">"
                        + "<InitialTerminationTime>PT600S</InitialTerminationTime></CreatePullPointSubscription>");
        Matcher m = Pattern.compile("Address>([^<]+)<").matcher(address);
        if (!m.find()) {
            throw new IllegalStateException("no subscription address: " + address);
        }
        String subscription = m.group(1);
        String pull = "<PullMessages xmlns=\"http://www.onvif.org/ver10/events/wsdl\"><Timeout>PT60S</Timeout>"
                + "<MessageLimit>100</MessageLimit></PullMessages>";
        post(http, subscription, random, pull); // the Initialized states
        long[] latencies = new long[events];
        for (int i = 0; i < events; i++) {
            AtomicLong published = new AtomicLong();
            int n = i;
            Thread publisher = new Thread(() -> {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
                published.set(System.nanoTime());
                f.gateway.events().publish(Event.of(Instant.now(), "onvif-test", EventSource.camera("entrance"), "gate",
                        n % 2 == 0 ? EventState.START : EventState.END, null, Map.of()));
            });
            publisher.start();
            String r = post(http, subscription, random, pull);
            long got = System.nanoTime();
            publisher.join();
            if (!r.contains("MotionAlarm")) {
                throw new IllegalStateException("no event in " + r);
            }
            latencies[i] = got - published.get();
        }
        Arrays.sort(latencies);
        System.out.printf("event latency (gate change -> PullMessages return), %d events: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                events, latencies[events / 2] / 1e6, latencies[(int) (events * 0.99)] / 1e6, latencies[events - 1] / 1e6);
    }

    static String post(HttpClient http, String url, SecureRandom random, String body) throws Exception {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String env = OnvifFixture.envelope(OnvifFixture.securityHeader("nvr", "secret", Instant.now(), nonce), body);
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/soap+xml").POST(HttpRequest.BodyPublishers.ofString(env)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
