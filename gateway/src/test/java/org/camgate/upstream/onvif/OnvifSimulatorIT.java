package org.camgate.upstream.onvif;

import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.camgate.config.SourceConfig;
import org.camgate.event.Event;
import org.camgate.event.EventState;
import org.camgate.sim.camera.ScriptedScene;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.sim.camera.SimCameraServer;
import org.camgate.sim.onvif.SimOnvifCamera;
import org.camgate.sim.onvif.SimOnvifConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The ONVIF client against the ONVIF camera simulator (CXF endpoints, WS-Security checked on the device side,
 * a device clock two hours off, motion following the scripted scene).
 */
class OnvifSimulatorIT {
    private static final Duration SKEW = Duration.ofHours(2);
    private SimCameraServer rtsp;
    private SimOnvifCamera device;
    private Bus bus;
    private ScheduledExecutorService thread;
    private final List<Event> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        ScriptedScene scene = ScriptedScene.builder().still(2).object(2, 50).still(60).build();
        rtsp = new SimCameraServer("127.0.0.1", 0, List.of(
                new SimCameraConfig("door", 160, 90, 5, 100, 5, false, null, null, scene))).start();
        device = new SimOnvifCamera(SimOnvifConfig.of("door").withCredentials("admin", "pw").withClockOffset(SKEW), rtsp)
                .start();
        bus = BusFactory.newInstance().createBus();
        thread = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() throws InterruptedException {
        thread.shutdownNow();
        thread.awaitTermination(5, TimeUnit.SECONDS);
        device.stop();
        rtsp.stop();
        bus.shutdown(false);
    }

    private OnvifCamera client(String password, OnvifClientSettings settings) {
        CameraTime time = new CameraTime(Clock.systemUTC());
        SoapPorts ports = new SoapPorts(bus, "admin", password, time, settings.connectTimeout());
        return new OnvifCamera("door", new SourceConfig.Onvif(URI.create(device.deviceUrl()), "admin", password, ""),
                ports, time, settings);
    }

    @Test
    void resolvesTheSimulatedCameraDespiteItsSkewedClock() {
        ResolvedStream stream = client("pw", OnvifClientSettings.DEFAULTS).resolve();
        assertThat(stream.uri()).isEqualTo(URI.create(rtsp.url("door")));
        assertThat(stream.profile().token()).isEqualTo("main");
        assertThat(stream.profile().width()).isEqualTo(160);
        assertThat(stream.clockOffset()).isCloseTo(SKEW, Duration.ofSeconds(3));
        assertThat(device.refusedCalls()).isZero();
    }

    @Test
    void wrongPasswordIsRefusedByTheDevice() {
        assertThatThrownBy(() -> client("nope", OnvifClientSettings.DEFAULTS).resolve())
                .isInstanceOf(OnvifException.class)
                .hasMessageContaining("camera door: ONVIF GetProfiles failed: the camera refused the configured username/password")
                .hasMessageNotContaining("nope");
        assertThat(device.refusedCalls()).isEqualTo(1);
    }

    @Test
    void shortSubscriptionsAreRenewedBeforeTheyExpire() {
        OnvifClientSettings settings = new OnvifClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(3),
                Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofSeconds(1),
                Duration.ofMinutes(1));
        OnvifCamera camera = client("pw", settings);
        ResolvedStream stream = camera.resolve();
        CameraMotion motion = new CameraMotion("door", "lab", events::add, Clock.systemUTC());
        PullPointLoop loop = new PullPointLoop("door", () -> camera.events(stream.services()), motion, (task, delay) -> {
            ScheduledFuture<?> f = thread.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        }, Clock.systemUTC(), settings);
        loop.start();
        // 10 s granted: renewed after about 5 s and again after about 10 s, never expiring on the device
        await().atMost(Duration.ofSeconds(15)).until(() -> device.renewals() >= 2);
        assertThat(device.subscriptionsCreated()).isEqualTo(1);
        assertThat(loop.failures()).isZero();
        assertThat(device.liveSubscriptions()).isEqualTo(1);
        loop.stop();
    }

    @Test
    void motionFollowsTheSceneAndALostSubscriptionIsRebuilt() {
        OnvifClientSettings settings = new OnvifClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(3),
                Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMillis(200), Duration.ofSeconds(1),
                Duration.ofMinutes(1));
        OnvifCamera camera = client("pw", settings);
        ResolvedStream stream = camera.resolve();
        CameraMotion motion = new CameraMotion("door", "lab", events::add, Clock.systemUTC());
        motion.profile(stream.profile());
        PullPointLoop loop = new PullPointLoop("door", () -> camera.events(stream.services()), motion, (task, delay) -> {
            ScheduledFuture<?> f = thread.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        }, Clock.systemUTC(), settings);
        loop.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> events.size() >= 2);
        assertThat(events).extracting(Event::state).containsExactly(EventState.START, EventState.END);
        assertThat(rtsp.elapsedSeconds()).isGreaterThan(3.5);

        device.dropSubscriptions();
        await().atMost(Duration.ofSeconds(10)).until(() -> device.subscriptionsCreated() >= 2 && loop.subscribed());
        assertThat(loop.lastError()).contains("PullMessages").contains("InvalidArgVal");
        assertThat(device.liveSubscriptions()).isEqualTo(1);
        loop.stop();
        thread.submit(loop::release);
        await().atMost(Duration.ofSeconds(5)).until(() -> device.liveSubscriptions() == 0);
        assertThat(device.refusedCalls()).isZero();
    }
}
