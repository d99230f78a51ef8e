package org.camgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorJarTest {
    @TempDir
    Path tree;

    private Path gatewayJar;
    private Path besideJar;
    private Path buildJar;

    @BeforeEach
    void layout() throws Exception {
        gatewayJar = Files.createDirectories(tree.resolve("gateway/target")).resolve("camgate.jar");
        Files.writeString(gatewayJar, "jar");
        besideJar = tree.resolve("gateway/target/camgate-sim.jar");
        buildJar = Files.createDirectories(tree.resolve("simulators/target")).resolve("camgate-sim.jar");
    }

    @Test
    void besideTheGatewayJarFirstThenTheSourceTree() throws Exception {
        Files.writeString(buildJar, "sim");
        assertThat(SimulatorJar.find(null, null, gatewayJar)).isEqualTo(buildJar);
        Files.writeString(besideJar, "sim");
        assertThat(SimulatorJar.find(null, "", gatewayJar)).isEqualTo(besideJar);
    }

    @Test
    void aClassesDirectoryLooksInItsTargetDirectoryToo() throws Exception {
        Files.writeString(buildJar, "sim");
        Path classes = Files.createDirectories(tree.resolve("gateway/target/classes"));
        assertThat(SimulatorJar.find(null, null, classes)).isEqualTo(buildJar);
    }

    @Test
    void theOptionThenTheEnvironmentWinAndMustExist() throws Exception {
        Files.writeString(besideJar, "sim");
        Path named = Files.writeString(tree.resolve("elsewhere.jar"), "sim");
        assertThat(SimulatorJar.find(named, besideJar.toString(), gatewayJar)).isEqualTo(named);
        assertThat(SimulatorJar.find(null, named.toString(), gatewayJar)).isEqualTo(named);
        assertThatThrownBy(() -> SimulatorJar.find(tree.resolve("no.jar"), null, gatewayJar))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessage("--sim-jar " + tree.resolve("no.jar") + ": no such file (build camgate-sim.jar with "
                        + "`mvn -q -DskipTests package` in the source tree: simulators/target/camgate-sim.jar)");
        assertThatThrownBy(() -> SimulatorJar.find(null, tree.resolve("no.jar").toString(), gatewayJar))
                .hasMessageStartingWith("CAMGATE_SIM_JAR=" + tree.resolve("no.jar") + ": no such file");
    }

    @Test
    void nowhereNamesThePlacesTheBuildCommandAndTheWaysToNameIt() {
        assertThatThrownBy(() -> SimulatorJar.find(null, null, gatewayJar))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessage("the demo runs its simulated site from camgate-sim.jar, which is not beside camgate.jar "
                        + "nor in the source tree (looked for " + besideJar + ", " + buildJar + "). Build it with "
                        + "`mvn -q -DskipTests package` in the source tree, or name it with --sim-jar FILE or "
                        + "CAMGATE_SIM_JAR=FILE");
    }
}
