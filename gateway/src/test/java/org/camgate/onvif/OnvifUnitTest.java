package org.camgate.onvif;

import org.camgate.common.yaml.ConfigException;
import org.camgate.config.ConfigLoader;
import org.camgate.config.OnvifConfig;
import org.camgate.event.Event;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.camgate.onvif.events.OnvifNotification;
import org.camgate.onvif.events.PullPoint;
import org.camgate.onvif.events.PullPointRegistry;
import org.camgate.onvif.events.TerminationTimes;
import org.camgate.onvif.events.TopicMapper;
import org.camgate.stream.StreamDescription;
import org.camgate.stream.TrackInfo;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OnvifUnitTest {
    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    UsernameTokenVerifier verifier() {
        return new UsernameTokenVerifier(Map.of("nvr", "secret"), CLOCK, Duration.ofSeconds(300), Duration.ofSeconds(60), 1000);
    }

    static String digest(byte[] nonce, String created, String password) {
        return Base64.getEncoder().encodeToString(UsernameTokenVerifier.digest(nonce, created, password));
    }

    @Test
    void usernameTokenDigestReplayAndSkew() {
        UsernameTokenVerifier v = verifier();
        byte[] nonce = new byte[20];
        nonce[0] = 1;
        String created = "2026-01-01T11:59:00.123Z";
        String type = "...#PasswordDigest";
        String n = Base64.getEncoder().encodeToString(nonce);
        assertThat(v.verify("nvr", digest(nonce, created, "secret"), type, n, created)).isEqualTo(UsernameTokenVerifier.Result.OK);
        assertThat(v.verify("nvr", digest(nonce, created, "secret"), type, n, created)).isEqualTo(UsernameTokenVerifier.Result.REPLAYED);
        nonce[0] = 2;
        n = Base64.getEncoder().encodeToString(nonce);
        assertThat(v.verify("nvr", digest(nonce, created, "wrong"), type, n, created)).isEqualTo(UsernameTokenVerifier.Result.BAD_PASSWORD);
        assertThat(v.verify("eve", digest(nonce, created, "secret"), type, n, created)).isEqualTo(UsernameTokenVerifier.Result.UNKNOWN_USER);
        String old = "2026-01-01T11:54:00Z";
        assertThat(v.verify("nvr", digest(nonce, old, "secret"), type, n, old)).isEqualTo(UsernameTokenVerifier.Result.STALE);
        String future = "2026-01-01T12:02:00Z";
        assertThat(v.verify("nvr", digest(nonce, future, "secret"), type, n, future)).isEqualTo(UsernameTokenVerifier.Result.STALE);
        assertThat(v.verify("nvr", "secret", null, n, created)).isEqualTo(UsernameTokenVerifier.Result.PLAINTEXT);
        assertThat(v.verify("nvr", digest(nonce, created, "secret"), type, null, created)).isEqualTo(UsernameTokenVerifier.Result.MALFORMED);
        assertThat(v.verify("nvr", "x", type, "%%%", created)).isEqualTo(UsernameTokenVerifier.Result.MALFORMED);
    }

    @Test
    void aNonceReusedWithANewCreatedIsNotAReplay() {
        UsernameTokenVerifier v = verifier();
        byte[] nonce = new byte[16];
        nonce[3] = 7;
        String n = Base64.getEncoder().encodeToString(nonce);
        String type = "...#PasswordDigest";
        String first = "2026-01-01T11:59:59Z";
        String second = "2026-01-01T12:00:00Z";
        assertThat(v.verify("nvr", digest(nonce, first, "secret"), type, n, first)).isEqualTo(UsernameTokenVerifier.Result.OK);
        assertThat(v.verify("nvr", digest(nonce, second, "secret"), type, n, second)).isEqualTo(UsernameTokenVerifier.Result.OK);
        assertThat(v.verify("nvr", digest(nonce, second, "secret"), type, n, second))
                .isEqualTo(UsernameTokenVerifier.Result.REPLAYED);
    }

    @Test
    void aHostHeaderWithoutAPortNamesThePortTheConnectionCameIn() {
        assertThat(OnvifAuthInterceptor.HostHeader.parse("127.0.0.1", "127.0.0.1", 8080))
                .isEqualTo(new OnvifAuthInterceptor.HostHeader("127.0.0.1", 8080));
        assertThat(OnvifAuthInterceptor.HostHeader.parse("cam.example", "10.0.0.5", 8080))
                .isEqualTo(new OnvifAuthInterceptor.HostHeader("cam.example", 8080));
        assertThat(OnvifAuthInterceptor.HostHeader.parse("[fd00::1]", "fd00::1", 8080))
                .isEqualTo(new OnvifAuthInterceptor.HostHeader("fd00::1", 8080));
        assertThat(OnvifAuthInterceptor.HostHeader.parse("127.0.0.1:80", "127.0.0.1", 8080))
                .isEqualTo(new OnvifAuthInterceptor.HostHeader("127.0.0.1", 80));
        assertThat(OnvifAuthInterceptor.HostHeader.parse("bad host!", "10.0.0.5", 8080))
                .isEqualTo(new OnvifAuthInterceptor.HostHeader("10.0.0.5", 8080));
        assertThat(OnvifAuthInterceptor.HostHeader.parse(null, "10.0.0.5", 8080))
                .isEqualTo(new OnvifAuthInterceptor.HostHeader("10.0.0.5", 8080));
    }

    @Test
    void fullReplayMemoryRefusesNewTokensInsteadOfForgettingOnesStillValid() {
        MutableClock clock = new MutableClock(NOW);
        // Room for 4 tokens, two users: a share of 2 each.
        UsernameTokenVerifier v = new UsernameTokenVerifier(Map.of("low", "pw-low", "nvr", "secret"), clock,
                Duration.ofSeconds(300), Duration.ofSeconds(60), 4);
        assertThat(v.perUserShare()).isEqualTo(2);
        String type = "...#PasswordDigest";
        String created = NOW.toString();
        byte[][] nonces = new byte[4][16];
        for (int i = 0; i < nonces.length; i++) {
            nonces[i][0] = (byte) (i + 1);
        }
        java.util.function.BiFunction<String, Integer, UsernameTokenVerifier.Result> token = (user, i) -> v.verify(user,
                digest(nonces[i], created, user.equals("low") ? "pw-low" : "secret"), type,
                Base64.getEncoder().encodeToString(nonces[i]), created);
        assertThat(token.apply("low", 0)).isEqualTo(UsernameTokenVerifier.Result.OK);
        assertThat(token.apply("low", 1)).isEqualTo(UsernameTokenVerifier.Result.OK);
        // The low user's share is full: a new token is refused, and the old ones are still remembered (no eviction).
        assertThat(token.apply("low", 2)).isEqualTo(UsernameTokenVerifier.Result.BUSY);
        assertThat(token.apply("low", 0)).isEqualTo(UsernameTokenVerifier.Result.REPLAYED);
        assertThat(token.apply("low", 1)).isEqualTo(UsernameTokenVerifier.Result.REPLAYED);
        // The other user keeps its own share.
        assertThat(token.apply("nvr", 2)).isEqualTo(UsernameTokenVerifier.Result.OK);
        assertThat(token.apply("nvr", 3)).isEqualTo(UsernameTokenVerifier.Result.OK);
        assertThat(v.remembered()).isEqualTo(4);
        // Kept for the whole skew window: at exactly maxAge the token could still pass, so it is still remembered...
        clock.set(NOW.plusSeconds(300));
        assertThat(token.apply("low", 0)).isEqualTo(UsernameTokenVerifier.Result.REPLAYED);
        // ...and once it is too old to pass, it is stale anyway and its room is free again.
        clock.set(NOW.plusSeconds(301));
        assertThat(token.apply("low", 0)).isEqualTo(UsernameTokenVerifier.Result.STALE);
        String later = clock.instant().toString();
        assertThat(v.verify("low", digest(nonces[2], later, "pw-low"), type, Base64.getEncoder().encodeToString(nonces[2]),
                later)).isEqualTo(UsernameTokenVerifier.Result.OK);
        assertThat(v.remembered()).isEqualTo(1);
    }

    @Test
    void wrongTokensAreNeverRemembered() {
        UsernameTokenVerifier v = new UsernameTokenVerifier(Map.of("nvr", "secret"), CLOCK, Duration.ofSeconds(300),
                Duration.ofSeconds(60), 1);
        String created = NOW.toString();
        for (int i = 0; i < 10; i++) {
            byte[] nonce = new byte[16];
            nonce[0] = (byte) i;
            assertThat(v.verify("nvr", digest(nonce, created, "guess" + i), "#PasswordDigest",
                    Base64.getEncoder().encodeToString(nonce), created)).isEqualTo(UsernameTokenVerifier.Result.BAD_PASSWORD);
        }
        assertThat(v.remembered()).isZero();
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void subscriptionsPerUserAreBoundedBesideTheTotal() {
        PullPointRegistry registry = new PullPointRegistry(5, 2, 3, CLOCK, List.of());
        assertThat(registry.create("low", n -> true, NOW.plusSeconds(60))).isPresent();
        assertThat(registry.create("low", n -> true, NOW.plusSeconds(60))).isPresent();
        assertThat(registry.create("low", n -> true, NOW.plusSeconds(60))).isEmpty();
        assertThat(registry.atUserLimit("low")).isTrue();
        assertThat(registry.create("nvr", n -> true, NOW.plusSeconds(60))).isPresent();
        assertThat(registry.atUserLimit("nvr")).isFalse();
        assertThat(registry.size()).isEqualTo(3);
    }

    @Test
    void videoInfoFromSdpWithSps() {
        // SPS of a 640x360 H.264 Baseline stream as x264/openh264 write it.
        String sps = Base64.getEncoder().encodeToString(new byte[] {0x67, 0x42, (byte) 0xc0, 0x1e, (byte) 0xda, 0x02,
                (byte) 0x80, (byte) 0xbf, (byte) 0xe5, (byte) 0x84, 0x00, 0x00, 0x03, 0x00, 0x04, 0x00, 0x00, 0x03, 0x00,
                (byte) 0xc8, 0x3c, 0x58, (byte) 0xba, (byte) 0x80});
        String sdp = "v=0\r\nm=video 0 RTP/AVP 96\r\nb=AS:1000\r\na=rtpmap:96 H264/90000\r\n"
                + "a=fmtp:96 packetization-mode=1;sprop-parameter-sets=" + sps + ",aM4PyA==\r\na=framerate:25\r\n";
        VideoInfo v = VideoInfoParser.parse(new StreamDescription(sdp, List.of(new TrackInfo(0, "video", "H264", 90000))));
        assertThat(v.encoding()).isEqualTo("H264");
        assertThat(v.width()).isEqualTo(640);
        assertThat(v.height()).isEqualTo(360);
        assertThat(v.frameRate()).isEqualTo(25);
        assertThat(v.bitrateKbps()).isEqualTo(1000);
        assertThat(v.h264Profile()).isEqualTo("Baseline");
        assertThat(H264Sps.parse(new byte[] {0x67, 0x42})).isEmpty();
        assertThat(H264Sps.parse(new byte[] {0x65, 1, 2, 3, 4})).isEmpty();
    }

    @Test
    void terminationTimesRelativeAbsoluteAndClamped() {
        TerminationTimes t = new TerminationTimes(Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofMinutes(1));
        assertThat(t.resolve("PT60S", NOW)).isEqualTo(NOW.plusSeconds(60));
        assertThat(t.resolve(null, NOW)).isEqualTo(NOW.plusSeconds(60));
        assertThat(t.resolve("2026-01-01T12:05:00Z", NOW)).isEqualTo(NOW.plusSeconds(300));
        assertThat(t.resolve("PT1S", NOW)).isEqualTo(NOW.plusSeconds(10));
        assertThat(t.resolve("P1D", NOW)).isEqualTo(NOW.plusSeconds(3600));
        assertThatThrownBy(() -> t.resolve("tomorrow", NOW)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void topicsAndBoundedSubscriptions() throws Exception {
        Event gate = Event.of(NOW, "s", EventSource.camera("c1"), "gate", EventState.END, null, Map.of());
        List<OnvifNotification> m = TopicMapper.map(gate);
        assertThat(m).singleElement().satisfies(n -> {
            assertThat(n.topic()).isEqualTo("tns1:VideoSource/MotionAlarm");
            assertThat(n.data().get(0)).isEqualTo(Map.entry("State", "false"));
        });
        assertThat(TopicMapper.map(Event.of(NOW, "s", EventSource.sensor("r1", "radar"), "fire", EventState.START, "z",
                Map.of()))).singleElement().satisfies(n -> assertThat(n.topic()).isEqualTo("cg:Sensor/Fire"));
        assertThat(TopicMapper.map(Event.of(NOW, "s", EventSource.camera("c1"), "manual", EventState.START, null,
                Map.of()))).isEmpty();

        PullPointRegistry registry = new PullPointRegistry(2, 2, 3, CLOCK, TopicMapper.initial("c1", true, NOW));
        PullPoint p = registry.create("u", n -> true, NOW.plusSeconds(60)).orElseThrow();
        assertThat(registry.create("u", n -> true, NOW.plusSeconds(60))).isPresent();
        assertThat(registry.create("u", n -> true, NOW.plusSeconds(60))).isEmpty();
        assertThat(p.pull(Duration.ZERO, 10)).hasSize(2).allSatisfy(n -> assertThat(n.operation()).isEqualTo("Initialized"));
        for (int i = 0; i < 5; i++) {
            registry.onEvent(gate);
        }
        assertThat(p.pull(Duration.ZERO, 10)).hasSize(3);
        assertThat(p.dropped()).isEqualTo(2);
        registry.synchronize(p);
        assertThat(p.pull(Duration.ZERO, 10)).extracting(OnvifNotification::data)
                .contains(List.of(Map.entry("State", "false")));
    }

    @Test
    void onvifConfigBoundsAreCheckedWithTheirPath() {
        String yaml = "site: s\nonvif:\n  listen: 127.0.0.1:0\n  maxSubscriptions: 5000\n  subscriptionQueue: 0\n"
                + "users: []\ncameras: []\n";
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "t.yaml", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("onvif.maxSubscriptions (line 4): 5000 is too large (expected: at most 1024)")
                .hasMessageContaining("onvif.subscriptionQueue (line 5): must be > 0 (got 0)");
        OnvifConfig d = OnvifConfig.defaults();
        assertThat(d.maxSubscriptions()).isEqualTo(32);
        assertThat(d.discoveryPort()).isEqualTo(3702);
        assertThat(d.maxConnections()).isEqualTo(1000);
        assertThat(d.maxUnauthenticatedPerAddress()).isEqualTo(20);
        assertThat(d.maxSubscriptionsPerUser()).isEqualTo(10);
        assertThat(d.maxSubscriptionTime()).isEqualTo(Duration.ofHours(1));
        assertThat(d.maxRememberedTokens()).isEqualTo(100_000);
    }

    @Test
    void onvifAccessLimitsAreBoundAndChecked() throws Exception {
        OnvifConfig c = ConfigLoader.parse("site: s\nonvif:\n  listen: 127.0.0.1:0\n  maxConnections: 50\n"
                + "  maxUnauthenticatedPerAddress: 5\n  maxSubscriptions: 8\n  maxSubscriptionsPerUser: 3\n"
                + "  maxSubscriptionTime: 10m\n  maxRememberedTokens: 2000\nusers: []\ncameras: []\n", "t.yaml", Map.of())
                .onvif();
        assertThat(c.maxConnections()).isEqualTo(50);
        assertThat(c.maxUnauthenticatedPerAddress()).isEqualTo(5);
        assertThat(c.maxSubscriptionsPerUser()).isEqualTo(3);
        assertThat(c.maxSubscriptionTime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.maxRememberedTokens()).isEqualTo(2000);
        // A smaller total lowers the per-user default with it.
        assertThat(ConfigLoader.parse("site: s\nonvif:\n  maxSubscriptions: 4\nusers: []\ncameras: []\n", "t.yaml",
                Map.of()).onvif().maxSubscriptionsPerUser()).isEqualTo(4);
        String bad = "site: s\nonvif:\n  maxConnections: 10\n  maxUnauthenticatedPerAddress: 11\n"
                + "  maxSubscriptions: 4\n  maxSubscriptionsPerUser: 5\n  maxSubscriptionTime: 5s\nusers: []\ncameras: []\n";
        assertThatThrownBy(() -> ConfigLoader.parse(bad, "t.yaml", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("onvif.maxUnauthenticatedPerAddress (line 4): must not exceed maxConnections (10)")
                .hasMessageContaining("onvif.maxSubscriptionsPerUser (line 6): must not exceed maxSubscriptions (4)")
                .hasMessageContaining("onvif.maxSubscriptionTime (line 7): 5s is out of range (expected: 10s to 1d)");
    }
}
