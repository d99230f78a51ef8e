package org.camgate.config;

import org.camgate.common.yaml.ConfigException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A table of YAML snippets and the exact problems they give (mediamtx conf_test style): messages are a contract. */
class ConfigErrorsTest {
    private static final String CAMERA = "  - id: cam\n    purpose: p\n    source: rtsp://192.0.2.1/s\n";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("unknown key", """
                        site: s
                        rtsp:
                          lsten: 127.0.0.1:8554
                        """, "rtsp.lsten (line 3): unknown key; expected one of: listen, udp, sessionTimeout, "
                        + "requestTimeout, idleTimeout, maxConnections, maxUnauthenticatedPerAddress, maxSessions, "
                        + "maxSessionsPerAddress, readerQueue, gopCache, nonceLifetime, upstreamLinger, "
                        + "reconnectMin, reconnectMax, upstreamTimeout"),
                Arguments.of("unknown top-level key", "site: s\ncamera: []\n",
                        "camera (line 2): unknown key; expected one of: site, rtsp, onvif, mqtt, access, users, audit, status, cameras, sensors, log, reload, clips"),
                Arguments.of("missing site", "rtsp: {}\n", "site (line 1): required: a short name for this site, e.g. lab-1"),
                Arguments.of("empty file", "", "site (line 1): required (the file is empty)"),
                Arguments.of("not a mapping", "- a\n", "line 1: expected a mapping, got a list"),
                Arguments.of("bad site", "site: has space\n",
                        "site (line 1): invalid id \"has space\" (expected 1-64 letters, digits, _ or -, starting with a letter or digit)"),
                Arguments.of("duplicate key", "site: s\nsite: t\n", "site (line 2): duplicate key (first at line 1)"),
                Arguments.of("merge key", "site: s\n<<: {x: 1}\n", "<< (line 2): merge keys (<<) are not supported"),
                Arguments.of("YAML syntax", "site: s\nrtsp: {listen: \"a\n", "line 3: invalid YAML: found unexpected end of stream"),
                Arguments.of("unquoted IPv6 in a flow list", "site: s\naccess:\n  allow: [127.0.0.0/8, ::1/128]\n",
                        "line 3: invalid YAML: expected the node content, but found ':' (quote a value that starts with a colon, e.g. \"::1/128\")"),
                Arguments.of("port out of range", "site: s\nrtsp:\n  listen: 127.0.0.1:99999\n",
                        "rtsp.listen (line 3): invalid address \"127.0.0.1:99999\": port 99999 out of range (expected: 0-65535)"),
                Arguments.of("bad host:port", "site: s\nonvif:\n  listen: 8080\n",
                        "onvif.listen (line 3): invalid address \"8080\": no port (expected host:port, e.g. 127.0.0.1:8554, [::1]:8554 or localhost:8554)"),
                Arguments.of("IPv6 without brackets", "site: s\nmqtt:\n  embedded: {listen: \"::1:1883\"}\n",
                        "mqtt.embedded.listen (line 3): invalid address \"::1:1883\": write an IPv6 address in brackets, e.g. [::1]:8554"),
                Arguments.of("wrong type", "site: s\nrtsp:\n  listen: [1, 2]\n", "rtsp.listen (line 3): expected host:port, got a list"),
                Arguments.of("section of wrong type", "site: s\nrtsp: 8554\n", "rtsp (line 2): expected a mapping, got a value"),
                Arguments.of("no value", "site: s\nrtsp:\n  listen:\n",
                        "rtsp.listen (line 3): no value; expected host:port"),
                Arguments.of("duration without unit", "site: s\nrtsp:\n  sessionTimeout: 60\n",
                        "rtsp.sessionTimeout (line 3): invalid duration \"60\": a unit is required (e.g. 60s; units: ms, s, m, h, d)"),
                Arguments.of("bad duration", "site: s\nrtsp:\n  requestTimeout: 5 s\n",
                        "rtsp.requestTimeout (line 3): invalid duration \"5 s\" (expected a number with unit ms, s, m, h or d, e.g. 500ms, 10s, 5m, 72h, 30d)"),
                Arguments.of("zero timeout", "site: s\nrtsp:\n  idleTimeout: 0s\n", "rtsp.idleTimeout (line 3): must be longer than 0s"),
                Arguments.of("bad sizes", "site: s\nrtsp:\n  readerQueue: 4096\n  gopCache: 8M\n",
                        "rtsp.readerQueue (line 3): invalid size \"4096\": a unit is required (e.g. 4096B; units: B, KB, MB, GB)\n"
                                + "rtsp.gopCache (line 4): invalid size \"8M\" (expected a number with unit B, KB, MB or GB, e.g. 512KB, 4MB, 1GB)"),
                Arguments.of("odd rtpPort", "site: s\nrtsp:\n  udp: {rtpPort: 8001, rtcpPort: 8002}\n",
                        "rtsp.udp.rtpPort (line 3): must be even (got 8001); RTCP usually takes the next port"),
                Arguments.of("udp port out of range", "site: s\nrtsp:\n  udp:\n    rtcpPort: 70000\n",
                        "rtsp.udp.rtcpPort (line 4): port 70000 out of range (expected: 0-65535)"),
                Arguments.of("one ephemeral port", "site: s\nrtsp:\n  udp: {rtpPort: 0}\n",
                        "rtsp.udp.rtcpPort (line 3): rtpPort and rtcpPort must both be 0 (any free ports) or both be set"),
                Arguments.of("not a boolean", "site: s\nrtsp:\n  udp: {enabled: yes}\n",
                        "rtsp.udp.enabled (line 3): expected true or false, got \"yes\""),
                Arguments.of("limits", """
                        site: s
                        rtsp:
                          maxConnections: 0
                          maxSessions: -1
                          maxUnauthenticatedPerAddress: abc
                        access:
                          loginFailures: {perAddress: 0, window: 0s}
                        """, """
                        rtsp.maxConnections (line 3): must be > 0 (got 0)
                        rtsp.maxSessions (line 4): must be > 0 (got -1)
                        rtsp.maxUnauthenticatedPerAddress (line 5): expected an integer, got "abc"
                        access.loginFailures.perAddress (line 7): must be > 0 (got 0)
                        access.loginFailures.window (line 7): must be longer than 0s"""),
                Arguments.of("command identity that is not a user", "site: s\nmqtt:\n  commandIdentities: [ops]\n  embedded: {users: [{name: ops, password: x}]}\n",
                        "mqtt.commandIdentities[0] (line 3): \"ops\" is not in users: a command identity must be a gateway user, "
                                + "whose cameras list says which cameras it may command"),
                Arguments.of("keys of earlier releases", "site: s\nrtsp:\n  authFailures: {limit: 3}\n  maxConnectionsPerAddress: 9\n", """
                        rtsp.authFailures (line 3): moved: failed logins of every protocol are limited by access.loginFailures (perAddress, perUser, global, window)
                        rtsp.maxConnectionsPerAddress (line 4): replaced by rtsp.maxUnauthenticatedPerAddress (connections not yet authenticated; an authenticated recording server may hold up to maxConnections)"""),
                Arguments.of("per-address above total", "site: s\nrtsp:\n  maxSessions: 10\n",
                        "rtsp.maxSessionsPerAddress (line 3): the default (1000) exceeds maxSessions (10); set maxSessionsPerAddress too"),
                Arguments.of("per-address above total, both set", "site: s\nrtsp:\n  maxConnections: 10\n  maxUnauthenticatedPerAddress: 11\n",
                        "rtsp.maxUnauthenticatedPerAddress (line 4): must not exceed maxConnections (10)"),
                Arguments.of("reconnect order", "site: s\nrtsp:\n  reconnectMin: 10s\n  reconnectMax: 5s\n",
                        "rtsp.reconnectMax (line 4): must not be shorter than reconnectMin (10s)"),
                Arguments.of("bad CIDRs", "site: s\naccess:\n  allow: [10.0.0.0/33, bogus]\n",
                        "access.allow[0] (line 3): invalid CIDR \"10.0.0.0/33\": prefix length 33 is too long (expected: 0-32)\n"
                                + "access.allow[1] (line 3): invalid CIDR \"bogus\": \"bogus\" is not an IPv4 address (expected four numbers 0-255, e.g. 10.0.0.0/8)"),
                Arguments.of("empty allow", "site: s\naccess:\n  allow: []\n",
                        "access.allow (line 3): an empty list admits no one; omit the key for the default (127.0.0.0/8, ::1/128)"),
                Arguments.of("allow not a list", "site: s\naccess:\n  allow: 10.0.0.0/8\n",
                        "access.allow (line 3): expected a list, got a value"),
                Arguments.of("missing variable", "site: s\nusers:\n  - name: nvr\n    password: ${NVR_PASSWRD}\n    cameras: [\"*\"]\n",
                        "users[0].password (line 4): undefined variable ${NVR_PASSWRD} (set NVR_PASSWRD in the environment)"),
                Arguments.of("unterminated variable", "site: s\nonvif: {listen: \"${NOPE\"}\n",
                        "onvif.listen (line 2): unterminated ${ (write $${ for a literal ${)"),
                Arguments.of("invalid variable name", "site: s\nusers:\n  - {name: u, password: \"a${x-y}\", cameras: [\"*\"]}\n",
                        "users[0].password (line 3): invalid variable reference: a name is letters, digits and _ (write $${ for a literal ${)"),
                Arguments.of("users", """
                        site: s
                        users:
                          - name: nvr
                            password: ""
                            cameras: [nope]
                          - name: nvr
                            password: x
                            cameras: ["*"]
                          - name: viewer
                          - password: x
                            cameras: [cam, cam]
                        cameras:
                        """ + CAMERA, """
                        users[0].password (line 4): must not be empty
                        users[0].cameras[0] (line 5): unknown camera "nope" (cameras: cam)
                        users[1].name (line 6): duplicate user name "nvr"
                        users[2].password (line 9): required (e.g. password: ${NVR_PASSWORD})
                        users[2].cameras (line 9): required: a list of camera ids, or ["*"] for all
                        users[3].name (line 10): required: a unique user name
                        users[3].cameras[1] (line 11): duplicate camera "cam\""""),
                Arguments.of("missing purpose", "site: s\ncameras:\n  - id: entrance\n    source: rtsp://u:p@192.0.2.1/s\n",
                        "cameras[0].purpose (line 3): required: say what this camera is for, e.g. \"Prevent theft at the main entrance\""),
                Arguments.of("blank purpose, wrong scheme", "site: s\ncameras:\n  - id: e\n    purpose: \"  \"\n    source: http://u:secret@192.0.2.1/s\n",
                        "cameras[0].purpose (line 4): required: say what this camera is for, e.g. \"Prevent theft at the main entrance\"\n"
                                + "cameras[0].source (line 5): unsupported scheme \"http\" (expected: rtsp://... or rtsps://...)"),
                Arguments.of("list entry not a mapping", "site: s\ncameras: [entrance]\nusers:\n  - nvr\nsensors: [[]]\n",
                        "cameras[0] (line 2): expected a mapping, got a value\nusers[0] (line 4): expected a mapping, got a value\n"
                                + "sensors[0] (line 5): expected a mapping, got a list"),
                Arguments.of("allowBasic not a boolean", "site: s\ncameras:\n" + CAMERA + "    allowBasic: yes please\n",
                        "cameras[0].allowBasic (line 6): expected true or false, got \"yes please\""),
                Arguments.of("onDemand not a boolean, signalLossAfter zero",
                        "site: s\ncameras:\n" + CAMERA + "    onDemand: sometimes\n    signalLossAfter: 0s\n",
                        "cameras[0].onDemand (line 6): expected true or false, got \"sometimes\"\n"
                                + "cameras[0].signalLossAfter (line 7): must be longer than 0s"),
                Arguments.of("missing source", "site: s\ncameras:\n  - {id: e, purpose: p}\n",
                        "cameras[0].source (line 3): required: an rtsp:// URL, or { onvif: { url, username, password } }"),
                Arguments.of("camera ids", """
                        site: s
                        cameras:
                          - id: entrance
                            purpose: p
                            source: rtsp://u:p@ss@192.0.2.1/s
                          - id: entrance
                            purpose: p
                            source: rtsp://192.0.2.1/s
                          - id: bad id
                            purpose: p
                            source: rtsp://192.0.2.1/s
                          - purpose: p
                            source: 192.0.2.1/s
                        """, """
                        cameras[0].source (line 5): no host in the URL (percent-encode special characters in the user name and password, e.g. @ as %40)
                        cameras[1].id (line 6): duplicate camera id "entrance"
                        cameras[2].id (line 9): invalid id "bad id" (expected 1-64 letters, digits, _ or -, starting with a letter or digit)
                        cameras[3].id (line 12): required: a unique camera id
                        cameras[3].source (line 13): not a URL (expected: rtsp://... or rtsps://...)"""),
                Arguments.of("gates", """
                        site: s
                        cameras:
                          - id: a
                            purpose: p
                            source: rtsp://192.0.2.1/s
                            gate: {mode: sometimes}
                          - id: b
                            purpose: p
                            source: rtsp://192.0.2.1/s
                            gate: {mode: triggers}
                          - id: c
                            purpose: p
                            source: rtsp://192.0.2.1/s
                            gate: {mode: triggers, triggers: [], preRoll: 3}
                          - id: d
                            purpose: p
                            source: rtsp://192.0.2.1/s
                            gate: {mode: motion, triggers: [camera-motion, sensor:radar-9, "sensor:radar-1/zone one", wave, motion, motion]}
                        sensors:
                          - id: radar-1
                            type: radar
                            input: udp://127.0.0.1:9101
                        """, """
                        cameras[0].gate.mode (line 6): unknown gate mode "sometimes" (expected one of: always, motion, triggers)
                        cameras[1].gate.triggers (line 10): required with mode triggers: list what opens the gate (expected one of: motion, camera-motion, camera-field, camera-line, manual, sensor:<id>, sensor:<id>/<zone>)
                        cameras[2].gate.triggers (line 14): must not be empty with mode triggers (expected one of: motion, camera-motion, camera-field, camera-line, manual, sensor:<id>, sensor:<id>/<zone>)
                        cameras[2].gate.preRoll (line 14): invalid duration "3": a unit is required (e.g. 3s; units: ms, s, m, h, d)
                        cameras[3].gate.triggers[0] (line 18): camera-motion needs an onvif source (it comes from the camera's ONVIF events)
                        cameras[3].gate.triggers[1] (line 18): unknown sensor "radar-9" (sensors: radar-1)
                        cameras[3].gate.triggers[2] (line 18): invalid trigger "sensor:radar-1/zone one": sensor id and zone are 1-64 letters, digits, _ or -
                        cameras[3].gate.triggers[3] (line 18): unknown trigger "wave" (expected one of: motion, camera-motion, camera-field, camera-line, manual, sensor:<id>, sensor:<id>/<zone>)
                        cameras[3].gate.triggers[5] (line 18): duplicate trigger "motion\""""),
                Arguments.of("gate schedules", """
                        site: s
                        cameras:
                          - id: a
                            purpose: p
                            source: rtsp://192.0.2.1/s
                            gate:
                              mode: motion
                              schedule: {windows: ["weekdays 18:00-07:00", "mon 18:00-25:00"]}
                          - id: b
                            purpose: p
                            source: rtsp://192.0.2.1/s
                            gate:
                              mode: triggers
                              triggers: [manual]
                              preRollBytes: 0MB
                              schedule: {timezone: Mars/Olympus, windows: []}
                          - id: c
                            purpose: p
                            source: rtsp://192.0.2.1/s
                            gate:
                              schedule: {timezone: UTC, windows: ["mon 18:00-19:00"], days: 1}
                        """, """
                        cameras[0].gate.schedule.timezone (line 8): required: the site's time zone the windows are written in, e.g. Europe/Stockholm
                        cameras[0].gate.schedule.windows[0] (line 8): unknown day "weekdays" in "weekdays 18:00-07:00" (expected mon, tue, wed, thu, fri, sat, sun)
                        cameras[0].gate.schedule.windows[1] (line 8): invalid time 25:00 in "mon 18:00-25:00" (expected 00:00 to 23:59, or 24:00 as an end)
                        cameras[1].gate.preRollBytes (line 15): must be larger than 0B
                        cameras[1].gate.schedule.timezone (line 16): unknown time zone "Mars/Olympus" (expected a region like Europe/Stockholm, or UTC)
                        cameras[1].gate.schedule.windows (line 16): must not be empty: the gate would never open (remove schedule to allow all times)
                        cameras[2].gate.schedule.days (line 21): unknown key; expected one of: timezone, windows
                        cameras[2].gate.schedule (line 21): has no effect with mode always (video always flows); use mode motion or triggers"""),
                Arguments.of("sensor trigger without sensors", "site: s\ncameras:\n" + CAMERA + "    gate: {triggers: [sensor:r]}\n",
                        "cameras[0].gate.triggers[0] (line 6): unknown sensor \"r\" (no sensors are configured)"),
                Arguments.of("camera fields", """
                        site: s
                        cameras:
                          - id: e
                            purpose: p
                            source: {onvif: {url: rtsp://192.0.2.1/, password: p}}
                            audio: mute
                            transport: sctp
                            access: {allow: [192.0.2.0/24], deny: [x]}
                        """, """
                        cameras[0].source.onvif.url (line 5): unsupported scheme "rtsp" (expected: http://... or https://... (the device service URL))
                        cameras[0].audio (line 6): unknown audio policy "mute" (expected one of: strip, keep)
                        cameras[0].transport (line 7): unknown transport "sctp" (expected one of: tcp, udp)
                        cameras[0].access.deny[0] (line 8): invalid CIDR "x": "x" is not an IPv4 address (expected four numbers 0-255, e.g. 10.0.0.0/8)"""),
                Arguments.of("two source kinds", "site: s\ncameras:\n  - id: e\n    purpose: p\n    source: {onvif: {url: http://h/}, rtsp: {url: rtsp://h/}}\n",
                        "cameras[0].source (line 5): expected exactly one of: rtsp, onvif"),
                Arguments.of("source map keys", "site: s\ncameras:\n  - id: e\n    purpose: p\n    source:\n      rtsp: {uri: rtsp://h/}\n",
                        "cameras[0].source.rtsp.uri (line 6): unknown key; expected one of: url, username, password\n"
                                + "cameras[0].source.rtsp.url (line 6): required: the rtsp:// address"),
                Arguments.of("credentials twice", "site: s\ncameras:\n  - id: e\n    purpose: p\n    source:\n      rtsp: {url: \"rtsp://a:b@h/\", username: c}\n",
                        "cameras[0].source.rtsp.url (line 6): credentials both in the URL and in username/password; keep one"),
                Arguments.of("sensors", """
                        site: s
                        sensors:
                          - id: radar-1
                            type: sonar
                            input: udp://127.0.0.1
                          - id: radar-1
                            type: radar
                            input: ftp://x/
                          - type: lidar
                        """, """
                        sensors[0].type (line 4): unknown sensor type "sonar" (expected one of: radar, lidar, thermal)
                        sensors[0].input (line 5): no port in the URL (expected e.g. udp://127.0.0.1:9101)
                        sensors[1].id (line 6): duplicate sensor id "radar-1"
                        sensors[1].input (line 8): unsupported input scheme "ftp" (supported: udp, e.g. udp://127.0.0.1:9101)
                        sensors[2].id (line 9): required: a unique sensor id
                        sensors[2].input (line 9): required: where detections arrive, e.g. udp://127.0.0.1:9101"""),
                Arguments.of("mqtt", "site: s\nmqtt:\n  broker: mqtt://host\n  topicPrefix: a/#\n",
                        "mqtt.broker (line 3): unsupported scheme \"mqtt\" (expected: embedded, tcp://host:1883 or ssl://host:8883)\n"
                                + "mqtt.topicPrefix (line 4): invalid topic prefix \"a/#\" (expected topic levels without wildcards, e.g. camgate or acme/camgate)"),
                Arguments.of("broker credentials", "site: s\nmqtt:\n  broker: tcp://user:pw@host:1883\n",
                        "mqtt.broker (line 3): credentials in the broker URL are not supported"),
                Arguments.of("mqtt credentials and options", """
                        site: s
                        mqtt:
                          broker: tcp://127.0.0.1:1883
                          embedded:
                            users: [{name: a, password: b}]
                          username: gw
                          caCertificate: ca.pem
                          qos: 0
                          outbox: {maxBytes: 0B, maxMessages: 0, retention: 0d}
                          reconnect: {min: 2s, max: 1s}
                          commandIdentities: ["bad name"]
                        """, """
                        mqtt.embedded.users (line 5): only used with broker: embedded (an external broker keeps its own logins)
                        mqtt.username (line 6): a username needs a password (mqtt.password)
                        mqtt.caCertificate (line 7): only used with an ssl:// broker
                        mqtt.qos (line 8): unsupported QoS 0 (expected: 1 or 2; the outbox needs the broker's acknowledgement)
                        mqtt.outbox.maxBytes (line 9): must be larger than 0B
                        mqtt.outbox.maxMessages (line 9): must be > 0 (got 0)
                        mqtt.outbox.retention (line 9): must be longer than 0s
                        mqtt.reconnect.max (line 10): must not be shorter than reconnect.min (2s)
                        mqtt.commandIdentities[0] (line 11): invalid identity "bad name" (expected letters, digits, . _ -)"""),
                Arguments.of("mqtt embedded command identity", """
                        site: s
                        mqtt:
                          embedded: {users: [{name: ops}, {name: camgate-gateway, password: x}]}
                          username: gw
                          password: pw
                          commandIdentities: [alarm]
                        """, """
                        mqtt.embedded.users[0].password (line 3): required: the password (take it from the environment, e.g. ${ALARM_MQTT_PASSWORD})
                        mqtt.embedded.users[1].name (line 3): the user name camgate-gateway is reserved for the gateway's own client
                        mqtt.username (line 4): only used with an external broker (tcp:// or ssl://); logins to the embedded broker are mqtt.embedded.users
                        mqtt.commandIdentities[0] (line 6): unknown identity "alarm": with the embedded broker, add it to mqtt.embedded.users with a password"""),
                Arguments.of("audit", "site: s\naudit: {file: \"\", retention: 0d}\n",
                        "audit.file (line 2): must not be empty\naudit.retention (line 2): must be longer than 0s"),
                Arguments.of("alias bomb", """
                        a: &a [1,1,1,1,1,1,1,1,1]
                        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                        """, "invalid YAML: Number of aliases for non-scalar nodes exceeds the specified max=20"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEveryProblemWithPathAndLine(String name, String yaml, String expected) {
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "test.yaml", Map.of("NVR_PASSWORD", "pw")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(expected);
    }
}
