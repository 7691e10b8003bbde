package dev.dirtyvram.simulations.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.DoubleConsumer;
import java.util.function.LongSupplier;

/**
 * Progress on stderr: on a terminal a one-line bar redrawn in place; elsewhere (CI logs, pipes, nohup) a plain line
 * at most every {@link #LINE_EVERY_NS}, so that long work shows it is going and short work prints nothing. Thirty
 * lines of our own rather than a library: nothing here needs more than a bar and a percentage.
 */
public final class Progress implements DoubleConsumer {
    /** How often a plain line may be written when there is no terminal. */
    static final long LINE_EVERY_NS = 10_000_000_000L;

    private final PrintStream err;
    private final String label;
    private final boolean enabled;
    private final boolean terminal;
    private final LongSupplier clock;
    private final long started;
    private long lastLine;
    private int shown = -1;
    private String detail = "";

    public Progress(PrintStream err, String label, boolean enabled) {
        this(err, label, enabled, System.console() != null, System::nanoTime);
    }

    Progress(PrintStream err, String label, boolean enabled, boolean terminal, LongSupplier clock) {
        this.err = err;
        this.label = label;
        this.enabled = enabled;
        this.terminal = terminal;
        this.clock = clock;
        this.started = clock.getAsLong();
        this.lastLine = started;
    }

    @Override
    public void accept(double fraction) {
        accept(fraction, detail);
    }

    /** The bar with {@code detail} after it (a cluster's members and runs, say). */
    public synchronized void accept(double fraction, String detail) {
        if (!enabled || shown == 100) return; // the bar is finished (a member leaving afterwards does not redraw it)
        int pct = (int) Math.round(Math.max(0, Math.min(1, fraction)) * 100);
        if (pct == shown && detail.equals(this.detail)) return;
        if (!terminal) {
            long now = clock.getAsLong();
            if (now - lastLine < LINE_EVERY_NS || pct == 100) return;
            lastLine = now;
            shown = pct;
            this.detail = detail;
            err.printf(Locale.ROOT, "%s: %d%% after %.0f s%s%n", label, pct, (now - started) / 1e9, detail.isEmpty() ? "" : " (" + detail + ")");
            return;
        }
        int wider = Math.max(0, this.detail.length() - detail.length());
        shown = pct;
        this.detail = detail;
        int bar = pct / 4;
        err.print("\r" + label + " [" + "#".repeat(bar) + " ".repeat(25 - bar) + "] " + pct + "%"
                + (detail.isEmpty() ? "" : " " + detail) + " ".repeat(wider));
        if (pct == 100) err.println();
        err.flush();
    }
}
