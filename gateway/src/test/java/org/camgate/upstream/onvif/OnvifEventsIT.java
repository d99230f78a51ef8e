package org.camgate.upstream.onvif;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.camgate.event.Event;
import org.camgate.event.EventState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The pull-point loop with the real CXF adapter against WireMock playing a camera's events service. */
class OnvifEventsIT {
    private static final String SUB = "/onvif/subscription";
    private WireMockServer camera;
    private Bus bus;
    private ScheduledExecutorService thread;
    private PullPointLoop loop;
    private final List<Event> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        camera = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        camera.start();
        bus = BusFactory.newInstance().createBus();
        thread = Executors.newSingleThreadScheduledExecutor();
        camera.stubFor(post(urlEqualTo("/onvif/event_service")).withRequestBody(containing("CreatePullPointSubscription"))
                .willReturn(soap(CameraAnswers.pullPoint("http://127.0.0.1:" + camera.port() + SUB + "?id=7",
                        Instant.now(), 60))));
        camera.stubFor(post(urlPathEqualTo(SUB)).withRequestBody(containing("Unsubscribe"))
                .willReturn(soap(CameraAnswers.envelope("<wsnt:UnsubscribeResponse/>"))));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (loop != null) {
            loop.stop();
        }
        thread.shutdownNow();
        thread.awaitTermination(5, TimeUnit.SECONDS);
        camera.stop();
        bus.shutdown(false);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder soap(String body) {
        return aResponse().withHeader("Content-Type", CameraAnswers.SOAP).withBody(body);
    }

    private void startLoop() {
        OnvifClientSettings settings = new OnvifClientSettings(Duration.ofMillis(500), Duration.ofMillis(1500),
                Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMillis(100), Duration.ofMillis(400),
                Duration.ofMinutes(1));
        CameraTime time = new CameraTime(Clock.systemUTC());
        SoapPorts ports = new SoapPorts(bus, "admin", "pw", time, settings.connectTimeout());
        OnvifEvents port = new OnvifEvents("door", "http://127.0.0.1:" + camera.port() + "/onvif/event_service", ports,
                time, settings.receiveTimeout());
        CameraMotion motion = new CameraMotion("door", "lab", events::add, Clock.systemUTC());
        TaskScheduler scheduler = (task, delay) -> {
            ScheduledFuture<?> f = thread.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        };
        loop = new PullPointLoop("door", () -> port, motion, scheduler, Clock.systemUTC(), settings);
        loop.start();
    }

    private void pullAnswers(String... steps) {
        String state = Scenario.STARTED;
        for (int i = 0; i < steps.length; i++) {
            String next = i == steps.length - 1 ? "done" : "step" + (i + 1);
            camera.stubFor(post(urlPathEqualTo(SUB)).inScenario("pull").whenScenarioStateIs(state)
                    .withRequestBody(containing("PullMessages"))
                    .willReturn(steps[i] == null ? aResponse().withStatus(500).withBody("oops") : soap(steps[i]))
                    .willSetStateTo(next));
            state = next;
        }
        camera.stubFor(post(urlPathEqualTo(SUB)).inScenario("pull").whenScenarioStateIs("done")
                .withRequestBody(containing("PullMessages"))
                .willReturn(soap(CameraAnswers.messages(Instant.now(), 60)).withFixedDelay(200)));
    }

    @Test
    void motionAlarmsBecomeCameraMotionAndAFailedPullRebuilds() {
        Instant now = Instant.now();
        pullAnswers(
                CameraAnswers.messages(now, 60, CameraAnswers.motionAlarm("Initialized", false, now)),
                CameraAnswers.messages(now, 60, CameraAnswers.motionAlarm("Changed", true, now)),
                null,
                CameraAnswers.messages(now, 60, CameraAnswers.motionAlarm("Changed", false, now)));
        startLoop();

        await().atMost(Duration.ofSeconds(10)).until(() -> events.size() >= 2);
        assertThat(events).extracting(Event::state).containsExactly(EventState.START, EventState.END);
        assertThat(events.get(1).data()).containsEntry("reason", "event subscription lost");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                camera.verify(2, postRequestedFor(urlEqualTo("/onvif/event_service"))));
        await().atMost(Duration.ofSeconds(5)).until(loop::subscribed);
        // every call to the subscription carried the token and went to the address the camera gave
        camera.verify(postRequestedFor(urlEqualTo(SUB + "?id=7")).withRequestBody(containing("PasswordDigest"))
                .withRequestBody(containing("http://www.onvif.org/ver10/events/wsdl/PullPointSubscription/PullMessagesRequest"))
                .withRequestBody(containing(SUB + "?id=7</")));
    }

    @Test
    void silentCameraIsDetectedAndTheSubscriptionRebuilt() {
        camera.stubFor(post(urlPathEqualTo(SUB)).withRequestBody(containing("PullMessages"))
                .willReturn(soap(CameraAnswers.messages(Instant.now(), 60)).withFixedDelay(10_000)));
        startLoop();
        await().atMost(Duration.ofSeconds(12)).until(() -> loop.lastError().contains("PullMessages"));
        assertThat(loop.lastError()).contains("no answer within 2500 ms");
        await().atMost(Duration.ofSeconds(8)).untilAsserted(() ->
                camera.verify(2, postRequestedFor(urlEqualTo("/onvif/event_service"))));
    }

    @Test
    void garbageFromThePullPointRebuilds() {
        camera.stubFor(post(urlPathEqualTo(SUB)).withRequestBody(containing("PullMessages"))
                .willReturn(soap("<<<garbage")));
        startLoop();
        await().atMost(Duration.ofSeconds(8)).untilAsserted(() ->
                camera.verify(3, postRequestedFor(urlEqualTo("/onvif/event_service"))));
        assertThat(loop.lastError()).contains("PullMessages");
        assertThat(loop.failures()).isGreaterThanOrEqualTo(1);
    }
}
