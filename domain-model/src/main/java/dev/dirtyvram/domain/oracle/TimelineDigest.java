package dev.dirtyvram.domain.oracle;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A run's digest: SHA-256 of its timeline's rows (lseq, time, actor, kind, target, value, big-endian; a harvest's
 * bitmap words after its row). Rows wait in a large block and go to SHA-256 a block at a time: same digest, far
 * fewer calls.
 */
public final class TimelineDigest {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    static final int ROW = 8 + 8 + 4 + 1 + 4 + 8;

    private final MessageDigest sha;
    private final byte[] rows = new byte[1 << 16];
    private int at;

    public TimelineDigest() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public void row(long lseq, long time, int actor, byte kind, int target, long value) {
        if (rows.length - at < ROW) flush();
        byte[] b = rows;
        int p = at;
        LONG.set(b, p, lseq);
        LONG.set(b, p + 8, time);
        INT.set(b, p + 16, actor);
        b[p + 20] = kind;
        INT.set(b, p + 21, target);
        LONG.set(b, p + 25, value);
        at = p + ROW;
    }

    /** A long after the last row (a harvest's bitmap word). */
    public void word(long w) {
        if (rows.length - at < 8) flush();
        LONG.set(rows, at, w);
        at += 8;
    }

    private void flush() {
        sha.update(rows, 0, at);
        at = 0;
    }

    /** The digest of everything so far, in hex; the digest goes on. */
    public String hex() {
        try {
            MessageDigest copy = (MessageDigest) sha.clone();
            copy.update(rows, 0, at);
            return HexFormat.of().formatHex(copy.digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }
}
