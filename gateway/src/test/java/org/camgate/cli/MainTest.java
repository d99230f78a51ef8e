package org.camgate.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.camgate.sim.SimulatorMain;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code camgate} and {@code camgate-sim}: the same --version lines, --help, and usage with exit 2 when bare. */
class MainTest {
    private record Output(int status, String out, String err) { }

    private static Output gateway(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        return new Output(Main.run(new PrintWriter(out), new PrintWriter(err), args), out.toString(), err.toString());
    }

    private static Output simulators(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new SimulatorMain());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Output(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void bothPrintTheBuildVersionAndTheRuntimeTheSameWay() {
        Output g = gateway("--version");
        Output s = simulators("--version");
        assertThat(g.status()).isZero();
        assertThat(s.status()).isZero();
        List<String> gl = g.out().lines().toList();
        List<String> sl = s.out().lines().toList();
        assertThat(gl).hasSize(2);
        assertThat(gl.get(0)).matches("camgate \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(sl.get(0)).isEqualTo(gl.get(0).replace("camgate ", "camgate-sim "));
        assertThat(gl.get(1)).startsWith("Java 17").isEqualTo(sl.get(1));
        assertThat(gateway("-V").out()).isEqualTo(g.out());
        assertThat(simulators("-V").out()).isEqualTo(s.out());
    }

    @Test
    void bothListTheirCommandsInHelpAndInTheHelpCommand() {
        assertThat(gateway("--help").out()).startsWith("Usage: camgate [-hV] [COMMAND]")
                .contains("  run ", "  check-config ", "  demo ", "  help ");
        assertThat(simulators("--help").out()).startsWith("Usage: camgate-sim [-hV] [COMMAND]")
                .contains("  run ", "  validate ", "  load ", "  sensor ", "  help ");
        assertThat(gateway("help", "check-config").out()).contains("--probe");
        assertThat(simulators("help", "validate").out()).contains("--scenario");
        assertThat(simulators("validate", "--help").out()).startsWith("Usage: camgate-sim validate");
    }

    @Test
    void bareCommandsShowTheirUsageOnStandardErrorAndExitTwo() {
        Output g = gateway();
        Output s = simulators();
        assertThat(g.status()).isEqualTo(2);
        assertThat(s.status()).isEqualTo(2);
        assertThat(g.err()).startsWith("Usage: camgate ");
        assertThat(s.err()).startsWith("Usage: camgate-sim ");
        assertThat(g.out()).isEmpty();
        assertThat(s.out()).isEmpty();
    }
}
