package dev.dirtyvram.domain.display;

import dev.dirtyvram.domain.event.DirtyVram;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.HarvestOutcome;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.event.OpLog;
import dev.dirtyvram.domain.memory.MachineMemory;
import dev.dirtyvram.domain.memory.P2m;
import dev.dirtyvram.domain.strategy.HarvestReport;

/**
 * qemu-dm's side: its copy of the display (what each page shows), and the redraw after each harvest. Pages reported
 * dirty are redrawn; "no data" redraws all; memcmp and a backed-off walk compare every page with the copy.
 */
public final class DeviceModel {
    private final MachineMemory mem;
    private final P2m p2m;
    private final OpLog log;
    private final long[] display;

    public DeviceModel(MachineMemory mem, P2m p2m, OpLog log) {
        this.mem = mem;
        this.p2m = p2m;
        this.log = log;
        this.display = new long[p2m.lfbPages()];
    }

    public OpLog log() { return log; }

    /** The redraw of one harvest, one page read per {@link #step}. */
    public final class Redraw {
        private final HarvestReport report;
        private final boolean compare;
        private final long[] reported;
        private final long[] examined;
        private int page;

        Redraw(HarvestReport report) {
            this.report = report;
            this.compare = report.outcome() == HarvestOutcome.MEMCMP || report.outcome() == HarvestOutcome.FALLBACK;
            this.reported = compare ? DirtyVram.bitmap(display.length) : report.reported();
            this.examined = compare ? report.examinedLseq().clone() : report.examinedLseq();
            advance();
        }

        private void advance() {
            if (compare) return;
            while (page < display.length && !DirtyVram.isSet(reported, page)) page++;
        }

        /** Reads (and shows) the next page; false once the redraw is over. */
        public boolean step() {
            if (page >= display.length) return false;
            int mfn = p2m.mfnOfLfbPage(page);
            if (compare) {
                long v = mem.readFrame(mfn, Op.MEMCMP_READ, page, log);
                examined[page] = log.lastLseq();
                if (v != display[page]) {
                    display[page] = v;
                    DirtyVram.set(reported, page);
                }
            } else {
                display[page] = mem.readFrame(mfn, Op.REDRAW_READ, page, log);
            }
            page++;
            advance();
            return page < display.length;
        }

        /** The harvest as the oracle sees it, handed to the sink. */
        public HarvestCompleted complete() {
            HarvestCompleted h = new HarvestCompleted(log.actor(), mem.tick(), log.now(), report.harvestId(),
                    report.outcome(), reported, examined, report.flushed(), report.paused());
            log.sink().harvest(h);
            return h;
        }
    }

    public Redraw redraw(HarvestReport report) {
        return new Redraw(report);
    }
}
