package org.camgate.sensor;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.camgate.access.AccessPolicy;
import org.camgate.common.net.HostPort;
import org.camgate.event.EventBus;
import org.camgate.event.EventSource;
import org.camgate.sensor.common.PacketCounters;
import org.camgate.sensor.common.SensorHandler;
import org.camgate.sensor.common.SensorInput;
import org.camgate.sensor.common.SensorSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for every configured sensor on its UDP input, runs its detectors and publishes their events on the
 * gateway's bus, with hourly anonymous statistics. {@link #start()} fails naming the address it could not bind
 * (and undoes what it started); {@link #stop()} is idempotent.
 */
public final class SensorService {
    private static final Logger log = LoggerFactory.getLogger(SensorService.class);
    /** Larger than any UDP payload (65,507 bytes), so no datagram is silently cut. */
    static final int RECEIVE_BUFFER = 65_536;
    private static final int SOCKET_BUFFER = 4 * 1024 * 1024;

    private final List<SensorSettings> sensors;
    private final String site;
    private final EventBus bus;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final AccessPolicy policy;
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final Map<String, PacketCounters> counters = new LinkedHashMap<>();
    private EventLoopGroup group;
    private HourlyStatistics statistics;

    /**
     * @param sensors the configured sensors, of any kind in {@link SensorKinds}; their inputs are {@code udp://}
     *                (the only scheme {@link org.camgate.sensor.common.CommonSettings} accepts)
     */
    public SensorService(List<? extends SensorSettings> sensors, String site, EventBus bus, MeterRegistry metrics,
                         Clock clock, AccessPolicy policy) {
        this.policy = policy;
        this.sensors = List.copyOf(sensors);
        this.site = Objects.requireNonNull(site, "site");
        this.bus = Objects.requireNonNull(bus, "bus");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public synchronized void start() {
        if (group != null) {
            return;
        }
        if (sensors.isEmpty()) {
            return;
        }
        group = new NioEventLoopGroup(Math.min(sensors.size(), Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("sensor-io"));
        try {
            statistics = new HourlyStatistics(sensors, site, bus, clock);
            statistics.start(group.next());
            for (SensorSettings s : sensors) {
                bind(s);
            }
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    private void bind(SensorSettings s) {
        String type = s.type();
        SensorInput input = SensorKinds.input(s);
        PacketCounters c = new PacketCounters(metrics, s.id(), type);
        counters.put(s.id(), c);
        SensorHandler handler = new SensorHandler(site, EventSource.sensor(s.id(), type), input, c, bus, clock,
                s.silenceTimeout(), s.faultEndsDetections(), policy);
        InetSocketAddress address = address(s.input());
        Bootstrap b = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_BUFFER))
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
                .handler(handler);
        ChannelFuture f = b.bind(address).awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw new IllegalStateException("sensor " + s.id() + ": cannot listen on udp://" + HostPort.format(address) + ": "
                    + f.cause().getMessage(), f.cause());
        }
        channels.put(s.id(), f.channel());
        String bound = HostPort.format((InetSocketAddress) f.channel().localAddress());
        log.info("sensor {} ({}) listening on udp://{}", s.id(), type, bound);
        if (s.allow().isEmpty()) {
            log.warn("sensor {} accepts UDP packets from any address on udp://{}: set allow: [...] to the sensor's"
                    + " address; UDP sources can be spoofed", s.id(), bound);
        }
    }

    static InetSocketAddress address(URI input) {
        String host = input.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(host, input.getPort());
    }


    /** Closes the sockets, then the event loops (bounded wait). */
    public synchronized void stop() {
        for (Channel ch : channels.values()) {
            ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        channels.clear();
        if (statistics != null) {
            statistics.stop();
            statistics = null;
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            group = null;
        }
    }

    /** The bound address of a sensor's input (its real port when configured as 0), or null. */
    public synchronized InetSocketAddress address(String sensorId) {
        Channel ch = channels.get(sensorId);
        return ch == null ? null : (InetSocketAddress) ch.localAddress();
    }

    /** Datagrams of a sensor counted under {@code result} (accepted, malformed, ...), for tests and status. */
    public synchronized double packets(String sensorId, String result) {
        PacketCounters c = counters.get(sensorId);
        return c == null ? 0 : c.count(result);
    }
}
