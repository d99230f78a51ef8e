package org.camgate.mqtt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ObjLongConsumer;
import org.camgate.common.retry.Backoff;
import org.camgate.event.Event;
import org.camgate.event.EventListener;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes every event of the bus to an MQTT broker through the durable {@link Outbox}.
 *
 * <p>{@link #onEvent} hands the event to the outbox's own writer thread ({@link OutboxWriter}: a bounded queue, so
 * the publishing thread, often a camera's event loop, never waits for the disk); the writer appends the event's
 * messages to the outbox (the event counts as accepted then) and publishes pending messages in order, never more in flight than the broker's MQTT 5 receive maximum (each
 * PUBACK lets the next one go, on the client's callback thread); each PUBACK removes its message from the outbox.
 * After a disconnect the client reconnects with exponential backoff (a first connect that fails is retried the
 * same way), publishes the retained {@code online} status, restores the command subscription, and sends everything
 * still pending from the oldest on. The broker publishes the retained {@code offline} will when the gateway vanishes; a clean stop
 * publishes it itself.
 *
 * <p>A retained message (a source's state) still queued when a newer one for the same topic is queued is not sent:
 * the broker would keep only the newer one, and every event is still sent on its own topic. This halves the work
 * of catching up after an outage.
 *
 * <p>A message the broker refuses with an error reason code (not authorised, topic invalid, ...) would be
 * refused again: it is logged as an error, counted ({@code camgate_mqtt_rejected_total}) and removed.
 */
public final class MqttPublisher implements EventListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MqttPublisher.class);
    private static final long OP_TIMEOUT_MS = 10_000;

    private final BrokerEndpoint connection;
    private final Topics topics;
    private final OutboxSettings outboxSettings;
    private final List<MessageOutput> outputs;
    private final CommandHandler commands;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final EventJson json = new EventJson();
    private final ReentrantLock lock = new ReentrantLock();
    private final Counter rejected;
    private final Counter published;
    private final Timer ackLatency;
    private final Counter connects;
    private final Counter superseded;
    private volatile ObjLongConsumer<OutboxMessage> ackObserver = (m, nanos) -> { };
    private final OutboxFiles outboxFiles;
    private final int queueCapacity;
    private Outbox outbox;
    private volatile OutboxWriter writer;
    private MqttAsyncClient client;
    private ScheduledExecutorService connector;
    private ScheduledExecutorService syncer;
    private volatile boolean running;
    // Guarded by lock: the current connection's number, whether it is usable, free in-flight slots, last seq sent.
    private int session;
    private boolean connected;
    private int permits;
    private boolean pumping;
    private boolean pumpAgain;
    private int slots;
    private int maxInFlight;
    private long cursor;
    private final Backoff.Retries reconnectDelays;
    private boolean reconnectScheduled;
    private int failedAttempts;

    MqttPublisher(BrokerEndpoint connection, Topics topics, OutboxSettings outboxSettings, List<MessageOutput> outputs,
                  CommandHandler commands, MeterRegistry metrics, Clock clock) {
        this(connection, topics, outboxSettings, OutboxFiles.DEFAULT, OutboxWriter.DEFAULT_CAPACITY, outputs, commands,
                metrics, clock);
    }

    /**
     * @param outboxFiles   how the outbox opens its files (tests slow the disk)
     * @param queueCapacity events that may wait for the outbox's disk
     */
    MqttPublisher(BrokerEndpoint connection, Topics topics, OutboxSettings outboxSettings, OutboxFiles outboxFiles,
                  int queueCapacity, List<MessageOutput> outputs, CommandHandler commands, MeterRegistry metrics,
                  Clock clock) {
        this.connection = connection;
        this.outboxFiles = Objects.requireNonNull(outboxFiles, "outboxFiles");
        this.queueCapacity = queueCapacity;
        this.topics = topics;
        this.outboxSettings = outboxSettings;
        this.outputs = List.copyOf(outputs);
        this.commands = commands;
        this.metrics = metrics;
        this.clock = clock;
        this.reconnectDelays = Backoff.exponential(connection.reconnectMin(), connection.reconnectMax()).retries();
        rejected = Counter.builder("camgate.mqtt.rejected")
                .description("Messages the broker refused with an error reason code").register(metrics);
        published = Counter.builder("camgate.mqtt.published")
                .description("Messages acknowledged by the broker").register(metrics);
        superseded = Counter.builder("camgate.mqtt.superseded")
                .description("Retained messages not sent because a newer value of their topic was queued")
                .register(metrics);
        connects = Counter.builder("camgate.mqtt.connects")
                .description("Successful connections to the broker (more than one: reconnects)").register(metrics);
        ackLatency = Timer.builder("camgate.mqtt.ack.latency")
                .description("From an event's acceptance to the broker's acknowledgement")
                .publishPercentiles(0.5, 0.99).register(metrics);
    }

    /** Opens the outbox (replaying what it holds) and starts the first connection attempt. */
    public void start() throws IOException {
        start(java.util.concurrent.CompletableFuture.completedFuture(null));
    }

    /**
     * Opens the outbox (replaying what it holds; events are accepted from now on) and makes the first connection
     * attempt once {@code brokerReady} completes normally (never when it fails).
     */
    synchronized void start(java.util.concurrent.CompletionStage<?> brokerReady) throws IOException {
        if (running) {
            return;
        }
        outbox = Outbox.open(outboxSettings, outboxFiles, clock, metrics, this::pump);
        try {
            client = new MqttAsyncClient(connection.serverUri(), connection.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            outbox.close();
            throw new IllegalArgumentException("MQTT broker " + connection.serverUri() + ": " + e.getMessage(), e);
        }
        writer = new OutboxWriter(outbox, this::messages, queueCapacity, metrics);
        client.setCallback(new Callback());
        running = true;
        connector = timer("mqtt-connect");
        syncer = timer("mqtt-outbox-sync"); // its own thread: a slow connect attempt must not delay fsyncs
        brokerReady.thenRun(() -> {
            try {
                connector.execute(this::connect);
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                // closed before the broker was ready
            }
        });
        long syncMs = Math.max(10, outboxSettings.fsyncInterval().toMillis());
        syncer.scheduleWithFixedDelay(this::syncOutbox, syncMs, syncMs, TimeUnit.MILLISECONDS);
    }

    private static ScheduledExecutorService timer(String name) {
        java.util.concurrent.ScheduledThreadPoolExecutor timer =
                new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> new Thread(r, name));
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        timer.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        return timer;
    }

    /**
     * Hands the event to the outbox's writer thread and returns at once, whatever the disk is doing (see
     * {@link OutboxWriter} for what a full queue means).
     */
    @Override
    public void onEvent(Event event) {
        OutboxWriter w = writer;
        if (running && w != null) {
            w.offer(event);
        }
    }

    /** On the writer's thread: the event's messages, one per output. */
    private void messages(Event event, List<OutboxMessage.Draft> drafts) {
        byte[] payload = json.write(event);
        for (MessageOutput output : outputs) {
            output.messages(event, payload, drafts);
        }
    }

    /**
     * Messages waiting for the broker's acknowledgement, plus events not yet written to the outbox (each of those
     * becomes one or more messages).
     */
    public int pending() {
        Outbox o = outbox;
        OutboxWriter w = writer;
        return (o == null ? 0 : o.size()) + (w == null ? 0 : w.waiting());
    }

    /**
     * Events written to the outbox since start: accepted, so delivered even across a broker outage or a restart.
     * Events are written in the order published, so the first {@code acceptedEvents()} published are the accepted
     * ones (less any counted in {@code camgate_mqtt_events_failed_total}).
     */
    public long acceptedEvents() {
        OutboxWriter w = writer;
        return w == null ? 0 : w.accepted();
    }

    public Outbox outbox() {
        return outbox;
    }

    public boolean isConnected() {
        lock.lock();
        try {
            return connected;
        } finally {
            lock.unlock();
        }
    }

    /** The most messages this publisher has had in flight at once (never above the broker's receive maximum). */
    int maxInFlight() {
        lock.lock();
        try {
            return maxInFlight;
        } finally {
            lock.unlock();
        }
    }

    /** Called with each acknowledged message and the nanoseconds since it was accepted (0 when replayed). */
    public void ackObserver(ObjLongConsumer<OutboxMessage> observer) {
        this.ackObserver = Objects.requireNonNull(observer, "observer");
    }

    private void syncOutbox() {
        try {
            outbox.sync();
        } catch (IOException | RuntimeException e) {
            log.error("MQTT outbox: cannot sync {}: {}", outboxSettings.dir(), e.toString());
        }
    }

    /**
     * Publishes pending messages in order while the connection is up and the broker's receive maximum allows.
     * Called by whoever makes progress possible: an append (the outbox's writer thread), a PUBACK (the client's
     * callback thread), a (re)connection. One caller publishes at a time, so messages leave in outbox order; a caller that
     * finds another one at work leaves it a note to look again. No thread of its own: a hand-off per message
     * would add a context switch to every round trip.
     */
    private void pump() {
        while (true) {
            lock.lock();
            try {
                if (pumping) {
                    pumpAgain = true;
                    return;
                }
                pumping = true;
                pumpAgain = false;
            } finally {
                lock.unlock();
            }
            try {
                while (running) {
                    OutboxMessage m;
                    int s;
                    lock.lock();
                    try {
                        m = connected && permits > 0 ? outbox.next(cursor) : null;
                        while (m != null && outbox.superseded(m)) {
                            // A newer value of this retained topic is queued: the broker would keep only that.
                            outbox.ack(m.seq());
                            superseded.increment();
                            m = outbox.next(m.seq());
                        }
                        if (m == null) {
                            break;
                        }
                        cursor = m.seq();
                        permits--;
                        maxInFlight = Math.max(maxInFlight, slots - permits);
                        s = session;
                    } finally {
                        lock.unlock();
                    }
                    MqttMessage message = new MqttMessage(m.payload(), connection.qos(), m.retained(), null);
                    try {
                        client.publish(m.topic(), message, null, new Delivery(m, s));
                    } catch (MqttException | RuntimeException e) {
                        // Not connected any more (the callback reconnects): resend from the oldest after that.
                        log.debug("MQTT publish of #{} failed: {}", m.seq(), e.toString());
                        lostConnection(s, e);
                    }
                }
            } finally {
                lock.lock();
                try {
                    pumping = false;
                    if (!pumpAgain) {
                        return;
                    }
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** Result of one publish: PUBACK (or PUBCOMP) with its reason code, or a failure. */
    private final class Delivery implements MqttActionListener {
        private final OutboxMessage message;
        private final int session;

        Delivery(OutboxMessage message, int session) {
            this.message = message;
            this.session = session;
        }

        @Override
        public void onSuccess(IMqttToken token) {
            int[] codes = token.getReasonCodes();
            if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                refused(codes[0]);
            } else {
                outbox.ack(message.seq());
                published.increment();
                long nanos = message.acceptedNanos() == 0 ? 0 : System.nanoTime() - message.acceptedNanos();
                if (nanos > 0) {
                    ackLatency.record(nanos, TimeUnit.NANOSECONDS);
                }
                ackObserver.accept(message, nanos);
            }
            release(session);
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
            int code = e instanceof MqttException me ? me.getReasonCode() : -1;
            if (code >= 0x80 && code <= 0xff && client.isConnected()) {
                refused(code);
                release(session);
            } else {
                lostConnection(session, e);
            }
        }

        private void refused(int code) {
            rejected.increment();
            log.error("MQTT broker refused message #{} on {} (reason code 0x{}); it is dropped", message.seq(),
                    message.topic(), Integer.toHexString(code));
            outbox.ack(message.seq());
        }
    }

    private void release(int s) {
        boolean more;
        lock.lock();
        try {
            more = s == session;
            if (more) {
                permits++;
            }
        } finally {
            lock.unlock();
        }
        if (more) {
            pump();
        }
    }

    /** The connection of session {@code s} is unusable: stop sending on it; the disconnect callback reconnects. */
    private void lostConnection(int s, Throwable cause) {
        lock.lock();
        try {
            if (s != session || !connected) {
                return;
            }
            connected = false;
            session++;
        } finally {
            lock.unlock();
        }
        if (running && !client.isConnected()) {
            scheduleReconnect("publish failed: " + cause);
        }
    }

    private void connect() {
        if (!running) {
            return;
        }
        lock.lock();
        try {
            reconnectScheduled = false;
        } finally {
            lock.unlock();
        }
        try {
            if (client.isConnected()) {
                client.disconnect(1_000).waitForCompletion(OP_TIMEOUT_MS);
            }
            IMqttToken token = client.connect(connection.options(topics.status()));
            token.waitForCompletion(OP_TIMEOUT_MS);
            MqttProperties props = token.getResponseProperties();
            Integer receiveMaximum = props == null ? null : props.getReceiveMaximum();
            int slots = receiveMaximum == null || receiveMaximum <= 0 ? 65_535 : receiveMaximum;
            client.publish(topics.status(), "online".getBytes(StandardCharsets.UTF_8), 1, true)
                    .waitForCompletion(OP_TIMEOUT_MS);
            if (commands != null) {
                IMqttToken sub = client.subscribe(new MqttSubscription(topics.commandFilter(), 1));
                sub.waitForCompletion(OP_TIMEOUT_MS);
                int[] codes = sub.getReasonCodes();
                if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                    log.error("MQTT broker refused the command subscription {} (reason code 0x{}): manual triggers "
                            + "over MQTT will not arrive", topics.commandFilter(), Integer.toHexString(codes[0]));
                }
            }
            lock.lock();
            try {
                session++;
                connected = true;
                permits = slots;
                this.slots = slots;
                cursor = 0;
                reconnectDelays.reset();
                failedAttempts = 0;
                connects.increment();
            } finally {
                lock.unlock();
            }
            pump();
            log.info("MQTT connected to {} as {} (receive maximum {}; {} message(s) pending in the outbox)",
                    connection.serverUri(), connection.clientId(), slots, outbox.size());
        } catch (MqttException | RuntimeException e) {
            if (!running) {
                return;
            }
            failedAttempts++;
            String what = "MQTT broker " + connection.serverUri() + " unreachable (" + describe(e) + ")";
            if (failedAttempts == 1 || failedAttempts % 10 == 0) {
                log.warn("{}; attempt {}, retrying with backoff; {} message(s) kept in the outbox", what,
                        failedAttempts, outbox.size());
            } else {
                log.debug("{}; attempt {}", what, failedAttempts);
            }
            try {
                if (client.isConnected()) {
                    client.disconnectForcibly(0, 1_000, false);
                }
            } catch (MqttException ignored) {
                // already gone
            }
            scheduleReconnect(null);
        }
    }

    private static String describe(Throwable e) {
        Throwable cause = e.getCause();
        return cause == null ? e.getMessage() : e.getMessage() + ": " + cause.getMessage();
    }

    private void scheduleReconnect(String reason) {
        Duration wait;
        lock.lock();
        try {
            if (!running || reconnectScheduled) {
                return;
            }
            reconnectScheduled = true;
            wait = reconnectDelays.next();
        } finally {
            lock.unlock();
        }
        if (reason != null) {
            log.warn("MQTT connection to {} lost ({}); reconnecting in {} ms; {} message(s) kept in the outbox",
                    connection.serverUri(), reason, wait.toMillis(), outbox.size());
        }
        try {
            connector.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            int s;
            lock.lock();
            try {
                connected = false;
                s = ++session;
            } finally {
                lock.unlock();
            }
            if (running) {
                scheduleReconnect(response.getReasonString() != null ? response.getReasonString()
                        : String.valueOf(response.getException()));
            }
            log.trace("session {} ended", s);
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            log.warn("MQTT error from {}: {}", connection.serverUri(), e.toString());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (commands != null) {
                commands.messageArrived(topic, message);
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    /** Publishes {@code offline}, disconnects, stops the threads and closes the outbox (what is pending stays). */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        writer.close(Duration.ofMillis(OP_TIMEOUT_MS)); // what was offered before goes to the outbox first
        for (ScheduledExecutorService timer : new ScheduledExecutorService[] {connector, syncer}) {
            // No interrupts: an interrupted file operation would close the outbox's file.
            timer.shutdown();
            try {
                timer.awaitTermination(OP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (client.isConnected()) {
                client.publish(topics.status(), "offline".getBytes(StandardCharsets.UTF_8), 1, true)
                        .waitForCompletion(2_000);
                client.disconnect(1_000).waitForCompletion(2_000);
            }
        } catch (MqttException e) {
            log.debug("MQTT disconnect: {}", e.toString());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            log.debug("MQTT close: {}", e.toString());
        }
        outbox.close();
        log.info("MQTT publisher stopped; {} message(s) kept in the outbox for the next start", outbox.size());
    }
}
