package org.camgate.upstream.onvif;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Resolved streams per camera: reused for {@code cacheTime}, loaded off the caller's thread, one load per camera
 * at a time (concurrent callers share it), and the last good answer kept for when the camera's ONVIF service is
 * down. A failed load is only handed to the caller, never logged here: a camera that is down is an expected
 * condition, reported once per attempt by whoever waits for the stream. (A general-purpose cache logs every failed
 * reload with its stack trace, some 60 lines per retry.)
 *
 * @param <V> the resolved value
 */
final class StreamCache<V> {
    private record Entry<V>(V value, long loadedNanos) {
    }

    private final Function<String, V> loader;
    private final Executor executor;
    private final long cacheNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Entry<V>> known = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<V>> loading = new ConcurrentHashMap<>();

    StreamCache(Function<String, V> loader, Executor executor, Duration cacheTime) {
        this(loader, executor, cacheTime, System::nanoTime);
    }

    StreamCache(Function<String, V> loader, Executor executor, Duration cacheTime, LongSupplier nanoTime) {
        this.loader = loader;
        this.executor = executor;
        this.cacheNanos = cacheTime.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The cached value while fresh, else a load. */
    CompletableFuture<V> get(String key) {
        Entry<V> e = known.get(key);
        if (e != null && nanoTime.getAsLong() - e.loadedNanos() < cacheNanos) {
            return CompletableFuture.completedFuture(e.value());
        }
        return load(key);
    }

    /** Asks again; when that fails, the last good value if there is one (the failure is then passed to {@code onStale}). */
    CompletableFuture<V> refresh(String key, java.util.function.Consumer<Throwable> onStale) {
        return load(key).handle((fresh, error) -> {
            if (error == null) {
                return fresh;
            }
            Entry<V> last = known.get(key);
            Throwable cause = unwrap(error);
            if (last == null) {
                throw cause instanceof CompletionException c ? c : new CompletionException(cause);
            }
            onStale.accept(cause);
            return last.value();
        });
    }

    /** The last good value, or null. */
    V lastKnown(String key) {
        Entry<V> e = known.get(key);
        return e == null ? null : e.value();
    }

    private CompletableFuture<V> load(String key) {
        CompletableFuture<V> created = new CompletableFuture<>();
        CompletableFuture<V> running = loading.putIfAbsent(key, created);
        if (running != null) {
            return running;
        }
        try {
            executor.execute(() -> {
                try {
                    V v = loader.apply(key);
                    known.put(key, new Entry<>(v, nanoTime.getAsLong()));
                    loading.remove(key, created);
                    created.complete(v);
                } catch (RuntimeException | Error e) {
                    loading.remove(key, created);
                    created.completeExceptionally(e);
                }
            });
        } catch (RuntimeException rejected) {
            loading.remove(key, created);
            created.completeExceptionally(rejected);
        }
        return created;
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Forgets what is known of {@code key} (a camera removed by a reload). */
    void forget(String key) {
        known.remove(key);
    }
}
