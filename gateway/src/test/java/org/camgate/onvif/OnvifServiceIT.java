package org.camgate.onvif;

import org.apache.cxf.transport.http.netty.server.NettyHttpHandler;
import org.camgate.access.AccessPolicy;
import org.camgate.access.Admission;
import org.camgate.access.ConnectionLimiter;
import org.camgate.access.LoginThrottle;
import org.camgate.access.Protocol;
import org.camgate.audit.AuditEvent;
import org.camgate.audit.AuditLog;
import org.camgate.auth.DigestReaderAuthenticator;
import org.camgate.config.ConfigLoader;
import org.camgate.config.GatewayConfig;
import org.camgate.event.EventBus;
import org.camgate.protocol.auth.DigestVerifier;
import org.camgate.protocol.auth.NonceCounter;
import org.camgate.protocol.auth.NonceService;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ONVIF server on its own: it never answers for services it has not published yet (once an empty 200), and
 * every operation asks the access policy, so a reloaded policy reaches connections already open.
 */
@ExtendWith(NettyLeakCheck.class)
class OnvifServiceIT {
    static final String TIME = "<GetSystemDateAndTime xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>";
    static final String INFO = "<GetDeviceInformation xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>";

    final List<AuditEvent> audited = new CopyOnWriteArrayList<>();
    final AuditLog audit = new AuditLog() {
        @Override
        public void record(AuditEvent event) {
            audited.add(event);
        }

        @Override
        public void close() {
        }
    };

    static GatewayConfig config(String allow) throws Exception {
        return ConfigLoader.parse("site: s\nonvif:\n  listen: 127.0.0.1:0\naccess:\n  allow: [" + allow + "]\n"
                + "users:\n  - name: nvr\n    password: secret\n    cameras: [\"*\"]\ncameras: []\n", "t.yaml", Map.of());
    }

    @Test
    void requestsBetweenBindAndPublishGet503WithAFaultAndRetryAfter() throws Exception {
        AccessPolicy policy = new AccessPolicy(ConfigLoader.parse("site: s\nusers: []\ncameras: []\n", "t.yaml",
                Map.of()), audit, Clock.systemUTC());
        NettyHttpHandler snapshots = new NettyHttpHandler(null, false) {
            @Override
            public void handle(String target, HttpServletRequest request, HttpServletResponse response) {
            }
        };
        OnvifServer server = new OnvifServer("127.0.0.1", 0, List.of(new OnvifServer.Service(ServicePaths.DEVICE,
                new DeviceEndpoint(DeviceIdentity.forSite("s", "x"), Clock.systemUTC(), 554, false, List.of()), false)),
                List.of(), snapshots, 4, new Admission(Protocol.ONVIF, policy, new ConnectionLimiter(10, 10)));
        List<RawHttp.Response> early = new CopyOnWriteArrayList<>();
        server.beforePublish(() -> {
            try (RawHttp c = new RawHttp("127.0.0.1", server.address())) {
                early.add(c.post(ServicePaths.DEVICE, OnvifFixture.envelope("", TIME)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try (RawHttp c = new RawHttp("127.0.0.1", server.address())) {
                early.add(c.get(ServicePaths.SNAPSHOT + "/x.jpg"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        server.start();
        try {
            assertThat(early).hasSize(2).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.header("Retry-After")).isEqualTo("1");
                assertThat(r.header("Content-Type")).startsWith("application/soap+xml");
                assertThat(r.body()).contains("env:Fault").contains("env:Receiver");
            });
            try (RawHttp c = new RawHttp("127.0.0.1", server.address())) {
                RawHttp.Response r = c.post(ServicePaths.DEVICE, OnvifFixture.envelope("", TIME));
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.body()).contains("SystemDateAndTime");
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void everyOperationAsksThePolicySoAReloadReachesOpenConnections() throws Exception {
        GatewayConfig config = config("127.0.0.0/8");
        Clock clock = Clock.systemUTC();
        AccessPolicy policy = new AccessPolicy(config, audit, clock);
        LoginThrottle throttle = new LoginThrottle(config.loginFailures());
        DigestReaderAuthenticator digest = new DigestReaderAuthenticator(config.users(),
                new NonceService(Duration.ofMinutes(5), clock), new NonceCounter(1000, Duration.ofMinutes(5), clock),
                DigestVerifier.UriMatch.SAME_RESOURCE, throttle);
        OnvifModule module = new OnvifModule(config, Map.of(), Map.of(), new EventBus(), audit, policy, throttle, digest,
                554, clock);
        module.start();
        try (RawHttp user = new RawHttp("127.0.0.2", module.address());
             RawHttp anonymous = new RawHttp("127.0.0.2", module.address())) {
            assertThat(user.post(ServicePaths.DEVICE, OnvifFixture.ws("nvr", "secret", INFO)).status()).isEqualTo(200);
            assertThat(anonymous.post(ServicePaths.DEVICE, OnvifFixture.envelope("", TIME)).status()).isEqualTo(200);

            policy.update(config("127.0.0.1/32"));

            RawHttp.Response refused = user.post(ServicePaths.DEVICE, OnvifFixture.ws("nvr", "secret", INFO));
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).contains("NotAuthorized");
            assertThat(user.closedWithoutAnswer(null, 2000)).isTrue();
            assertThat(anonymous.post(ServicePaths.DEVICE, OnvifFixture.envelope("", TIME)).status()).isEqualTo(403);
            assertThat(anonymous.closedWithoutAnswer(null, 2000)).isTrue();
        } finally {
            module.stop();
        }
        assertThat(audited).anySatisfy(e -> {
            assertThat(e.event()).isEqualTo(AuditEvent.DENIED);
            assertThat(e.remote()).startsWith("127.0.0.2:");
            assertThat(e.details()).containsEntry("transport", "onvif").containsEntry("reason", "address not allowed");
        });
    }
}
