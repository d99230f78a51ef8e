package org.camgate.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The Debian package {@code mvn package} builds: its contents, then installed with {@code dpkg -i} into this machine
 * (the test runs as root, here and in CI), the system user, permissions, the systemd unit as systemd reads it, and the
 * installed {@code camgate check-config} run as that user. Purged at the end (the user stays, as Debian policy says).
 * Installing into the real system is deliberate: {@code dpkg --root} would run the maintainer scripts in a chroot
 * without a system, so the user creation would not be tested.
 */
class DebianPackageIT {
    private static final Path TARGET = Path.of("target");

    private static Path deb() throws IOException {
        try (Stream<Path> files = Files.list(TARGET)) {
            List<Path> debs = files.filter(p -> p.getFileName().toString().matches("camgate_.+_all\\.deb")).toList();
            assertThat(debs).as("mvn package builds exactly one camgate_VERSION_all.deb in target/").hasSize(1);
            return debs.get(0);
        }
    }

    private record Result(int status, String output) { }

    private static Result exec(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within 120 s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void packageHoldsTheJarWrapperConffilesUnitAndStateDirectory() throws Exception {
        Path deb = deb();
        String contents = exec("dpkg-deb", "--contents", deb.toString()).output();
        assertThat(contents).contains("./usr/share/camgate/camgate.jar", "./usr/bin/camgate",
                "./etc/camgate/camgate.yaml", "./etc/default/camgate", "./usr/lib/systemd/system/camgate.service",
                "./var/lib/camgate/", "./usr/share/doc/camgate/reference.yaml");
        assertThat(contents.lines().filter(l -> l.endsWith("./usr/bin/camgate"))).singleElement()
                .asString().startsWith("-rwxr-xr-x");
        assertThat(exec("dpkg-deb", "--info", deb.toString(), "conffiles").output().lines())
                .containsExactlyInAnyOrder("/etc/camgate/camgate.yaml", "/etc/default/camgate");
        String control = exec("dpkg-deb", "--field", deb.toString(), "Package", "Architecture", "Depends").output();
        assertThat(control).contains("Package: camgate", "Architecture: all", "java-runtime-headless (>= 17)");
    }

    @Test
    void installsAsAServiceUserAndTheInstalledCommandChecksTheShippedConfiguration() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            fail("DebianPackageIT installs the package with dpkg -i: run the tests as root (CI does)");
        }
        Path deb = deb();
        Result install = exec("dpkg", "-i", deb.toString());
        try {
            assertThat(install.status()).as(install.output()).isZero();
            assertThat(exec("getent", "passwd", "camgate").output()).contains(":/var/lib/camgate:/usr/sbin/nologin");

            PosixFileAttributes state = Files.readAttributes(Path.of("/var/lib/camgate"), PosixFileAttributes.class);
            assertThat(state.owner().getName()).isEqualTo("camgate");
            assertThat(PosixFilePermissions.toString(state.permissions())).isEqualTo("rwxr-x---");
            PosixFileAttributes yaml = Files.readAttributes(Path.of("/etc/camgate/camgate.yaml"), PosixFileAttributes.class);
            assertThat(yaml.owner().getName()).isEqualTo("root");
            assertThat(yaml.group().getName()).isEqualTo("camgate");
            assertThat(PosixFilePermissions.toString(yaml.permissions())).isEqualTo("rw-r-----");

            String unit = Files.readString(Path.of("/usr/lib/systemd/system/camgate.service"));
            assertThat(unit).contains("User=camgate", "ExecStart=/usr/bin/camgate run --config /etc/camgate/camgate.yaml",
                    "ExecReload=/bin/kill -HUP $MAINPID", "NoNewPrivileges=true", "ProtectSystem=strict",
                    "ReadWritePaths=/var/lib/camgate");
            Result verify = exec("systemd-analyze", "verify", "/usr/lib/systemd/system/camgate.service");
            assertThat(verify.status()).as(verify.output()).isZero();
            assertThat(verify.output()).as("systemd reads every line of the unit").isBlank();

            Result check = exec("runuser", "-u", "camgate", "--", "/usr/bin/camgate", "check-config", "--config",
                    "/etc/camgate/camgate.yaml");
            assertThat(check.status()).as(check.output()).isZero();
            assertThat(check.output()).contains("OK: /etc/camgate/camgate.yaml: 0 cameras, 0 users");
            Result version = exec("/usr/bin/camgate", "--version");
            assertThat(version.output()).startsWith("camgate ");
            // The package holds no simulators: the installed demo says where it looked and how to get the jar.
            Result demo = exec("env", "-u", "CAMGATE_SIM_JAR", "/usr/bin/camgate", "demo");
            assertThat(demo.status()).as(demo.output()).isEqualTo(1);
            assertThat(demo.output()).contains("/usr/share/camgate/camgate-sim.jar", "mvn -q -DskipTests package",
                    "--sim-jar FILE or CAMGATE_SIM_JAR=FILE");
        } finally {
            Result purge = exec("dpkg", "--purge", "camgate");
            List<String> left = new ArrayList<>();
            for (String path : List.of("/usr/share/camgate", "/etc/camgate", "/var/lib/camgate", "/usr/bin/camgate")) {
                if (Files.exists(Path.of(path))) {
                    left.add(path);
                }
            }
            assertThat(purge.status()).as(purge.output()).isZero();
            assertThat(left).as("removed by dpkg --purge").isEmpty();
        }
    }
}
