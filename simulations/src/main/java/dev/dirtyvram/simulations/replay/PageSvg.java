package dev.dirtyvram.simulations.replay;

import dev.dirtyvram.domain.config.SimConfig;
import dev.dirtyvram.domain.driver.Machine;
import dev.dirtyvram.domain.event.ActorIds;
import dev.dirtyvram.domain.event.FactSink;
import dev.dirtyvram.domain.event.HarvestCompleted;
import dev.dirtyvram.domain.event.Op;
import dev.dirtyvram.domain.memory.Pte;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongPredicate;
/**
 * One page's story as a picture: a lane for the PTE (its D and RW bits over time), a lane per VCPU (its TLB entry for
 * the page: none, cached with D=0, cached with D=1; its stores as ticks, the failing ones red and marked), a lane
 * for the hypervisor (harvests: green when they reported the page, grey when not) and one for qemu-dm (redraws).
 * Plain SVG, readable in a browser; hovering a mark shows its lseq. Marks of one kind closer than {@link #GAP} pixels
 * (a run of stores through the same TLB state, say) are one bar with their count, as explain's text groups them, so
 * that a page stored to a million times is still a picture of a few hundred kilobytes that opens at once.
 */
public final class PageSvg implements FactSink {
    private record Span(long from, long to, int state) {}

    /** {@code title} names what happened (marks group by it); {@code detail} is this one's own (a harvest's number). */
    private record Mark(long time, long lseq, String kind, String title, String detail) {}

    /** Marks of one kind drawn as one: {@code n} of them from {@code first} to {@code last}. */
    private record Group(Mark first, Mark last, int n, double x0, double x1) {}

    private static final int WIDTH = 1200;
    private static final int LEFT = 130;
    private static final int RIGHT = 40;
    private static final int LANE = 34;
    private static final int TOP = 64;
    /** Marks closer than this many pixels on a lane, of one kind, are drawn as one bar with a count. */
    static final double GAP = 2.0;

    private final int page;
    private final int kernelVpn;
    private final int aliasVpn;
    private final int mfn;
    private final int vcpus;
    private final LongPredicate failing;
    /** Spans of the PTE's state (bit 0 present, 1 RW, 2 D) and of each VCPU's entry (0 none, 1 D=0, 2 D=1). */
    private final List<List<Span>> spans = new ArrayList<>();
    private final long[] since;
    private final int[] state;
    private final List<List<Mark>> marks = new ArrayList<>();
    private long end;

    /** @param failing whether a store (its lseq) of the page was lost or late */
    public PageSvg(SimConfig cfg, int page, LongPredicate failing) {
        this.page = page;
        this.kernelVpn = page;
        this.aliasVpn = cfg.lfbPages() + page;
        this.mfn = Machine.p2m(cfg).mfnOfLfbPage(page);
        this.vcpus = cfg.vcpus();
        this.failing = failing;
        int lanes = vcpus + 3; // PTE, VCPUs, xen, qemu-dm
        this.since = new long[lanes];
        this.state = new int[lanes];
        for (int i = 0; i < lanes; i++) {
            spans.add(new ArrayList<>());
            marks.add(new ArrayList<>());
        }
    }

    private int pteLane() { return 0; }

    private int vcpuLane(int v) { return 1 + v; }

    private int xenLane() { return 1 + vcpus; }

    private int qemuLane() { return 2 + vcpus; }

    private void set(int lane, int s, long time) {
        if (state[lane] == s) return;
        spans.get(lane).add(new Span(since[lane], time, state[lane]));
        since[lane] = time;
        state[lane] = s;
    }

    private static int pteState(long pte) {
        return (Pte.present(pte) ? 1 : 0) | (Pte.writable(pte) ? 2 : 0) | (Pte.dirty(pte) ? 4 : 0);
    }

    @Override
    public void op(int actor, Op kind, int target, long value, long lseq, long time) {
        end = Math.max(end, time);
        boolean mine = target == kernelVpn || target == aliasVpn;
        switch (kind) {
            case TLB_FILL, DIRTY_BIT_SET -> {
                if (!mine || target != kernelVpn) return;
                set(pteLane(), pteState(value), time);
                if (actor < vcpus && Pte.present(value)) set(vcpuLane(actor), Pte.dirty(value) ? 2 : 1, time);
            }
            case SHADOW_L1E_SET, PTE_WRITE_BACK -> {
                if (target == kernelVpn) set(pteLane(), pteState(value), time);
            }
            case DIRTY_BIT_CLEARED -> {
                if (target == kernelVpn) set(pteLane(), pteState(value & ~Pte.DIRTY), time);
            }
            case TLB_FLUSHED -> {
                if (actor < vcpus) {
                    set(vcpuLane(actor), 0, time);
                    marks.get(vcpuLane(actor)).add(new Mark(time, lseq, "flush", "TLB flushed", ""));
                }
            }
            case GUEST_WRITE, GUEST_WRITE_CACHED_D -> {
                if (target != mfn || actor >= vcpus) return;
                boolean bad = failing.test(lseq);
                String how = kind == Op.GUEST_WRITE_CACHED_D ? "store through cached D=1" : "store";
                marks.get(vcpuLane(actor)).add(new Mark(time, lseq, bad ? "failing" : "store", (bad ? "failing " : "") + how, ""));
            }
            case HARVEST_STARTED -> marks.get(xenLane()).add(new Mark(time, lseq, "harvest", "harvest begins", " (harvest " + target + ")"));
            case REDRAW_READ, MEMCMP_READ -> {
                if (target == page) marks.get(qemuLane()).add(new Mark(time, lseq, "redraw", "redraw of the page", " (shows store " + value + ")"));
            }
            default -> { }
        }
    }

    @Override
    public void harvest(HarvestCompleted h) {
        end = Math.max(end, h.time());
        boolean rep = h.reported(page);
        marks.get(xenLane()).add(new Mark(h.time(), h.lseq(), rep ? "reported" : "missed",
                rep ? "harvest reported the page" : "harvest did not report the page", " (harvest " + h.harvestId() + ")"));
    }

    public void write(Path file, ActorIds ids, String title) throws IOException {
        Files.writeString(file, svg(ids, title), StandardCharsets.UTF_8);
    }

    /** The picture as SVG text (a report puts it inline). */
    public String svg(ActorIds ids, String title) {
        for (int lane = 0; lane < state.length; lane++) set(lane, -1, end); // close every open span
        int lanes = state.length;
        int height = TOP + lanes * LANE + 40;
        double scale = (WIDTH - LEFT - RIGHT) / (double) Math.max(1, end);
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height));
        b.append("<style>.store{stroke:#333;fill:#333}.failing{stroke:#d00;stroke-width:3;fill:#d00}.flush{stroke:#06c;stroke-dasharray:3,2;fill:#06c}"
                + ".harvest{stroke:#999;fill:#999}.reported{stroke:#2a2;stroke-width:2;fill:#2a2}.missed{stroke:#aaa;stroke-width:2;fill:#aaa}"
                + ".redraw{stroke:#a50;fill:#a50}</style>\n");
        b.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"20\" font-size=\"14\">%s</text>%n", esc(title)));
        b.append("<text x=\"10\" y=\"38\" fill=\"#555\">PTE: red = D set, orange = writable, pale = read-only; TLB: dark blue = cached D=1,"
                + " light = cached D=0; ticks: a store (red: lost or late), a flush (dashed)</text>\n");
        b.append("<text x=\"10\" y=\"52\" fill=\"#555\">harvest: green = reported the page, grey = missed it; brown = redraw;"
                + " a bar with a number: that many marks too close to draw apart (hover for their lseqs)</text>\n");
        String[] names = new String[lanes];
        names[pteLane()] = "PTE (sl1e)";
        for (int v = 0; v < vcpus; v++) names[vcpuLane(v)] = ids.name(v) + " TLB";
        names[xenLane()] = "xen harvests";
        names[qemuLane()] = "qemu-dm redraws";
        for (int lane = 0; lane < lanes; lane++) {
            int y = TOP + lane * LANE;
            b.append(String.format(Locale.ROOT, "<g class=\"lane lane-%d\"><text x=\"10\" y=\"%d\">%s</text>%n", lane, y + 20, esc(names[lane])));
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>%n", LEFT, y + LANE - 4, WIDTH - RIGHT, y + LANE - 4));
            for (Span s : spans.get(lane)) {
                String fill = fill(lane, s.state());
                if (fill == null) continue;
                b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s</title></rect>%n",
                        LEFT + s.from() * scale, y + 6, Math.max(0.5, (s.to() - s.from()) * scale), LANE - 14, fill,
                        esc(describe(lane, s.state()))));
            }
            long failingHere = marks.get(lane).stream().filter(m -> m.kind().equals("failing")).count();
            boolean labelled = false;
            for (Group g : groups(marks.get(lane), scale)) {
                Mark m = g.first();
                if (g.n() == 1) {
                    b.append(String.format(Locale.ROOT, "<line class=\"%s\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"><title>%s%s, lseq %d</title></line>%n",
                            m.kind(), g.x0(), y + 2, g.x0(), y + LANE - 6, esc(m.title()), esc(m.detail()), m.lseq()));
                } else {
                    double w = Math.max(2, g.x1() - g.x0());
                    b.append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill-opacity=\"0.6\">"
                                    + "<title>%d x %s, lseq %d to %d, %.3f to %.3f ms</title></rect>%n", m.kind(), g.x0(), y + 2, w, LANE - 8,
                            g.n(), esc(m.title()), m.lseq(), g.last().lseq(), m.time() / 1e6, g.last().time() / 1e6));
                    if (w >= 24) {
                        b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#fff\">%d</text>%n", g.x0() + 2, y + LANE / 2 + 1, g.n()));
                    }
                }
                if (m.kind().equals("failing") && !labelled) {
                    labelled = true; // one label: at the first failing store (and how many there are in all)
                    b.append(String.format(Locale.ROOT, "<text class=\"failing-label\" x=\"%.1f\" y=\"%d\" fill=\"#d00\" font-weight=\"bold\">%s</text>%n",
                            Math.min(g.x0() + 3, WIDTH - RIGHT - 150), y - 1, failingHere == 1 ? "failing store" : "first of " + failingHere + " failing stores"));
                }
            }
            b.append("</g>\n");
        }
        int axis = TOP + lanes * LANE + 15;
        for (int i = 0; i <= 10; i++) {
            double t = end * i / 10.0;
            String anchor = i == 0 ? "start" : i == 10 ? "end" : "middle";
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"#555\" text-anchor=\"%s\">%.1f ms</text>%n", LEFT + t * scale, axis, anchor, t / 1e6));
        }
        b.append("</svg>\n");
        return b.toString();
    }

    /** A lane's marks, in time order, as runs of one kind and one description no more than {@link #GAP} pixels apart. */
    private static List<Group> groups(List<Mark> ms, double scale) {
        List<Group> out = new ArrayList<>();
        Group g = null;
        for (Mark m : ms) {
            double x = LEFT + m.time() * scale;
            if (g != null && g.first().kind().equals(m.kind()) && g.first().title().equals(m.title()) && x - g.x1() <= GAP) {
                g = new Group(g.first(), m, g.n() + 1, g.x0(), x);
                out.set(out.size() - 1, g);
            } else {
                g = new Group(m, m, 1, x, x);
                out.add(g);
            }
        }
        return out;
    }

    private String fill(int lane, int s) {
        if (lane == pteLane()) {
            if ((s & 1) == 0) return null;
            return (s & 4) != 0 ? "#c33" : (s & 2) != 0 ? "#f4b183" : "#fde9d9";
        }
        if (lane <= vcpus) return s == 2 ? "#36c" : s == 1 ? "#bcd4f6" : null;
        return null;
    }

    private String describe(int lane, int s) {
        if (lane == pteLane()) return "PTE present" + ((s & 2) != 0 ? ", RW" : ", read-only") + ((s & 4) != 0 ? ", D" : ", D clear");
        return s == 2 ? "TLB entry cached with D=1" : "TLB entry cached with D=0";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
