package dev.dirtyvram.simulations.bench;

import java.io.IOException;

/** A process that only burns CPU: the "other work" that concurrent runs must survive (bench --hogs, the tests). */
public final class CpuHog {
    private CpuHog() {}

    /** A shell busy loop; the caller destroys it. */
    public static Process start() throws IOException {
        return new ProcessBuilder("/bin/sh", "-c", "while :; do :; done").start();
    }
}
