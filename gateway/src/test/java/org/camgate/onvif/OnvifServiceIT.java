package org.camgate.onvif;

import org.apache.cxf.transport.http.netty.server.NettyHttpHandler;
import org.camgate.access.AccessPolicy;
import org.camgate.access.Admission;
import org.camgate.access.ConnectionLimiter;
import org.camgate.access.Protocol;
import org.camgate.audit.AuditEvent;
import org.camgate.audit.AuditLog;
import org.camgate.config.ConfigLoader;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The ONVIF server on its own: it never answers for services it has not published yet (once an empty 200). */
@ExtendWith(NettyLeakCheck.class)
class OnvifServiceIT {
    static final String TIME = "<GetSystemDateAndTime xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/>";

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
}
