package dev.dirtyvram.simulations.run;

import dev.dirtyvram.domain.workload.GuestProgram;
import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.persistence.JournalKind;
import dev.dirtyvram.simulations.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * How big a run will be, said before a big one starts (its stores, its journal, its wall time here), and a run whose
 * journal cannot fit on the disk it goes to refused before anything is written.
 */
public final class RunSize {
    /** Runs with more stores than this say how big they will be. */
    static final long BIG = 100_000_000L;
    /** Journal bytes a store at most on the built-in scenarios (README, "Runs of any length"): the estimate is an upper bound. */
    static final double JOURNAL_BYTES_PER_STORE = 3.0;
    /**
     * Guest stores a second a run makes here at the least (bench: deterministic mode with the embedded journal, and
     * the actors unthrottled, both above it): the estimate of a run's wall time, and what concurrent mode can keep up with.
     */
    static final double STORES_PER_SECOND = 1.0e6;
    /** The slowest concurrent mode's clock runs against the wall clock (time.dilation's bound). */
    static final double MAX_DILATION = 64;

    private RunSize() {}

    /** The line to print before the run, when it is big; refuses one whose journal would not fit under {@code out}. */
    public static Optional<String> check(Scenario s, Path out) {
        long stores = GuestProgram.configuredStores(s.cfg());
        boolean journaled = s.mode() != Scenario.Mode.REFERENCE && s.journal() == JournalKind.LEVELDB;
        long journal = journaled ? (long) (stores * JOURNAL_BYTES_PER_STORE) : 0;
        if (journaled) {
            long free = usableSpace(out);
            if (free >= 0 && journal > free) {
                throw new BadInputException(String.format(Locale.ROOT, "the run's journal would take up to %s (%d stores) and %s has %s free:"
                        + " shorten the run, lower the write rate, or give --out another disk", bytes(journal), stores, out, bytes(free)));
            }
        }
        double perSecond = stores / (s.cfg().durationNs() / 1e9);
        // With time.dilation = auto the run promises its rates; a fixed factor promises nothing (it may end inconclusive).
        boolean auto = s.resolved().getString("time.dilation").equals("auto");
        if (s.mode() == Scenario.Mode.CONCURRENT && auto && perSecond / MAX_DILATION > STORES_PER_SECOND) {
            throw new BadInputException(String.format(Locale.ROOT, "the run asks for %.0f stores a second: even with its clock %.0f times slower than"
                    + " the wall's (time.dilation's bound) it needs %.0f a second, more than the actors make here (about %.0f): it could only end"
                    + " inconclusive; lower guest.write-rate, or use --mode deterministic or reference", perSecond, MAX_DILATION,
                    perSecond / MAX_DILATION, STORES_PER_SECOND));
        }
        if (stores <= BIG) return Optional.empty();
        double hours = s.mode() == Scenario.Mode.CONCURRENT ? s.cfg().durationNs() / 3.6e12 : stores / STORES_PER_SECOND / 3600;
        return Optional.of(String.format(Locale.ROOT, "  estimate: %d stores%s, about %.1f h of wall time here", stores,
                journaled ? ", up to " + bytes(journal) + " of journal" : "", hours));
    }

    private static long usableSpace(Path out) {
        Path p = out.toAbsolutePath();
        while (p != null && !Files.exists(p)) p = p.getParent();
        try {
            // A pseudo file system (/proc) reports no space at all: unknown, left to making the directory to refuse.
            return p == null || Files.getFileStore(p).getTotalSpace() == 0 ? -1 : Files.getFileStore(p).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    static String bytes(long b) {
        if (b >= 1L << 30) return String.format(Locale.ROOT, "%.1f GB", b / (double) (1L << 30));
        return String.format(Locale.ROOT, "%.0f MB", b / (double) (1L << 20));
    }
}
