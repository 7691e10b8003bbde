package dev.dirtyvram.simulations.cli;

import dev.dirtyvram.domain.driver.Fatal;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import javax.management.NotificationEmitter;

/**
 * Ends a run whose heap is nearly full before the JVM throws OutOfMemoryError on some thread: a thread that dies of
 * it may have its last words (Pekko's handler, the JVM's own message) cut short by the same lack of memory, in more
 * lines than one. The pools the collector keeps long-lived objects in are watched after each collection; above
 * {@link #FULL} of their largest size, the error is recorded as if thrown, which frees the memory held back for the
 * run's end and stops the run with its one line. A young generation's eden and survivor spaces are not: under a
 * generational collector (G1 gives them no size of their own; Parallel and Serial do) they are full after a collection
 * as a matter of course, what survives overflowing into the old generation.
 */
public final class HeapWatch {
    /** A heap this full after a collection would spend its time collecting before it ran out. */
    static final double FULL = 0.92;

    private HeapWatch() {}

    public static void start() {
        boolean watching = false;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            long max = pool.getUsage().getMax();
            if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported() && max > 0
                    && !isYoung(pool.getName())) {
                pool.setCollectionUsageThreshold((long) (max * FULL));
                watching = true;
            }
        }
        if (!watching) return;
        ((NotificationEmitter) ManagementFactory.getMemoryMXBean()).addNotificationListener((n, handback) -> {
            if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(n.getType()))
                Fatal.record(new OutOfMemoryError("Java heap space (more than " + Math.round(FULL * 100) + "% full after a collection)"));
        }, null, null);
    }

    /** HotSpot's names for a young generation's spaces ("PS Eden Space", "Survivor Space", "G1 Eden Space"). */
    private static boolean isYoung(String pool) {
        return pool.contains("Eden") || pool.contains("Survivor");
    }
}
