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

    /** {@code count} stores shown with {@code latency}, the oldest of them after {@code maxLatency}. */
    void record(long latency, long count, long maxLatency) {
        histogram.recordValueWithCount(latency, count);
        max = Math.max(max, maxLatency);
    }

    /** Nearest-rank percentiles (100 gives the exact maximum); 0 when nothing was recorded. */
    long[] percentiles(double... pcts) {
        long[] out = new long[pcts.length];
        long n = histogram.getTotalCount();
        if (n == 0) return out;
        for (int i = 0; i < pcts.length; i++) {
            long rank = Math.max(1, Math.min(n, (long) Math.ceil(pcts[i] / 100.0 * n)));
            out[i] = rank == n ? max : Math.min(max, valueAtRank(rank));
        }
        return out;
    }

    private long valueAtRank(long rank) {
        long seen = 0;
        for (HistogramIterationValue v : histogram.recordedValues()) {
            seen += v.getCountAtValueIteratedTo();
            if (seen >= rank) return histogram.medianEquivalentValue(v.getValueIteratedTo());
        }
        return max;
    }
}
