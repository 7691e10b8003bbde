package dev.dirtyvram.persistence.store;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.iq80.leveldb.CompressionType;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.impl.Iq80DBFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableChecksumsTest {
    @TempDir
    Path dir;

    /** A LevelDB store with its entries flushed into tables, as a run's journal is. */
    private List<Path> tables() throws IOException {
        Random rnd = new Random(1);
        Options o = new Options().createIfMissing(true).compressionType(CompressionType.NONE).writeBufferSize(64 << 10);
        try (DB db = Iq80DBFactory.factory.open(dir.toFile(), o)) {
            for (int i = 0; i < 2_000; i++) {
                byte[] v = new byte[200];
                rnd.nextBytes(v);
                db.put(("key-" + i).getBytes(StandardCharsets.UTF_8), v);
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".sst") || p.toString().endsWith(".ldb")).toList();
        }
    }

    @Test
    void aWholeTablePassesAndAnyDamagedBlockFails() throws IOException {
        List<Path> tables = tables();
        assertFalse(tables.isEmpty(), "the store wrote tables");
        for (Path t : tables) assertDoesNotThrow(() -> TableChecksums.verify(t));

        Path t = tables.get(0);
        byte[] whole = Files.readAllBytes(t);
        for (int at : new int[] {10, whole.length / 2, whole.length - 60}) {
            byte[] b = whole.clone();
            b[at] ^= 0x10; // one bit, in a data block, the middle, and the index block near the end
            Files.write(t, b);
            IOException e = assertThrows(IOException.class, () -> TableChecksums.verify(t), "a bit flipped at " + at);
            assertTrue(e.getMessage().contains(t.getFileName().toString()), e.getMessage());
        }
        Files.write(t, Arrays.copyOf(whole, whole.length / 2));
        assertThrows(IOException.class, () -> TableChecksums.verify(t), "half a table");
    }
}
