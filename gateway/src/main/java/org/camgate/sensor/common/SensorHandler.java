package org.camgate.sensor.common;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.camgate.access.AccessPolicy;
import org.camgate.access.AccessRequest;
import org.camgate.access.Action;
import org.camgate.access.Protocol;
import org.camgate.event.Event;
import org.camgate.event.EventBus;
import org.camgate.event.EventSource;
import org.camgate.event.EventState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sensor's datagrams: decoded by its {@link SensorInput}, counted, turned into events. Watches for silence:
 * {@code fault} starts when no valid datagram arrived for the silence timeout and ends with the next valid one; when
 * the sensor's {@code faultEndsDetections} is on, a fault also ends every detection then active (data {@code reason:
 * fault}), so a dead sensor cannot keep a gate open. Everything happens on the channel's event loop, so no locks are needed.
 */
public final class SensorHandler extends SimpleChannelInboundHandler<DatagramPacket> implements DetectionSink {
    private static final Logger log = LoggerFactory.getLogger(SensorHandler.class);

    private final String site;
    private final EventSource source;
    private final SensorInput input;
    private final PacketCounters counters;
    private final EventBus bus;
    private final Clock clock;
    private final Duration silenceTimeout;
    private final AccessPolicy policy;
    private final boolean faultEndsDetections;
    /** Detections started and not yet ended, by (event, zone): bounded by the sensor's zones and detection kinds. */
    private final Map<ActiveDetection, Instant> active = new LinkedHashMap<>();
    private Instant lastValid;
    private boolean faulted;
    private ScheduledFuture<?> watchdog;
    private long rejected;
    private long resyncsSeen;

    public SensorHandler(String site, EventSource source, SensorInput input, PacketCounters counters, EventBus bus,
                  Clock clock, Duration silenceTimeout, boolean faultEndsDetections, AccessPolicy policy) {
        super(DatagramPacket.class, true);
        this.site = site;
        this.source = source;
        this.input = input;
        this.counters = counters;
        this.bus = bus;
        this.clock = clock;
        this.silenceTimeout = silenceTimeout;
        this.policy = policy;
        this.faultEndsDetections = faultEndsDetections;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        lastValid = clock.instant();
        long period = Math.max(10, Math.min(1000, silenceTimeout.toMillis() / 4));
        watchdog = ctx.executor().scheduleAtFixedRate(this::checkSilence, period, period, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        Instant now = clock.instant();
        InetSocketAddress sender = packet.sender();
        AccessRequest request = sender == null || sender.getAddress() == null ? null
                : new AccessRequest(Protocol.SENSOR, sender, null, source.id(), Action.CONNECT);
        if (request == null || !policy.evaluate(request).allowed()) {
            counters.count(PacketResult.DENIED);
            if (rejected++ % 1000 == 0 && request != null) {
                // Sampled: a datagram flood must not flood the log or the audit log.
                policy.refuse(request, "address not allowed for sensor (" + rejected + " dropped so far)");
            }
            return;
        }
        // While faulted, what the first valid datagram detects waits until the fault has ended: fault end comes first.
        List<Runnable> afterFault = faulted ? new ArrayList<>(4) : null;
        DetectionSink sink = afterFault == null ? this
                : (event, state, zone, data) -> afterFault.add(() -> emit(event, state, zone, data));
        try {
            input.onDatagram(packet.content(), now, sink);
            counters.count(PacketResult.ACCEPTED);
            valid(now);
        } catch (PacketException e) {
            counters.count(e.result());
            if (rejected++ % 1000 == 0) {
                log.info("sensor {}: dropped a datagram from {} ({}: {}); {} dropped so far", source.id(),
                        packet.sender(), e.result().tag(), e.getMessage(), rejected);
            }
        } catch (RuntimeException e) {
            counters.count(PacketResult.MALFORMED);
            log.warn("sensor {}: datagram from {} could not be handled", source.id(), packet.sender(), e);
        } finally {
            if (afterFault != null) {
                afterFault.forEach(Runnable::run);
            }
        }
        counters.abandoned(input.framesAbandoned());
        if (input.resyncs() != resyncsSeen) {
            resyncsSeen = input.resyncs();
            log.warn("sensor {}: numbering jumped to {} and continued (datagrams from {}); following the new numbering:"
                    + " a restarted sensor, or spoofed datagrams (restrict the sensor's allow list)", source.id(),
                    input.currentSequence(), packet.sender());
        }
    }

    private void valid(Instant now) {
        if (faulted) {
            faulted = false;
            emit("fault", EventState.END, null, Map.of("silentSeconds", Measurements.seconds(Duration.between(lastValid, now))));
        }
        lastValid = now;
    }

    void checkSilence() {
        Instant now = clock.instant();
        Duration silent = Duration.between(lastValid, now);
        if (!faulted && silent.compareTo(silenceTimeout) >= 0) {
            faulted = true;
            input.reset();
            log.warn("sensor {}: no data for {} ms", source.id(), silent.toMillis());
            emit("fault", EventState.START, null, Map.of("silentSeconds", Measurements.seconds(silent)));
            if (faultEndsDetections) {
                endActiveDetections(now);
            }
        }
    }

    /** Ends every active detection with reason {@code fault}; the detectors start afresh with the next data. */
    private void endActiveDetections(Instant now) {
        List<Map.Entry<ActiveDetection, Instant>> ending = List.copyOf(active.entrySet());
        active.clear();
        input.forgetDetections();
        for (Map.Entry<ActiveDetection, Instant> a : ending) {
            log.info("sensor {}: {} ended by the fault{}", source.id(), a.getKey().event(),
                    a.getKey().zone() == null ? "" : " (zone " + a.getKey().zone() + ")");
            bus.publish(Event.of(now, site, source, a.getKey().event(), EventState.END, a.getKey().zone(), Map.of(
                    "reason", "fault", "seconds", Measurements.seconds(Duration.between(a.getValue(), now)))));
        }
    }

    @Override
    public void emit(String event, EventState state, String zone, Map<String, Object> data) {
        Instant now = clock.instant();
        if (!event.equals("fault")) {
            if (state == EventState.START) {
                active.putIfAbsent(new ActiveDetection(event, zone), now);
            } else if (state == EventState.END) {
                active.remove(new ActiveDetection(event, zone));
            }
        }
        bus.publish(Event.of(now, site, source, event, state, zone, data));
    }

    private record ActiveDetection(String event, String zone) { }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("sensor {}: {}", source.id(), cause.toString());
    }
}
