package org.camgate.onvif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.camgate.onvif.wsdl.events.CreatePullPointSubscription;
import org.camgate.onvif.wsdl.events.EventPortType;
import org.camgate.onvif.wsdl.events.PullPointSubscription;
import org.camgate.onvif.wsdl.schema.Message;
import org.camgate.onvif.wsdl.wsn.NotificationMessageHolderType;
import org.camgate.onvif.wsdl.wsn.Unsubscribe;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A camera that reboots is seen by an NVR's PullPoint as {@code tns1:VideoSource/SignalLoss} true, then false. */
@ExtendWith(NettyLeakCheck.class)
class OnvifSignalLossIT {
    @TempDir
    Path dir;

    @Test
    void aRebootingCamerasSignalLossReachesPullPoints() throws Exception {
        try (OnvifFixture fixture = new OnvifFixture(dir, List.of(SimCameraConfig.of("cam1")), """
                  - id: lobby
                    purpose: Safety in the lobby
                    source: ${CAMERA}/cam1
                    signalLossAfter: 1s
                """, "")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> fixture.gateway.stream("lobby").framesIn() > 0);
            EventPortType events = fixture.client(EventPortType.class, ServicePaths.EVENTS, "nvr", "secret");
            CreatePullPointSubscription create = new CreatePullPointSubscription();
            create.setInitialTerminationTime("PT60S");
            String address = events.createPullPointSubscription(create).getSubscriptionReference().getAddress().getValue();
            PullPointSubscription subscription = fixture.clientAt(PullPointSubscription.class, address, "nvr", "secret");
            subscription.pullMessages(OnvifEventsSnapshotIT.pull("PT1S", 100)); // the Initialized states

            fixture.cameras.reboot("cam1", Duration.ofSeconds(2));
            List<String> states = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (states.size() < 2 && System.nanoTime() < deadline) {
                for (NotificationMessageHolderType n : subscription.pullMessages(OnvifEventsSnapshotIT.pull("PT5S", 10))
                        .getNotificationMessage()) {
                    if (OnvifEventsSnapshotIT.topic(n).equals("tns1:VideoSource/SignalLoss")) {
                        Message m = OnvifEventsSnapshotIT.message(n);
                        assertThat(m.getPropertyOperation().value()).isEqualTo("Changed");
                        assertThat(m.getSource().getSimpleItem().get(0).getName()).isEqualTo("Source");
                        assertThat(m.getSource().getSimpleItem().get(0).getValue()).isEqualTo(Tokens.videoSource("lobby"));
                        assertThat(m.getData().getSimpleItem().get(0).getName()).isEqualTo("State");
                        states.add(m.getData().getSimpleItem().get(0).getValue());
                    }
                }
            }
            assertThat(states).containsExactly("true", "false");
            subscription.unsubscribe(new Unsubscribe());
        }
    }
}
