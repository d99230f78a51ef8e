package org.camgate.sim.camera;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts Netty buffer leaks in a test JVM. Install it before any ByteBuf class is loaded (a
 * static field of the first test class); leaks are then collected instead of only logged.
 */
final class LeakCounter {
    private static final List<String> LEAKS = new ArrayList<>();

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            @SuppressWarnings("deprecation")
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                       long maxActive) {
                return new ResourceLeakDetector<>(resource, samplingInterval) {
                    @Override
                    protected void reportTracedLeak(String resourceType, String records) {
                        super.reportTracedLeak(resourceType, records);
                        add(resourceType + records);
                    }

                    @Override
                    protected void reportUntracedLeak(String resourceType) {
                        super.reportUntracedLeak(resourceType);
                        add(resourceType);
                    }
                };
            }
        });
    }

    private LeakCounter() {
    }

    static void install() {
        // the static initializer did the work
    }

    private static synchronized void add(String leak) {
        LEAKS.add(leak);
    }

    /** Runs the garbage collector a few times so unreleased buffers get reported, then lists leaks. */
    static synchronized List<String> leaks() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            System.runFinalization();
            // leak reports happen when new buffers are tracked: allocate a few
            io.netty.buffer.ByteBufAllocator.DEFAULT.buffer(1).release();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return List.copyOf(LEAKS);
    }
}
