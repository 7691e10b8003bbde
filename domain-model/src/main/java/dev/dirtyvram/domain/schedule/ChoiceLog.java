package dev.dirtyvram.domain.schedule;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;
/**
 * A run's choice sequence as the scheduler makes it: a byte a choice (an index among the candidates, which are
 * fewer than 256), in chunks; beyond {@link #IN_MEMORY} choices the older chunks go to a temporary file, so that a
 * run of any length keeps a bounded memory.
 */
public final class ChoiceLog {
    private static final int CHUNK = 1 << 20;
    /** Choices kept in memory at most (16 MB). */
    static final long IN_MEMORY = 16L * CHUNK;

    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] current = new byte[64];
    private int at;
    private long size;
    private Path spill;
    private OutputStream spillOut;
    private long spilledChunks;

    public void add(int choice) {
        if (choice < 0 || choice > 255) throw new IllegalArgumentException("choice " + choice + " out of range");
        if (at == current.length) {
            if (current.length < CHUNK) {
                current = Arrays.copyOf(current, Math.min(CHUNK, current.length * 2));
            } else {
                chunks.add(current);
                current = new byte[CHUNK];
                at = 0;
                if ((long) chunks.size() * CHUNK > IN_MEMORY) spillOldest();
            }
        }
        current[at++] = (byte) choice;
        size++;
    }

    public long size() {
        return size;
    }

    private void spillOldest() {
        try {
            if (spill == null) {
                spill = Files.createTempFile("dirtyvram-choices", ".bin");
                spill.toFile().deleteOnExit();
                spillOut = new BufferedOutputStream(Files.newOutputStream(spill), CHUNK);
            }
            spillOut.write(chunks.remove(0));
            spilledChunks++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the choice sequence in " + spill, e);
        }
    }

    /** Every choice, oldest first, to {@code out} (one int each). */
    public void forEach(IntConsumer out) {
        try {
            if (spill != null) {
                spillOut.flush();
                try (InputStream in = new DataInputStream(Files.newInputStream(spill))) {
                    byte[] b = new byte[CHUNK];
                    for (long c = 0; c < spilledChunks; c++) {
                        int n = in.readNBytes(b, 0, CHUNK);
                        for (int i = 0; i < n; i++) out.accept(b[i] & 0xff);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the choice sequence back from " + spill, e);
        }
        for (byte[] c : chunks) for (byte x : c) out.accept(x & 0xff);
        for (int i = 0; i < at; i++) out.accept(current[i] & 0xff);
    }

    /** The choices as an array: for runs short enough to hold them so (hunt, shrink). */
    public int[] toArray() {
        if (size > Integer.MAX_VALUE - 8) throw new IllegalStateException(size + " choices do not fit an array");
        int[] a = new int[(int) size];
        int[] i = {0};
        forEach(c -> a[i[0]++] = c);
        return a;
    }
}
