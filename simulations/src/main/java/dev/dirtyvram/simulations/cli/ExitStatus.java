package dev.dirtyvram.simulations.cli;

/** What the program's exit status says. */
public enum ExitStatus {
    /** The run kept its scenario's promises (or they were written for another strategy). */
    OK(0),
    /** A promise broken: a lost or late update, a replay that differs. */
    VIOLATION(1),
    /** Bad input: one line names the problem. */
    BAD_INPUT(2),
    /** An internal error, a failed journal, an Error such as running out of memory: one line. */
    INTERNAL(3),
    /** The run could not judge: it fell short of its configuration, or did not finish. */
    INCONCLUSIVE(4),
    /**
     * Stopped by SIGINT (128 + 2, as a shell reports SIGINT): what was measured is written, marked interrupted. SIGTERM
     * does the same and the JVM exits with 143 (128 + 15).
     */
    INTERRUPTED(130);

    public final int code;

    ExitStatus(int code) {
        this.code = code;
    }
}
