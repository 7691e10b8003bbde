package dev.dirtyvram.simulations;

import java.io.IOException;

/** A process that only burns CPU: the "other work" that concurrent runs must survive (bench --hogs, the tests). */
final class CpuHog {
    private CpuHog() {}

    /** A shell busy loop; the caller destroys it. */
    static Process start() throws IOException {
        return new ProcessBuilder("/bin/sh", "-c", "while :; do :; done").start();
    }
}
