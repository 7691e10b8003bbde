package dev.dirtyvram.domain.driver;

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
}
