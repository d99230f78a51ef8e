package org.camgate.cli;

import java.io.FileNotFoundException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where {@code camgate demo} finds the simulator jar: {@code --sim-jar FILE}, else {@code CAMGATE_SIM_JAR}, else
 * {@code camgate-sim.jar} beside {@code camgate.jar}, else {@code ../../simulators/target/camgate-sim.jar} relative to
 * the directory of {@code camgate.jar} (the source tree after {@code mvn package}).
 */
final class SimulatorJar {
    static final String NAME = "camgate-sim.jar";
    static final String ENV = "CAMGATE_SIM_JAR";
    static final String BUILD = "mvn -q -DskipTests package";

    private SimulatorJar() {
    }

    /**
     * The simulator jar, or a {@link FileNotFoundException} whose message names the places looked at, the build
     * command and the ways to name the jar.
     *
     * @param option  {@code --sim-jar}, or null
     * @param env     {@code CAMGATE_SIM_JAR}, or null
     * @param gateway where this code runs from: {@code camgate.jar}, or a classes directory in a build tree
     */
    static Path find(Path option, String env, Path gateway) throws FileNotFoundException {
        if (option != null) {
            return existing(option, "--sim-jar " + option);
        }
        if (env != null && !env.isBlank()) {
            return existing(Path.of(env), ENV + "=" + env);
        }
        Path dir = gateway.toAbsolutePath().getParent();
        List<Path> looked = new ArrayList<>();
        for (Path candidate : List.of(dir.resolve(NAME), dir.resolve("../../simulators/target").resolve(NAME))) {
            Path normal = candidate.normalize();
            if (Files.isRegularFile(normal)) {
                return normal;
            }
            looked.add(normal);
        }
        throw new FileNotFoundException("the demo runs its simulated site from " + NAME + ", which is not beside "
                + "camgate.jar nor in the source tree (looked for " + String.join(", ", looked.stream()
                .map(Path::toString).toList()) + "). Build it with `" + BUILD + "` in the source tree, or name it "
                + "with --sim-jar FILE or " + ENV + "=FILE");
    }

    private static Path existing(Path jar, String named) throws FileNotFoundException {
        if (!Files.isRegularFile(jar)) {
            throw new FileNotFoundException(named + ": no such file (build " + NAME + " with `" + BUILD
                    + "` in the source tree: simulators/target/" + NAME + ")");
        }
        return jar.toAbsolutePath().normalize();
    }

    /** The jar (or classes directory) this class was loaded from. */
    static Path gatewayLocation() {
        try {
            return Path.of(SimulatorJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of(NAME).toAbsolutePath();
        }
    }
}
