package org.camgate.lifecycle;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What starts a reload: SIGHUP (through {@code sun.misc.Signal}, available on HotSpot/OpenJDK on Linux; the JVM's
 * own SIGHUP handling, which would start a shutdown, is replaced) and, when asked, changes of the configuration file
 * (a {@link WatchService} on its directory, debounced so an editor's several writes give one reload). Reloads run on
 * one thread of their own, never on the signal or watch thread, at most one waiting behind the running one.
 */
public final class ReloadTriggers implements AutoCloseable {
    public static final String SIGNAL = "signal";
    public static final String WATCH = "watch";
    private static final Logger log = LoggerFactory.getLogger(ReloadTriggers.class);

    private final Consumer<String> reload;
    private final ExecutorService runner;
    private final ScheduledExecutorService debouncer;
    private ScheduledFuture<?> pending;
    private WatchService watcher;
    private Thread watchThread;
    private Object previousHandler;

    /** @param reload runs one reload, given its trigger ({@link #SIGNAL} or {@link #WATCH}) */
    public ReloadTriggers(Consumer<String> reload) {
        this.reload = requireNonNull(reload, "reload");
        // One reload at a time; one more may wait (the file is read when it runs, so more would add nothing).
        this.runner = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1),
                r -> daemon(r, "camgate-reload"), new ThreadPoolExecutor.DiscardPolicy());
        ScheduledThreadPoolExecutor d = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "camgate-reload-debounce"));
        d.setRemoveOnCancelPolicy(true);
        this.debouncer = d;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        // Created from the JVM's signal thread, which has no context class loader: CXF (the ONVIF services a
        // reload restarts) looks its resources up through it.
        t.setContextClassLoader(ReloadTriggers.class.getClassLoader());
        return t;
    }

    /** Queues a reload (also what SIGHUP and the file watch do). */
    public void request(String trigger) {
        runner.execute(() -> {
            try {
                reload.accept(trigger);
            } catch (RuntimeException e) {
                log.error("reload failed: {}", e.toString(), e);
            }
        });
    }

    /** Reloads on SIGHUP; false (with a warning) when this JVM cannot handle signals. */
    @SuppressWarnings("restriction")
    public synchronized boolean onHangup() {
        try {
            previousHandler = sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> request(SIGNAL));
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            log.warn("SIGHUP cannot be handled here ({}); reload with --watch instead", e.toString());
            return false;
        }
    }

    /**
     * Reloads when {@code file} is written, created or replaced, {@code quiet} after the last change.
     *
     * @throws IOException when the directory cannot be watched
     */
    public synchronized void watch(Path file, Duration quiet) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        Path name = absolute.getFileName();
        watcher = FileSystems.getDefault().newWatchService();
        dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        WatchService w = watcher;
        watchThread = daemon(() -> watchLoop(w, name, quiet), "camgate-config-watch");
        watchThread.start();
        log.info("watching {} for changes", absolute);
    }

    private void watchLoop(WatchService w, Path name, Duration quiet) {
        try {
            while (true) {
                WatchKey key = w.take();
                boolean ours = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    // An overflow may hide our file's event: reload to be sure.
                    ours |= event.kind() == StandardWatchEventKinds.OVERFLOW || name.equals(event.context());
                }
                if (ours) {
                    debounce(quiet);
                }
                if (!key.reset()) {
                    log.warn("the configuration directory can no longer be watched; reload with SIGHUP");
                    return;
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    private synchronized void debounce(Duration quiet) {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = debouncer.schedule(() -> request(WATCH), quiet.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    @SuppressWarnings("restriction")
    public synchronized void close() {
        if (previousHandler instanceof sun.misc.SignalHandler h) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal("HUP"), h);
            } catch (IllegalArgumentException e) {
                // left as it is
            }
            previousHandler = null;
        }
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                log.debug("closing the watch service: {}", e.toString());
            }
            watcher = null;
        }
        debouncer.shutdownNow();
        runner.shutdownNow();
    }
}
