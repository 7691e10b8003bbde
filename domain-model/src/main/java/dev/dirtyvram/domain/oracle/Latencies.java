package dev.dirtyvram.domain.oracle;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Display latencies in a bounded histogram (HdrHistogram, three significant digits): memory depends on the largest
 * latency's magnitude, never on how many stores a run makes. A percentile is the nearest-rank value's bucket,
 * reported at the bucket's middle, so it lies within half a bucket (at most 1/2048, 0.05 %) of the exact value; the
 * maximum is kept exactly. Values below 2048 ns are exact.
 */
final class Latencies {
    private final Histogram histogram = new Histogram(3);
    private long max;

    /** One store shown after {@code latency}. */
    void record(long latency) {
        histogram.recordValue(latency);
        if (latency > max) max = latency;
    }

    /** {@code count} stores shown with {@code latency}, the oldest of them after {@code maxLatency}. */
    void record(long latency, long count, long maxLatency) {
        histogram.recordValueWithCount(latency, count);
        max = Math.max(max, maxLatency);
    }

    /** Nearest-rank percentiles (100 gives the exact maximum), in one pass over the buckets; 0 when nothing was recorded. */
    long[] percentiles(double... pcts) {
        long[] out = new long[pcts.length];
        long n = histogram.getTotalCount();
        if (n == 0) return out;
        long[] rank = new long[pcts.length];
        for (int i = 0; i < pcts.length; i++) {
            rank[i] = Math.max(1, Math.min(n, (long) Math.ceil(pcts[i] / 100.0 * n)));
            out[i] = -1;
        }
        long seen = 0;
        int left = pcts.length;
        for (int i = 0; i < pcts.length; i++) {
            if (rank[i] == n) {
                out[i] = max;
                left--;
            }
        }
        for (HistogramIterationValue v : histogram.recordedValues()) {
            if (left == 0) break;
            seen += v.getCountAtValueIteratedTo();
            for (int i = 0; i < pcts.length; i++) {
                if (out[i] < 0 && seen >= rank[i]) {
                    out[i] = Math.min(max, histogram.medianEquivalentValue(v.getValueIteratedTo()));
                    left--;
                }
            }
        }
        for (int i = 0; i < pcts.length; i++) if (out[i] < 0) out[i] = max;
        return out;
    }
}
