package dev.dirtyvram.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * One run's directory, {@code runs/<run-id>/}: the LevelDB journal and the local snapshot store, the resolved
 * configuration ({@code config.conf}) written before the run starts, and {@code summary.json} written (atomically)
 * only once the run is over. A directory without a summary is a run that did not finish.
 */
public final class RunDirectory {
    public static final String CONFIG = "config.conf";
    public static final String SUMMARY = "summary.json";
    public static final String JOURNAL = "journal";
    public static final String SNAPSHOTS = "snapshots";
    /** The run's identity, written when it is made, so that a copied or moved run keeps it. */
    public static final String RUN_ID = "run-id";

    static {
        // The journal's pure-Java LevelDB reads tables through file channels, not memory maps: with maps, a damaged
        // table's error closes the store (unmapping it) while a reader still holds the mapping, and the JVM dies
        // with SIGSEGV (measured). Set before LevelDB's factory class is loaded, which needs a run directory first.
        System.setProperty("leveldb.mmap", "false");
    }

    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /** A new directory for {@code runId} under {@code outDir}; a suffix keeps an existing run untouched. */
    public static RunDirectory create(Path outDir, String runId) {
        Path dir = freshDirectory(outDir, runId);
        try {
            Files.createDirectories(dir.resolve(JOURNAL));
            Files.createDirectories(dir.resolve(SNAPSHOTS));
            Files.writeString(dir.resolve(RUN_ID), dir.getFileName() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot create run directory " + dir + ": " + BadInputException.reason(e));
        }
        return new RunDirectory(dir);
    }

    /** A new, empty, writable directory {@code name} (suffixed when taken) under {@code parent}. */
    public static Path freshDirectory(Path parent, String name) {
        try {
            Files.createDirectories(parent);
        } catch (IOException | SecurityException e) {
            throw new BadInputException("cannot create output directory " + parent + ": " + BadInputException.reason(e));
        }
        if (!Files.isWritable(parent)) throw new BadInputException("output directory " + parent + " is not writable");
        Path dir = parent.resolve(name);
        for (int i = 2; Files.exists(dir); i++) dir = parent.resolve(name + "-" + i);
        try {
            return Files.createDirectory(dir);
        } catch (IOException e) {
            throw new BadInputException("cannot create " + dir + ": " + BadInputException.reason(e));
        }
    }

    /** An existing run, for replay: it must hold a configuration and a journal. */
    public static RunDirectory open(Path dir) {
        if (!Files.isDirectory(dir)) throw new BadInputException("no run directory at " + dir);
        if (!Files.isRegularFile(dir.resolve(CONFIG))) throw new BadInputException(dir + " is not a run directory: no " + CONFIG);
        if (!Files.isDirectory(dir.resolve(JOURNAL))) throw new BadInputException(dir + " is not a run directory: no " + JOURNAL + "/");
        return new RunDirectory(dir);
    }


    public Path root() { return root; }

    /** The identity the run was made with (older runs, without the file: their directory's name). */
    public String runId() {
        try {
            String id = Files.readString(root.resolve(RUN_ID), StandardCharsets.UTF_8).strip();
            return id.isEmpty() ? root.getFileName().toString() : id;
        } catch (java.nio.file.NoSuchFileException e) {
            return root.getFileName().toString();
        } catch (IOException e) {
            throw new BadInputException("cannot read " + root.resolve(RUN_ID) + ": " + BadInputException.reason(e));
        }
    }

    /** Journal and snapshot settings for reading this run back on top of {@code base}: embedded LevelDB, no server. */
    public Config persistenceConfig(Config base) {
        // Reading back verifies every block's checksum: damage is reported, never decoded into a different timeline.
        return ConfigFactory.parseString(WriteBehindJournal.UNDERLYING + ".checksum = on")
                .withFallback(persistenceConfig(base, WriteBehindJournal.UNDERLYING));
    }

    /**
     * The same for a live run with {@code journal}: LevelDB behind {@link WriteBehindJournal}, or writes dropped.
     */
    public Config persistenceConfig(Config base, JournalKind journal) {
        return persistenceConfig(base, journal == JournalKind.OFF ? DiscardingJournal.PLUGIN_ID : WriteBehindJournal.PLUGIN_ID);
    }

    private Config persistenceConfig(Config base, String plugin) {
        return ConfigFactory.empty()
                .withValue("pekko.persistence.journal.plugin", ConfigValueFactory.fromAnyRef(plugin))
                .withValue("pekko.persistence.journal.leveldb.dir", ConfigValueFactory.fromAnyRef(root.resolve(JOURNAL).toString()))
                .withValue("pekko.persistence.journal.leveldb.native", ConfigValueFactory.fromAnyRef(false)) // pure Java: bad bytes cannot crash the JVM
                // A killed process loses nothing the OS already holds; fsync per batch would only slow the run.
                .withValue("pekko.persistence.journal.leveldb.fsync", ConfigValueFactory.fromAnyRef(false))
                .withValue("pekko.persistence.snapshot-store.plugin", ConfigValueFactory.fromAnyRef("pekko.persistence.snapshot-store.local"))
                .withValue("pekko.persistence.snapshot-store.local.dir", ConfigValueFactory.fromAnyRef(root.resolve(SNAPSHOTS).toString()))
                .withFallback(base);
    }

    public void writeConfig(String hocon) {
        writeAtomically(root.resolve(CONFIG), hocon);
    }

    public void writeSummary(String json) {
        writeAtomically(root.resolve(SUMMARY), json);
    }

    public boolean hasSummary() {
        return Files.isRegularFile(root.resolve(SUMMARY));
    }

    public String readSummary() {
        try {
            return Files.readString(root.resolve(SUMMARY), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + root.resolve(SUMMARY) + ": " + BadInputException.reason(e));
        }
    }

    /** Bytes the journal takes on disk. */
    public long journalBytes() {
        try (Stream<Path> files = Files.walk(root.resolve(JOURNAL))) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeAtomically(Path target, String text) {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BadInputException("cannot write " + target + ": " + BadInputException.reason(e));
        }
    }
}
