package dev.dirtyvram.domain.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Waiting for a run's end: a health check that fails only because the run has just ended does not fail the run. */
class StopSignalTest {
    @Test
    void aRunThatEndsWhileItsHealthIsCheckedHasEnded() throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        // As the deterministic scheduler does after the run's last step: the run is complete, nothing is left to deliver.
        StopSignal.await(done, () -> {
            done.complete(null);
            throw new IllegalStateException("deterministic run has nothing left to deliver");
        });
        assertEquals(true, done.isDone());
    }

    @Test
    void aRunThatStallsFails() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> StopSignal.await(done, () -> { throw new IllegalStateException("stalled"); }));
        assertEquals("stalled", e.getMessage());
    }
}
