package org.camgate.sim.onvif;

import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxws.JaxWsServerFactoryBean;
import org.apache.cxf.transport.http.netty.server.NettyHttpServerEngineFactory;
import org.camgate.common.net.HostPort;
import org.camgate.sim.camera.SimCameraConfig;
import org.camgate.sim.camera.SimCameraServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.xml.namespace.QName;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A simulated ONVIF camera (Device, Media, Events with pull points) in front of one camera of a running
 * {@link SimCameraServer}: its profile describes that camera, GetStreamUri points at it, and its motion events
 * follow the camera's scripted scene. Served by CXF JAX-WS on CXF's Netty HTTP transport, SOAP 1.2, with
 * WS-Security UsernameToken checked when credentials are configured. {@link #start()} binds (port 0 picks a free
 * port), {@link #stop()} is idempotent.
 */
public final class SimOnvifCamera {
    public static final String DEVICE_PATH = "/onvif/device_service";
    public static final String MEDIA_PATH = "/onvif/media_service";
    public static final String EVENTS_PATH = "/onvif/event_service";
    public static final String SUBSCRIPTION_PATH = "/onvif/subscription";
    private static final Logger log = LoggerFactory.getLogger(SimOnvifCamera.class);
    private static final int THREADS = 32;

    private final SimOnvifConfig config;
    private final SimCameraServer rtsp;
    private final Clock deviceClock;
    private final SimPullPoints pullPoints;
    private Bus bus;
    private SimOnvifEngine engine;
    private final List<Server> servers = new ArrayList<>();
    private UsernameTokenCheck tokenCheck;
    private int port = -1;

    public SimOnvifCamera(SimOnvifConfig config, SimCameraServer rtsp) {
        this.config = config;
        this.rtsp = rtsp;
        this.deviceClock = Clock.offset(Clock.systemUTC(), config.clockOffset());
        this.pullPoints = new SimPullPoints(deviceClock);
    }

    public synchronized SimOnvifCamera start() {
        if (port >= 0) {
            return this;
        }
        SimCameraConfig camera = rtsp.cameras().stream().filter(c -> c.path().equals(strip(config.cameraPath())))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("cameraPath: " + config.cameraPath()
                        + " (expected one of the RTSP server's cameras)"));
        try {
            bus = BusFactory.newInstance().createBus();
            engine = new SimOnvifEngine(config.host(), config.port(), bus, THREADS);
            port = engine.bind();
            bus.getExtension(NettyHttpServerEngineFactory.class).setEnginesList(List.of(engine));
            String hostPort = hostPort();
            if (config.username() != null) {
                tokenCheck = new UsernameTokenCheck(config.username(), config.password(), deviceClock);
            }
            MotionTimeline motion = new MotionTimeline(camera.scene(), rtsp::elapsedSeconds);
            publish(DEVICE_PATH, new SimDevice(deviceClock, hostPort, "SIM-" + camera.path()), "DeviceService", "Device",
                    "http://www.onvif.org/ver10/device/wsdl", "classpath:onvif/ver10/device/wsdl/devicemgmt.wsdl");
            publish(MEDIA_PATH, new SimMedia(camera, () -> rtsp.url(camera.path())), "MediaService", "Media",
                    "http://www.onvif.org/ver10/media/wsdl", "classpath:onvif/ver10/media/wsdl/media.wsdl");
            publish(EVENTS_PATH, new SimEvents(pullPoints, deviceClock, hostPort), "EventService", "EventPortType",
                    "http://www.onvif.org/ver10/events/wsdl", "classpath:onvif/ver10/events/wsdl/event.wsdl");
            publish(SUBSCRIPTION_PATH, new SimSubscriptions(pullPoints, motion, deviceClock,
                    config.motionTopics(), config.filteredOnly()), "EventService",
                    "PullPointSubscription", "http://www.onvif.org/ver10/events/wsdl",
                    "classpath:onvif/ver10/events/wsdl/event.wsdl");
            log.info("simulated ONVIF camera for {} at {}", camera.path(), deviceUrl());
            return this;
        } catch (RuntimeException e) {
            stop();
            throw new IllegalStateException("cannot serve the simulated ONVIF camera on " + config.host() + ":"
                    + config.port() + ": " + e.getMessage(), e);
        }
    }

    private void publish(String path, Object implementor, String service, String portName, String ns, String wsdl) {
        JaxWsServerFactoryBean f = new JaxWsServerFactoryBean();
        f.setBus(bus);
        f.setServiceBean(implementor);
        f.setAddress("http://" + hostPort() + path);
        f.setWsdlLocation(wsdl);
        f.setServiceName(new QName(ns, service));
        f.setEndpointName(new QName(ns, portName));
        Map<String, Object> props = new HashMap<>();
        props.put("soap.env.ns.map", Map.of(
                "tt", "http://www.onvif.org/ver10/schema",
                "tns1", "http://www.onvif.org/ver10/topics",
                "wsnt", "http://docs.oasis-open.org/wsn/b-2",
                "ter", SimFaults.TER));
        f.setProperties(props);
        if (tokenCheck != null) {
            f.getInInterceptors().add(tokenCheck);
        }
        servers.add(f.create());
    }

    private static String strip(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }

    private String hostPort() {
        return HostPort.format(config.host(), port);
    }

    /** {@code http://host:port/onvif/device_service}. */
    public synchronized String deviceUrl() {
        if (port < 0) {
            throw new IllegalStateException("not started");
        }
        return "http://" + hostPort() + DEVICE_PATH;
    }

    public synchronized int port() {
        return port;
    }

    /** Forgets every event subscription, as a rebooting camera does (clients must notice and subscribe again). */
    public void dropSubscriptions() {
        pullPoints.dropAll();
    }

    /** Live pull-point subscriptions. */
    public int liveSubscriptions() {
        return pullPoints.live();
    }

    /** Subscriptions created since start. */
    public long subscriptionsCreated() {
        return pullPoints.createdTotal();
    }

    /** Renew calls answered since start. */
    public long renewals() {
        return pullPoints.renewedTotal();
    }

    /** Calls refused for a missing or wrong UsernameToken. */
    public long refusedCalls() {
        return tokenCheck == null ? 0 : tokenCheck.refused();
    }

    /** The device clock's offset from real time. */
    public Duration clockOffset() {
        return config.clockOffset();
    }

    public synchronized void stop() {
        for (Server s : servers) {
            try {
                s.destroy();
            } catch (RuntimeException e) {
                log.debug("endpoint did not stop cleanly: {}", e.toString());
            }
        }
        servers.clear();
        if (engine != null) {
            if (port > 0) {
                NettyHttpServerEngineFactory.destroyForPort(port);
            }
            engine.shutdown();
            engine.awaitStopped();
            engine = null;
        }
        // Not bus.shutdown(): CXF's Netty engine factory would then stop every engine of this JVM.
        bus = null;
        port = -1;
    }
}
