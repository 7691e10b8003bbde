package dev.dirtyvram.domain.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The oracle's percentile selection agrees with sorting, duplicates and extremes included. */
class SelectTest {
    @Test
    void selectsTheKthSmallestLikeASort() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + r.nextInt(2_000);
            long[] a = new long[n];
            int range = trial % 3 == 0 ? 5 : 1_000_000; // many duplicates, or few
            for (int i = 0; i < n; i++) a[i] = r.nextInt(range);
            long[] sorted = a.clone();
            Arrays.sort(sorted);
            int k = r.nextInt(n);
            assertEquals(sorted[k], Oracle.select(a.clone(), k), "n=" + n + " k=" + k);
            assertEquals(sorted[0], Oracle.select(a.clone(), 0));
            assertEquals(sorted[n - 1], Oracle.select(a.clone(), n - 1));
        }
    }
}
