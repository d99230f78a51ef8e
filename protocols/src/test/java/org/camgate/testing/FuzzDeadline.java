package org.camgate.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one fuzz input with a deadline, so a parser that hangs fails the fuzz test with the stack it
 * hangs in. (A JUnit {@code @Timeout} on a {@code @FuzzTest} would bound the whole fuzzing run, not
 * one input.) What the body throws is rethrown as it is.
 */
public final class FuzzDeadline {
    /** Far above what any one input needs (milliseconds), far below "hung". */
    public static final Duration PER_INPUT = Duration.ofSeconds(10);

    private static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzz-input");
        t.setDaemon(true);
        return t;
    });
    private static volatile Thread worker;

    private FuzzDeadline() {
    }

    public interface Body {
        void run() throws Exception;
    }

    public static void run(Body body) throws Exception {
        call(() -> {
            body.run();
            return null;
        });
    }

    public static <T> T call(Callable<T> body) throws Exception {
        Future<T> f = WORKER.submit(() -> {
            worker = Thread.currentThread();
            return body.call();
        });
        try {
            return f.get(PER_INPUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        } catch (TimeoutException e) {
            AssertionError hung = new AssertionError("one input took longer than " + PER_INPUT + " (a hang?)");
            Thread t = worker;
            if (t != null) {
                hung.setStackTrace(t.getStackTrace());
            }
            throw hung;
        }
    }
}
