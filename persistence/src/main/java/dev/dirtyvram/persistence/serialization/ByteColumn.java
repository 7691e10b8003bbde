package dev.dirtyvram.persistence.serialization;

import java.util.Arrays;

/**
 * A growable byte array written and read as LEB128 varints (7 bits a byte, low first), the unit of the journal's
 * columns. Reading checks its bounds: a damaged block is an error, never a read past its end.
 */
final class ByteColumn {
    private byte[] b;
    private int n;
    private int at;
    private final int limit;

    ByteColumn(int capacity) {
        b = new byte[Math.max(16, capacity)];
        limit = Integer.MAX_VALUE;
    }

    /** A column to read: {@code length} bytes of {@code bytes} from {@code offset}. */
    ByteColumn(byte[] bytes, int offset, int length) {
        b = bytes;
        at = offset;
        n = offset + length;
        limit = n;
    }

    int size() {
        return n;
    }

    byte[] array() {
        return b;
    }

    void clear() {
        n = 0;
    }

    private void room(int more) {
        if (n + more > b.length) b = Arrays.copyOf(b, Math.max(b.length * 2, n + more));
    }

    void put(int v) {
        room(1);
        b[n++] = (byte) v;
    }

    void putAll(byte[] src, int off, int len) {
        room(len);
        System.arraycopy(src, off, b, n, len);
        n += len;
    }

    void putVar(long v) {
        room(10);
        while ((v & ~0x7FL) != 0) {
            b[n++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[n++] = (byte) v;
    }

    void putSigned(long v) {
        putVar((v << 1) ^ (v >> 63));
    }

    void putLong(long v) {
        room(8);
        for (int i = 0; i < 8; i++) b[n++] = (byte) (v >>> (8 * i));
    }

    boolean more() {
        return at < limit;
    }

    int position() {
        return at;
    }

    int get() {
        if (at >= limit) throw new IllegalStateException("journal block ends inside a column");
        return b[at++] & 0xff;
    }

    long getVar() {
        if (at + 10 <= limit) {
            // Away from the end no byte needs its own bounds check: most numbers here are one or two bytes.
            byte x = b[at++];
            if (x >= 0) return x;
            long r = x & 0x7F;
            for (int shift = 7; shift < 64; shift += 7) {
                x = b[at++];
                r |= (long) (x & 0x7F) << shift;
                if (x >= 0) return r;
            }
            throw new IllegalStateException("journal block holds a number longer than 64 bits");
        }
        long r = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (at >= limit) throw new IllegalStateException("journal block ends inside a number");
            byte x = b[at++];
            r |= (long) (x & 0x7F) << shift;
            if (x >= 0) return r;
        }
        throw new IllegalStateException("journal block holds a number longer than 64 bits");
    }

    long getSigned() {
        long v = getVar();
        return (v >>> 1) ^ -(v & 1);
    }

    long getLong() {
        if (at + 8 > limit) throw new IllegalStateException("journal block ends inside a number");
        long v = 0;
        for (int i = 0; i < 8; i++) v |= (long) (b[at++] & 0xff) << (8 * i);
        return v;
    }

    void skip(int len) {
        if (at + len > limit) throw new IllegalStateException("journal block ends inside a column");
        at += len;
    }
}
