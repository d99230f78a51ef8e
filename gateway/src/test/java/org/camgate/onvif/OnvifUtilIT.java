package org.camgate.onvif;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * libonvif's {@code onvif-util} (Debian {@code onvif-tools}) against the gateway, as a peer nobody here wrote. It
 * always finds a camera by WS-Discovery multicast first (even when given its address), so both run in a network
 * namespace of the test's own: its loopback gets multicast, a route for 224.0.0.0/4 and the address
 * {@value #ADDRESS}, on which the gateway ({@link OnvifPeerGateway}, a process started in the namespace) serves ONVIF
 * and answers WS-Discovery on 3702. Needs root, {@code ip} and {@code onvif-util}; skipped otherwise.
 */
class OnvifUtilIT {
    static final String ADDRESS = "10.77.0.1";
    private static final Pattern READY = Pattern.compile("READY onvif=(\\d+) rtsp=(\\d+)");

    @TempDir
    static Path dir;
    static String namespace;
    static Process gateway;
    static int rtspPort;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(onPath("onvif-util"), "onvif-util (Debian onvif-tools) is not installed");
        Assumptions.assumeTrue(onPath("ip"), "no ip command (iproute2)");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
        String name = "camgate-test-" + HexFormat.of().formatHex(SecureRandom.getSeed(4));
        Assumptions.assumeTrue(run(10, null, "ip", "netns", "add", name).exit() == 0,
                "cannot create a network namespace");
        namespace = name;
        ip("-n", namespace, "link", "set", "lo", "up");
        ip("-n", namespace, "link", "set", "lo", "multicast", "on");
        ip("-n", namespace, "addr", "add", ADDRESS + "/32", "dev", "lo");
        ip("-n", namespace, "route", "add", "224.0.0.0/4", "dev", "lo");

        Path log = dir.resolve("gateway.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        gateway = new ProcessBuilder("ip", "netns", "exec", namespace, java,
                "-cp", System.getProperty("java.class.path"), OnvifPeerGateway.class.getName(), dir.toString(), ADDRESS)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            Matcher m = READY.matcher(Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "");
            if (m.find()) {
                rtspPort = Integer.parseInt(m.group(2));
                break;
            }
            if (!gateway.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the gateway in " + namespace + " did not start:\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.getOutputStream().close(); // its input ends: it stops
            if (!gateway.waitFor(20, TimeUnit.SECONDS)) {
                gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (namespace != null) {
            // Deleting the namespace ends whatever still runs in it only when its last process has gone: no process
            // is left there (onvif-util runs are waited for).
            run(10, null, "ip", "netns", "del", namespace);
        }
    }

    @Test
    void discoversTheGatewayByMulticast() throws Exception {
        Result r = inNamespace(null, "onvif-util", "-a");
        // One line per camera: its address, then the name from its scopes (the display varies between versions).
        assertThat(r.output()).contains("Found 1 camera")
                .containsPattern("(?m)^" + Pattern.quote(ADDRESS) + " .*camgate-peer-test");
    }

    @Test
    void logsInAndReadsProfilesAndTheStreamUriOnTheGatewaysRtspPort() throws Exception {
        Result r = inNamespace("get profiles\nget video\nget rtsp\nquit\n", "onvif-util", "-u", "nvr", "-p", "secret",
                ADDRESS);
        assertThat(r.output()).contains("successfully connected to host").contains("serial: CG-")
                .contains("Token 0: entrance")
                .contains("Resolution: 640 x 360").contains("rtsp://" + ADDRESS + ":" + rtspPort + "/entrance")
                .doesNotContain("ERROR");
        // libonvif reuses one nonce within a second (each request with its own Created): none of it was a replay.
        assertThat(Files.readAllLines(dir.resolve("audit.log"))).noneMatch(l -> l.contains("replayed"))
                .noneMatch(l -> l.contains("\"user\":\"nvr\"") && l.contains("auth-failure"));
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        Result r = inNamespace("quit\n", "onvif-util", "-u", "nvr", "-p", "wrong", ADDRESS);
        assertThat(r.output()).doesNotContain("successfully connected").contains("NotAuthorized");
    }

    record Result(int exit, String output) {
    }

    private static Result inNamespace(String input, String... command) throws Exception {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        return run(60, input, full.toArray(String[]::new));
    }

    private static void ip(String... args) throws Exception {
        List<String> full = new ArrayList<>(List.of("ip"));
        full.addAll(List.of(args));
        Result r = run(10, null, full.toArray(String[]::new));
        if (r.exit() != 0) {
            throw new IllegalStateException(String.join(" ", full) + " failed: " + r.output());
        }
    }

    private static Result run(int seconds, String input, String... command) throws Exception {
        Path out = Files.createTempFile(dir, "run", ".out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try (OutputStream in = p.getOutputStream()) {
            if (input != null) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // it ended before reading its input
        }
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException(String.join(" ", command) + " did not end within " + seconds + " s:\n"
                    + Files.readString(out, StandardCharsets.ISO_8859_1));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1));
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        for (String d : (path == null ? "/usr/sbin:/usr/bin:/sbin:/bin" : path + ":/usr/sbin:/sbin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }
}
