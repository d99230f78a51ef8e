package org.camgate.cli;

import org.camgate.onvif.discovery.DiscoveryClient;
import org.camgate.onvif.discovery.DiscoveryResponder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code camgate discover}: sends a WS-Discovery Probe and lists the ONVIF devices that answer. */
@Command(name = "discover", mixinStandardHelpOptions = true,
        description = "Probe for ONVIF devices with WS-Discovery (multicast 239.255.255.250:3702 by default) "
                + "and list each device's address, service URLs and scopes.")
final class DiscoverCommand implements Callable<Integer> {
    @Option(names = "--target", paramLabel = "HOST", description = "probe this address by unicast instead of multicast")
    String target;

    @Option(names = "--port", defaultValue = "3702", description = "WS-Discovery UDP port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--wait", defaultValue = "3", paramLabel = "SECONDS", description = "how long to collect answers")
    int waitSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        InetSocketAddress to = target == null
                ? new InetSocketAddress(DiscoveryResponder.MULTICAST.getAddress(), port)
                : new InetSocketAddress(InetAddress.getByName(target), port);
        List<DiscoveryClient.Device> devices = DiscoveryClient.probe(to, Duration.ofSeconds(Math.max(1, waitSeconds)));
        for (DiscoveryClient.Device d : devices) {
            out.println(d.endpoint());
            out.println("  xaddrs: " + String.join(" ", d.xaddrs()));
            out.println("  types:  " + String.join(" ", d.types()));
            out.println("  scopes: " + String.join(" ", d.scopes()));
        }
        out.println(devices.size() + " device(s) found");
        return 0;
    }
}
