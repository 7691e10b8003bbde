package dev.dirtyvram.persistence.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Verifies every block of a LevelDB table file (.sst/.ldb) against its stored checksum. LevelDB's pure-Java port
 * (0.12) reads table blocks without checking their CRC even when asked to, so a damaged table decodes into whatever
 * its bytes now say; this reads the file as LevelDB's table format defines it (doc/table_format.md): a 48-byte footer
 * with the index block's handle, the index block's entries each the handle of a data block, and after every block a
 * 5-byte trailer, its compression type and the masked CRC-32C of the block and that type.
 */
final class TableChecksums {
    private static final long MAGIC = 0xdb4775248b80fb57L;
    private static final int FOOTER = 48;
    private static final int TRAILER = 5;
    private static final int MASK_DELTA = 0xa282ead8;

    private TableChecksums() {}

    /** Whether {@code table} ends with a table footer (a table LevelDB finished writing). */
    static boolean hasFooter(Path table) throws IOException {
        try (FileChannel ch = FileChannel.open(table, StandardOpenOption.READ)) {
            return ch.size() >= FOOTER && read(ch, ch.size() - FOOTER, FOOTER).getLong(FOOTER - 8) == MAGIC;
        }
    }

    /** Checks {@code table}'s footer, metaindex, index and data blocks; throws {@link IOException} naming the first damage. */
    static void verify(Path table) throws IOException {
        try (FileChannel ch = FileChannel.open(table, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < FOOTER) throw new IOException(table.getFileName() + " is too short for a table (" + size + " bytes)");
            ByteBuffer footer = read(ch, size - FOOTER, FOOTER);
            if (footer.getLong(FOOTER - 8) != MAGIC) throw new IOException(table.getFileName() + " has no table magic");
            long[] meta = handle(footer);
            long[] index = handle(footer);
            block(ch, table, size, meta);
            ByteBuffer entries = block(ch, table, size, index);
            int restarts = entries.getInt(entries.limit() - 4);
            int end = entries.limit() - 4 - 4 * restarts;
            if (restarts < 0 || end < 0) throw new IOException(table.getFileName() + ": index block is malformed");
            entries.limit(end);
            while (entries.hasRemaining()) {
                varint(entries); // bytes shared with the previous key
                int unshared = (int) varint(entries);
                int valueLength = (int) varint(entries);
                if (unshared < 0 || valueLength < 0 || unshared + valueLength > entries.remaining()) {
                    throw new IOException(table.getFileName() + ": index block is malformed");
                }
                entries.position(entries.position() + unshared);
                ByteBuffer value = entries.slice().limit(valueLength).order(ByteOrder.LITTLE_ENDIAN);
                entries.position(entries.position() + valueLength);
                block(ch, table, size, handle(value));
            }
        } catch (RuntimeException e) {
            throw new IOException(table.getFileName() + " is malformed: " + e, e);
        }
    }

    /** A block's contents, after its trailer's checksum is checked. */
    private static ByteBuffer block(FileChannel ch, Path table, long size, long[] h) throws IOException {
        long offset = h[0];
        long length = h[1];
        if (offset < 0 || length < 0 || offset + length + TRAILER > size || length > Integer.MAX_VALUE - TRAILER) {
            throw new IOException(table.getFileName() + ": a block handle points outside the file");
        }
        ByteBuffer b = read(ch, offset, (int) length + TRAILER);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, (int) length + 1); // the block and its compression type
        int stored = b.getInt((int) length + 1);
        if (mask((int) crc.getValue()) != stored) {
            throw new IOException(table.getFileName() + ": block at offset " + offset + " fails its checksum");
        }
        return ByteBuffer.wrap(b.array(), 0, (int) length).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
    }

    private static long[] handle(ByteBuffer b) throws IOException {
        return new long[] {varint(b), varint(b)};
    }

    private static long varint(ByteBuffer b) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!b.hasRemaining()) throw new IOException("a varint runs past its block");
            int x = b.get() & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if (x < 0x80) return v;
        }
        throw new IOException("a varint longer than 10 bytes");
    }

    private static ByteBuffer read(FileChannel ch, long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) throw new IOException("unexpected end of file");
        }
        return b.flip();
    }
}
