package org.camgate.lifecycle;

/**
 * One part of the gateway in its {@link Lifecycle}: started in order, stopped in reverse, and reconfigured in place
 * when a reloaded configuration changes what it uses.
 */
public interface Component {
    /** A short name for logs and errors (e.g. {@code rtsp}, {@code cameras}). */
    String name();

    /** Starts; throws (naming the key and address) when it cannot. Only called when stopped. */
    void start();

    /** Stops and frees what it holds; idempotent, also after a failed start. */
    void stop();

    /**
     * Applies a reloaded configuration without a restart, touching only what {@code change} says changed. Runs on
     * the reloading thread with the gateway's lock held, after every component before it in the lifecycle.
     */
    default void reconfigure(ConfigChange change) {
    }

    /** A component from plain functions (parts whose start and stop are one call each). */
    static Component of(String name, Runnable start, Runnable stop) {
        return of(name, start, stop, change -> { });
    }

    /** A component from plain functions, reconfigured by {@code reconfigure}. */
    static Component of(String name, Runnable start, Runnable stop,
                        java.util.function.Consumer<ConfigChange> reconfigure) {
        return new Component() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start() {
                start.run();
            }

            @Override
            public void stop() {
                stop.run();
            }

            @Override
            public void reconfigure(ConfigChange change) {
                reconfigure.accept(change);
            }
        };
    }
}
