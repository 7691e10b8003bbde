package dev.dirtyvram.simulations.cli;

import java.io.PrintStream;
import java.util.function.DoubleConsumer;

/**
 * A one-line progress bar on stderr, redrawn in place; silent when there is no terminal (CI logs, pipes). Twenty
 * lines of our own rather than a library: nothing here needs more than a bar and a percentage.
 */
public final class Progress implements DoubleConsumer {
    private final PrintStream err;
    private final String label;
    private final boolean enabled;
    private int shown = -1;
    private String detail = "";

    public Progress(PrintStream err, String label, boolean enabled) {
        this.err = err;
        this.label = label;
        this.enabled = enabled && System.console() != null;
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
