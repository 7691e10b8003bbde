package dev.dirtyvram.domain.workload;

import dev.dirtyvram.domain.config.WorkloadKind;
import java.util.SplittableRandom;

/**
 * What one VCPU's guest code does to the framebuffer: the next page it touches (and whether it reads or writes it),
 * and how long until the access after. Seeded per VCPU.
 */
public final class Workload {
    /** A video frame every 1/30 s. */
    static final long VIDEO_FRAME_NS = 33_333_333L;

    private final WorkloadKind kind;
    private final int pages;
    private final SplittableRandom rnd;
    private final long meanGapNs;
    private int pos;
    private boolean read;
    private boolean scrollWritePending;
    private long frameStart;

    public Workload(WorkloadKind kind, int pages, long writeRate, long seed) {
        this.kind = kind;
        this.pages = pages;
        this.rnd = new SplittableRandom(seed);
        this.meanGapNs = Math.max(1, 1_000_000_000L / writeRate);
    }

    public WorkloadKind kind() { return kind; }

    /** Stores per second a VCPU running {@code kind} makes at {@code writeRate}: video at most its rectangle 30 times a second. */
    public static double storesPerSecond(WorkloadKind kind, int pages, long writeRate) {
        return switch (kind) {
            case RANDOM, SCROLL, CURSOR -> writeRate; // scroll's loads come on top, at the same rate
            case VIDEO -> Math.min(writeRate, videoPages(pages) * 1e9 / VIDEO_FRAME_NS);
            case IDLE -> 0;
        };
    }

    /** The page of the next access, or -1 when there is none before {@link #gapNs}. */
    public int nextPage(long now) {
        read = false;
        switch (kind) {
            case RANDOM:
                return rnd.nextInt(pages);
            case SCROLL:
                // memmove one line up: read the page below, then write this one.
                if (!scrollWritePending && pages > 1) {
                    scrollWritePending = true;
                    read = true;
                    return (pos + 1) % pages;
                }
                scrollWritePending = false;
                int p = pos;
                pos = (pos + 1) % pages;
                return p;
            case VIDEO:
                if (now >= frameStart + VIDEO_FRAME_NS) {
                    frameStart = now - (now % VIDEO_FRAME_NS);
                    pos = 0;
                }
                if (pos >= videoPages()) return -1;
                return pages / 4 + pos++;
            case CURSOR:
                return pages / 2;
            case IDLE:
            default:
                return -1;
        }
    }

    public boolean lastWasRead() { return read; }

    /** The video rectangle: a quarter of the screen, starting a quarter of the way in. */
    private int videoPages() {
        return videoPages(pages);
    }

    private static int videoPages(int pages) {
        return Math.max(1, pages / 4);
    }

    /** Time to the next access, jittered (exponential around the mean) so that seeds give different interleavings. */
    public long gapNs(long now) {
        if (kind == WorkloadKind.IDLE) return Long.MAX_VALUE / 4;
        if (kind == WorkloadKind.VIDEO && pos >= videoPages()) {
            return frameStart + VIDEO_FRAME_NS - now;
        }
        long mean = kind == WorkloadKind.SCROLL ? Math.max(1, meanGapNs / 2) : meanGapNs;
        double u = 1.0 - rnd.nextDouble();
        return Math.max(1, (long) (-Math.log(u) * mean));
    }

    /** Which of the guest's mappings a store goes through when the X server also maps the page: a coin toss. */
    public boolean pickAlias() {
        return rnd.nextBoolean();
    }
}
