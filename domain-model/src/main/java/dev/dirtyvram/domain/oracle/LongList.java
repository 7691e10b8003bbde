package dev.dirtyvram.domain.oracle;

import java.util.Arrays;

/** A growable list of primitive longs: the oracle keeps millions of latencies without boxing them. */
final class LongList {
    private long[] values;
    private int size;

    LongList(int capacity) {
        values = new long[capacity];
    }

    void add(long v) {
        if (size == values.length) values = Arrays.copyOf(values, size * 2);
        values[size++] = v;
    }

    int size() {
        return size;
    }

    long[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
