package dev.dirtyvram.domain.driver;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The process was asked to stop (SIGINT): the drivers end their runs early, and the program writes what was measured,
 * marked interrupted. One flag per process, as the signal is.
 */
public final class StopSignal {
    private static volatile boolean requested;

    private StopSignal() {}

    public static void request() {
        requested = true;
    }

    public static boolean requested() {
        return requested;
    }

    /**
     * Waits for {@code done} (a run, a sweep's plan, a member's actor system), or for SIGINT: then it returns early and
     * the work is incomplete. Between polls {@code check} looks at the work's health and throws to end the wait;
     * {@code done}'s own failure comes out as an {@link ExecutionException}.
     */
    public static void await(CompletableFuture<?> done, Runnable check) throws InterruptedException, ExecutionException {
        while (!requested) {
            try {
                done.get(200, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException stillRunning) {
                try {
                    check.run();
                } catch (RuntimeException e) {
                    // The work may have ended since the wait timed out, and the check seen the end as a failure: a
                    // deterministic run's last step completes it, then its scheduler, finding nothing left to
                    // deliver, calls that a failure. On a loaded machine this thread can be that late (seen on a
                    // 3-member cluster on 2 cores).
                    if (done.isDone()) {
                        done.get();
                        return;
                    }
                    throw e;
                }
            }
        }
    }
}
