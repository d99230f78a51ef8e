package org.camgate.onvif;

import org.camgate.access.AccessPolicy;
import org.camgate.access.Admission;
import org.camgate.access.ConnectionLimiter;
import org.camgate.access.LoginThrottle;
import org.camgate.access.Protocol;
import org.camgate.audit.AuditLog;
import org.camgate.auth.ReaderAuthenticator;
import org.camgate.config.GatewayConfig;
import org.camgate.config.OnvifConfig;
import org.camgate.config.UserConfig;
import org.camgate.event.EventBus;
import org.camgate.gate.Gate;
import org.camgate.onvif.discovery.DiscoveryResponder;
import org.camgate.onvif.events.OnvifNotification;
import org.camgate.onvif.events.PullPointRegistry;
import org.camgate.onvif.events.TerminationTimes;
import org.camgate.onvif.events.TopicMapper;
import org.camgate.onvif.snapshot.SnapshotHandler;
import org.camgate.onvif.snapshot.StreamSnapshotSource;
import org.camgate.stream.CameraStream;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The gateway as one ONVIF device: builds the services from the gateway's parts, starts the HTTP
 * server, feeds event subscriptions from the event bus and answers WS-Discovery when enabled.
 */
public final class OnvifModule {
    /** How long a request waits for a camera never reached before describing it with what is known. */
    private static final Duration FIRST_LOOKUP = Duration.ofSeconds(3);
    /** A subscription's termination time when the client asks for none. */
    private static final Duration DEFAULT_SUBSCRIPTION_TIME = Duration.ofMinutes(1);
    /** Worker threads for the calls CXF answers (started only when first used). */
    static final int CXF_THREADS = 64;

    private final GatewayConfig config;
    private final Map<String, CameraStream> streams;
    private final Map<String, Gate> gates;
    private final EventBus events;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final LoginThrottle throttle;
    private final ReaderAuthenticator digest;
    private final int rtspPort;
    private final Clock clock;
    private final String version;
    private final io.micrometer.core.instrument.MeterRegistry metrics;

    private OnvifServer server;
    private PullPointRegistry registry;
    private Runnable unsubscribe;
    private ScheduledExecutorService sweeper;
    private DiscoveryResponder discovery;

    public OnvifModule(GatewayConfig config, Map<String, CameraStream> streams, Map<String, Gate> gates, EventBus events,
                       AuditLog audit, AccessPolicy policy, LoginThrottle throttle, ReaderAuthenticator digest,
                       int rtspPort, Clock clock) {
        this(config, streams, gates, events, audit, policy, throttle, digest, rtspPort, clock,
                new io.micrometer.core.instrument.composite.CompositeMeterRegistry());
    }

    /** With {@code metrics}, where ONVIF requests are counted per operation. */
    public OnvifModule(GatewayConfig config, Map<String, CameraStream> streams, Map<String, Gate> gates, EventBus events,
                       AuditLog audit, AccessPolicy policy, LoginThrottle throttle, ReaderAuthenticator digest,
                       int rtspPort, Clock clock, io.micrometer.core.instrument.MeterRegistry metrics) {
        this.metrics = metrics;
        this.policy = policy;
        this.throttle = throttle;
        this.config = config;
        this.streams = new LinkedHashMap<>(streams);
        this.gates = Map.copyOf(gates);
        this.events = events;
        this.audit = audit;
        this.digest = digest;
        this.rtspPort = rtspPort;
        this.clock = clock;
        String v = OnvifModule.class.getPackage().getImplementationVersion();
        this.version = v == null ? "dev" : v;
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            OnvifConfig onvif = config.onvif();
            Map<String, UserConfig> users = new LinkedHashMap<>();
            config.users().forEach(u -> users.put(u.name(), u));
            Map<String, String> passwords = new LinkedHashMap<>();
            config.users().forEach(u -> passwords.put(u.name(), u.password()));
            DeviceIdentity identity = DeviceIdentity.forSite(config.site(), version);
            CameraCatalog catalog = new StreamCameraCatalog(streams, gates, FIRST_LOOKUP);

            List<OnvifNotification> initial = new ArrayList<>();
            for (String camera : catalog.cameraIds()) {
                initial.addAll(TopicMapper.initial(camera, catalog.gateOpen(camera), clock.instant()));
            }
            registry = new PullPointRegistry(onvif.maxSubscriptions(), onvif.maxSubscriptionsPerUser(),
                    onvif.subscriptionQueue(), clock, initial);
            unsubscribe = events.subscribe(registry);
            sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "onvif-subscription-sweeper");
                t.setDaemon(true);
                return t;
            });
            sweeper.scheduleAtFixedRate(registry::sweep, 1, 1, TimeUnit.SECONDS);
            Duration longest = onvif.maxSubscriptionTime();
            TerminationTimes terminations = new TerminationTimes(OnvifConfig.MIN_SUBSCRIPTION_TIME, longest,
                    DEFAULT_SUBSCRIPTION_TIME.compareTo(longest) < 0 ? DEFAULT_SUBSCRIPTION_TIME : longest);

            UsernameTokenVerifier tokens = new UsernameTokenVerifier(passwords, clock, Duration.ofSeconds(300),
                    Duration.ofSeconds(60), onvif.maxRememberedTokens());
            MediaAccess media = new MediaAccess(catalog, policy, audit, clock, rtspPort);
            List<String> scopes = scopes(config.site());
            List<OnvifServer.Service> services = List.of(
                    new OnvifServer.Service(ServicePaths.DEVICE,
                            new DeviceEndpoint(identity, clock, rtspPort, onvif.discovery(), scopes), false,
                            org.camgate.onvif.wsdl.media.Capabilities.class,
                            org.camgate.onvif.wsdl.media2.Capabilities2.class,
                            org.camgate.onvif.wsdl.events.Capabilities.class),
                    new OnvifServer.Service(ServicePaths.MEDIA, new MediaEndpoint(media), false),
                    new OnvifServer.Service(ServicePaths.MEDIA2, new Media2Endpoint(media), false),
                    new OnvifServer.Service(ServicePaths.EVENTS,
                            new EventsEndpoint(registry, terminations, policy, clock, onvif.maxSubscriptions()), true),
                    new OnvifServer.Service(ServicePaths.SUBSCRIPTION,
                            new SubscriptionEndpoint(registry, terminations, clock), true));
            OnvifAuthenticator authenticator = new OnvifAuthenticator(tokens, digest, policy, throttle, users, audit,
                    clock);
            OnvifAuthInterceptor auth = new OnvifAuthInterceptor(authenticator, onvif.listen().port());
            OnvifRequestCounter requestCounter = new OnvifRequestCounter(metrics);
            OnvifFastPath fastPath = new OnvifFastPath(authenticator, media, registry, clock, onvif.listen().port(),
                    requestCounter);
            SnapshotHandler snapshots = new SnapshotHandler(new StreamSnapshotSource(streams, Duration.ofSeconds(8), 2),
                    catalog, digest, policy, users, audit, clock, onvif.snapshotWhenGateShut());
            Admission admission = new Admission(Protocol.ONVIF, policy,
                    new ConnectionLimiter(onvif.maxConnections(), onvif.maxUnauthenticatedPerAddress()));
            // PullMessages long polls hold no thread (OnvifFastPath); only one in a shape the fast path leaves to CXF
            // (e.g. SOAP 1.1) waits on one of these.
            server = new OnvifServer(onvif.listen().host(), onvif.listen().port(), services,
                    List.of(requestCounter, auth), snapshots, CXF_THREADS, admission, fastPath::newHandler);
            server.start();
            if (onvif.discovery()) {
                discovery = new DiscoveryResponder(identity, scopes, server.address(), onvif.listen().host(),
                        onvif.discoveryPort(), policy);
                discovery.start();
            }
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    static List<String> scopes(String site) {
        return List.of("onvif://www.onvif.org/Profile/Streaming", "onvif://www.onvif.org/Profile/T",
                "onvif://www.onvif.org/type/video_encoder", "onvif://www.onvif.org/hardware/camgate",
                "onvif://www.onvif.org/name/camgate-" + site, "onvif://www.onvif.org/location/" + site);
    }

    public synchronized InetSocketAddress address() {
        return server == null ? null : server.address();
    }

    /** The WS-Discovery port actually bound, or -1 when discovery is off. */
    public synchronized int discoveryPort() {
        return discovery == null ? -1 : discovery.port();
    }

    public synchronized void stop() {
        if (discovery != null) {
            discovery.stop();
            discovery = null;
        }
        if (unsubscribe != null) {
            unsubscribe.run();
            unsubscribe = null;
        }
        if (registry != null) {
            registry.closeAll();
        }
        if (sweeper != null) {
            sweeper.shutdownNow();
            sweeper = null;
        }
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
