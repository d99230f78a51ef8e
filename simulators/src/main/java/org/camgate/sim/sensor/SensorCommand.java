package org.camgate.sim.sensor;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.camgate.sim.load.DurationConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code camgate-sim sensor --type radar --scenario person-dwell --target udp://127.0.0.1:9101}. */
@Command(name = "sensor", mixinStandardHelpOptions = true,
        description = "Play a scripted radar, LiDAR or thermal scene over UDP, with faults, until Ctrl-C.")
public final class SensorCommand implements Callable<Integer> {
    @Option(names = "--type", required = true, description = "radar, lidar or thermal")
    String type;

    @Option(names = "--scenario", required = true,
            description = "radar: person-dwell, car-speeding; lidar: person-dwell; thermal: fire-grows, person-presence")
    String scenario;

    @Option(names = "--target", required = true, description = "where the gateway listens, e.g. udp://127.0.0.1:9101")
    URI target;

    @Option(names = "--loss", defaultValue = "0", description = "probability a datagram is lost (default: 0)")
    double loss;

    @Option(names = "--garbage", defaultValue = "0", description = "probability a garbage datagram follows one (default: 0)")
    double garbage;

    @Option(names = "--silence-at", converter = DurationConverter.class, description = "go silent this long after start, e.g. 20s")
    Duration silenceAt;

    @Option(names = "--silence-for", converter = DurationConverter.class, defaultValue = "10s",
            description = "how long the silence lasts (default: ${DEFAULT-VALUE})")
    Duration silenceFor;

    @Option(names = "--once", description = "play the script once, then send the empty scene (default: loop)")
    boolean once;

    @Option(names = "--seed", defaultValue = "1", description = "random seed for loss and garbage (default: 1)")
    long seed;

    @Override
    public Integer call() throws InterruptedException {
        SensorScenario s;
        Faults faults;
        InetSocketAddress address;
        try {
            SensorKind kind = kind(type);
            s = Scenarios.of(kind, scenario);
            faults = new Faults(loss, garbage, silenceAt, silenceFor, seed);
            address = target(target);
        } catch (IllegalArgumentException e) {
            System.err.println("camgate-sim sensor: " + e.getMessage());
            return 2;
        }
        SensorSimulator sim = new SensorSimulator(s, faults, !once);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.stop();
            stopped.countDown();
        }, "camgate-sim-sensor-shutdown"));
        try {
            sim.start(address);
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        System.out.println(type + " " + scenario + " -> " + target + "; Ctrl-C to stop.");
        stopped.await();
        return 0;
    }

    static SensorKind kind(String type) {
        for (SensorKind k : SensorKind.values()) {
            if (k.name().toLowerCase(Locale.ROOT).equals(type)) {
                return k;
            }
        }
        throw new IllegalArgumentException("--type: unknown sensor type \"" + type + "\" (expected one of: radar, lidar, thermal)");
    }

    static InetSocketAddress target(URI uri) {
        if (uri.getScheme() == null || !uri.getScheme().equalsIgnoreCase("udp") || uri.getHost() == null || uri.getPort() <= 0) {
            throw new IllegalArgumentException("--target: expected udp://host:port, e.g. udp://127.0.0.1:9101");
        }
        String host = uri.getHost();
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(host, uri.getPort());
    }
}
