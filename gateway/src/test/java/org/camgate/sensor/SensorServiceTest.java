package org.camgate.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import org.camgate.access.Cidr;
import org.camgate.event.EventBus;
import org.camgate.sensor.common.CommonSettings;
import org.camgate.sensor.lidar.LidarSettings;
import org.camgate.sensor.radar.RadarSettings;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SensorServiceTest {

    @Test
    void warnsAtStartForEachUdpSensorWithoutAnAllowListAndStillListens() {
        RadarSettings open = new RadarSettings(new CommonSettings("radar-1", URI.create("udp://127.0.0.1:0")));
        LidarSettings restricted = new LidarSettings(new CommonSettings("lidar-1", URI.create("udp://127.0.0.1:0"),
                CommonSettings.DEFAULT_SILENCE_TIMEOUT, CommonSettings.DEFAULT_HOLD, List.of(Cidr.parse("192.0.2.7/32")), true));
        SensorService service = new SensorService(List.of(open, restricted), "s", new EventBus(), new SimpleMeterRegistry(),
                Clock.systemUTC(), org.camgate.access.TestPolicies.forSensors(open, restricted));
        Logger logger = (Logger) LoggerFactory.getLogger(SensorService.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            service.start();
            int port = service.address("radar-1").getPort();
            assertThat(port).isPositive();
            assertThat(logs.list).filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .containsExactly("sensor radar-1 accepts UDP packets from any address on udp://127.0.0.1:" + port
                            + ": set allow: [...] to the sensor's address; UDP sources can be spoofed");
        } finally {
            logger.detachAppender(logs);
            service.stop();
        }
    }
}
