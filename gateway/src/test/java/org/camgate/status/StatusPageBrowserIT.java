package org.camgate.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.camgate.Gateway;
import org.camgate.config.ConfigLoader;
import org.camgate.protocol.auth.DigestClient;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.sim.camera.SimCameraServer;
import org.camgate.testing.NettyLeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.UsernameAndPassword;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The status page in a real browser: Debian's chromium, driven through Debian's chromedriver (package
 * {@code chromium-driver}; scripts/install-test-peers.sh installs both), against a gateway with a simulated camera.
 */
@ExtendWith(NettyLeakCheck.class)
class StatusPageBrowserIT {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    static Path dir;
    private static SimCameraServer cameras;
    private static Gateway gateway;
    private static ChromeDriver browser;
    private static int statusPort;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        assertThat(CHROMIUM).as("Debian package chromium (run scripts/install-test-peers.sh)").isExecutable();
        assertThat(CHROMEDRIVER).as("Debian package chromium-driver (run scripts/install-test-peers.sh)")
                .isExecutable();
        cameras = new SimCameraServer("127.0.0.1", 0, List.of(SimCameraConfig.of("cam1"))).start();
        gateway = new Gateway(ConfigLoader.parse("""
                site: lab
                rtsp: { listen: 127.0.0.1:0, udp: { enabled: false }, upstreamLinger: 1s }
                status: { listen: 127.0.0.1:0 }
                onvif: { listen: 127.0.0.1:0 }
                access: { allow: [127.0.0.1/32] }
                audit:
                  file: ${DIR}/audit.log
                  refusals: { limit: 100000 }
                mqtt:
                  broker: tcp://127.0.0.1:1
                  outbox: { dir: "${DIR}/outbox" }
                users:
                  - { name: nvr, password: secret, cameras: ["*"] }
                  - { name: boss, password: boss-pw, cameras: [], admin: true }
                cameras:
                  - id: door
                    purpose: "Prevent theft at the door <b id=injected>&amp;</b>"
                    source: ${CAMERA}/cam1
                  - id: yard
                    purpose: Vehicle theft in the yard
                    source: rtsp://127.0.0.1:1/never-pulled
                sensors:
                  - { id: radar-1, type: radar, input: "udp://127.0.0.1:0" }
                """, "test.yaml", Map.of("DIR", dir.toString(), "CAMERA", "rtsp://127.0.0.1:" + cameras.port())));
        gateway.start();
        statusPort = gateway.statusAddress().orElseThrow().getPort();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--window-size=1280,900", "--user-data-dir=" + dir.resolve("chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20)).scriptTimeout(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (gateway != null) {
            gateway.stop();
        }
        if (cameras != null) {
            cameras.stop();
        }
    }

    private static String base() {
        return "http://127.0.0.1:" + statusPort;
    }

    @Test
    void pageListsTheCamerasEscapedAndRefreshes() {
        browser.get(base() + "/");
        assertThat(browser.getTitle()).isEqualTo("camgate \u00b7 lab");
        List<WebElement> rows = browser.findElements(By.cssSelector("#cameras tbody tr"));
        assertThat(rows).extracting(r -> r.getAttribute("data-camera")).containsExactly("door", "yard");
        // A purpose comes from the configuration: shown as text, never as markup.
        assertThat(rows.get(0).getText()).contains("Prevent theft at the door <b id=injected>&amp;</b>");
        assertThat(browser.findElements(By.id("injected"))).isEmpty();
        assertThat(browser.findElement(By.id("sensors")).getText()).contains("radar-1").contains("radar")
                .contains("udp://127.0.0.1:" + gateway.sensors().address("radar-1").getPort());
        assertThat(browser.findElement(By.id("mqtt")).getText()).contains("tcp://127.0.0.1:1");
        assertThat(browser.findElements(By.id("access"))).isEmpty();
        // The script (a file: the CSP forbids inline ones) swaps in a fresh live part every few seconds.
        String first = updated();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> !updated().equals(first));
    }

    @Test
    void pageAnswersCarrySecurityHeaders() throws Exception {
        HttpResponse<String> page = get("/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-security-policy").orElseThrow())
                .contains("script-src 'self'").doesNotContain("unsafe-inline");
        assertThat(page.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(page.body()).contains("<script src=\"/page.js\"").doesNotContain("<script>");
        HttpResponse<String> script = get("/page.js", null);
        assertThat(script.headers().firstValue("content-type").orElseThrow()).startsWith("text/javascript");
    }

    @Test
    void accessLogNeedsAnAdminLoginAndShowsWhoWatched() throws Exception {
        HttpResponse<String> anonymous = get("/access", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().allValues("www-authenticate")).anyMatch(v -> v.startsWith("Digest "));
        assertThat(anonymous.body()).doesNotContain("session");
        assertThat(get("/access/live", new DigestClient("nvr", "secret")).statusCode())
                .as("a user without admin: true").isEqualTo(403);
        assertThat(get("/access/live", new DigestClient("boss", "wrong")).statusCode()).isEqualTo(401);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(Files.readAllLines(dir.resolve("audit.log"))).anyMatch(l -> l.contains("\"auth-failure\"")
                        && l.contains("\"boss\"") && l.contains("\"status\"") && l.contains("wrong password"))
                        .anyMatch(l -> l.contains("\"denied\"") && l.contains("\"nvr\"")
                                && l.contains("user is not an admin")));

        browser.get(base() + "/access");
        assertThat(browser.findElements(By.id("access"))).as("no login, no access log").isEmpty();

        try (FFmpegFrameGrabber reader = new FFmpegFrameGrabber("rtsp://nvr:secret@127.0.0.1:"
                + gateway.rtspAddress().getPort() + "/door")) {
            reader.setOption("rtsp_transport", "tcp");
            reader.setOption("timeout", "10000000");
            reader.start();
            for (int i = 0; i < 10; i++) {
                reader.grabImage();
            }
        }
        HttpResponse<String> admin = get("/access", new DigestClient("boss", "boss-pw"));
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.headers().firstValue("cache-control").orElseThrow()).contains("no-store");

        // What a person does at the browser's login dialog: type the admin's name and password.
        browser.register(UsernameAndPassword.of("boss", "boss-pw"));
        browser.get(base() + "/access");
        List<WebElement> found = browser.findElements(By.id("access"));
        assertThat(found).as("the access log after the admin's login").hasSize(1);
        WebElement access = found.get(0);
        WebElement end = access.findElements(By.cssSelector("tbody tr")).get(0);
        assertThat(end.getText()).contains("session-end").contains("nvr").contains("door").contains("tcp");
        assertThat(access.getText()).contains("session-start");
        // Refreshing the access part reuses the login.
        String first = updated();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> !updated().equals(first));
        assertThat(browser.findElement(By.id("access")).getText()).contains("session-end");
        Files.write(Path.of("target", "status-page-it.png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void clientOutsideTheAllowListIsRefusedAtAccept() throws Exception {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", statusPort), 5000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            InputStream in = socket.getInputStream();
            int first;
            try {
                first = in.read();
            } catch (java.net.SocketException reset) {
                first = -1;
            }
            assertThat(first).as("closed without an answer").isEqualTo(-1);
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(Files.readAllLines(dir.resolve("audit.log"))).anyMatch(l -> l.contains("\"denied\"")
                        && l.contains("127.0.0.2") && l.contains("\"status\"")));
    }

    /** When the page's live part was rendered (read in one go: the script swaps that part while we look). */
    private static String updated() {
        return String.valueOf(browser.executeScript("return document.getElementById('updated').textContent"));
    }

    private static HttpResponse<String> get(String path, DigestClient login) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (login != null && response.statusCode() == 401
                && login.onUnauthorized(response.headers().allValues("www-authenticate"))) {
            response = http.send(HttpRequest.newBuilder(URI.create(base() + path))
                    .header("Authorization", login.authorization("GET", path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        return response;
    }
}
