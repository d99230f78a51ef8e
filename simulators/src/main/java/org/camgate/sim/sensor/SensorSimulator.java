package org.camgate.sim.sensor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated radar, LiDAR or thermal sensor: plays a {@link SensorScenario} to a UDP address at the scenario's
 * frame rate, with {@link Faults}. After the script it keeps sending the empty scene (a live, quiet sensor), or
 * with {@code loop} starts the script again after two seconds of empty scene.
 */
public final class SensorSimulator {
    private static final Logger log = LoggerFactory.getLogger(SensorSimulator.class);
    private static final int LOOP_GAP_MILLIS = 2000;

    private final SensorScenario scenario;
    private final Faults faults;
    private final boolean loop;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong garbageSent = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private ScheduledExecutorService executor;
    private DatagramChannel channel;
    private Random random;
    private long tick;
    private long frameId;

    public SensorSimulator(SensorScenario scenario, Faults faults, boolean loop) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.faults = Objects.requireNonNull(faults, "faults");
        this.loop = loop;
    }

    /** Starts sending to {@code target} (a loopback address); fails naming the target when it cannot. */
    public synchronized void start(InetSocketAddress target) {
        if (executor != null) {
            return;
        }
        try {
            channel = DatagramChannel.open();
            channel.connect(target);
        } catch (IOException e) {
            throw new IllegalStateException("sensor simulator: cannot send to " + target + ": " + e.getMessage(), e);
        }
        random = new Random(faults.seed());
        tick = 0;
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sim-" + scenario.kind().name().toLowerCase(java.util.Locale.ROOT) + "-" + scenario.name());
            t.setDaemon(true);
            return t;
        });
        long period = scenario.period().toNanos();
        executor.scheduleAtFixedRate(this::sendFrame, 0, period, TimeUnit.NANOSECONDS);
    }

    private void sendFrame() {
        try {
            Duration since = scenario.period().multipliedBy(tick);
            long index = tick++;
            if (loop) {
                long cycle = scenario.frames() + LOOP_GAP_MILLIS / Math.max(1, scenario.period().toMillis());
                index %= cycle;
            }
            if (faults.silent(since)) {
                return;
            }
            List<byte[]> packets = scenario.frame((int) Math.min(index, Integer.MAX_VALUE), frameId++);
            for (byte[] p : packets) {
                if (faults.loss() > 0 && random.nextDouble() < faults.loss()) {
                    lost.incrementAndGet();
                } else {
                    channel.write(ByteBuffer.wrap(p));
                    sent.incrementAndGet();
                }
                if (faults.garbage() > 0 && random.nextDouble() < faults.garbage()) {
                    byte[] junk = new byte[1 + random.nextInt(300)];
                    random.nextBytes(junk);
                    channel.write(ByteBuffer.wrap(junk));
                    garbageSent.incrementAndGet();
                }
            }
        } catch (IOException e) {
            log.debug("sensor simulator {}: {}", scenario.name(), e.toString()); // e.g. port unreachable: keep going
        } catch (RuntimeException e) {
            log.warn("sensor simulator {} failed on a frame", scenario.name(), e);
        }
    }

    /** Stops sending and closes the socket (bounded wait). */
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing: {}", e.toString());
        }
        executor = null;
    }

    public SensorScenario scenario() {
        return scenario;
    }

    /** Datagrams of the scenario sent (not counting lost or garbage ones). */
    public long sent() {
        return sent.get();
    }

    public long garbageSent() {
        return garbageSent.get();
    }

    public long lost() {
        return lost.get();
    }
}
