package dev.dirtyvram.persistence.store;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.persistence.IncompleteRunException;
import dev.dirtyvram.persistence.JournalKind;
import dev.dirtyvram.persistence.journal.DiscardingJournal;
import dev.dirtyvram.persistence.journal.WriteBehindJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.pekko.persistence.query.journal.leveldb.javadsl.LeveldbReadJournal;
/**
 * One run's directory, {@code runs/<run-id>/}: the LevelDB journal and the local snapshot store, the resolved
 * configuration ({@code config.conf}) written before the run starts, and {@code summary.json} written (atomically)
 * only once the run is over. A directory without a summary is a run that did not finish. A run with
 * {@code journal = jdbc} keeps its journal in PostgreSQL instead (its {@link #shared} database), where its
 * configuration and summary are stored too, under the same run id.
 */
public final class RunDirectory implements StoredRun {
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
    /** The run in PostgreSQL when its journal is there; null for the embedded journal. */
    private final JdbcRun shared;

    private RunDirectory(Path root, JdbcRun shared) {
        this.root = root;
        this.shared = shared;
    }

    /** A new directory for {@code runId} under {@code outDir}; a suffix keeps an existing run untouched. */
    public static RunDirectory create(Path outDir, String runId) {
        return create(outDir, runId, null);
    }

    /**
     * The same, with the journal in the database {@code jdbc} when not null: the id is reserved in its runs table
     * first (suffixed when another member holds it), and the directory keeps that id.
     */
    public static RunDirectory create(Path outDir, String runId, JdbcSettings jdbc) {
        String id = jdbc == null ? null : RunsTable.reserve(jdbc, runId);
        Path dir = freshDirectory(outDir, id == null ? runId : id);
        try {
            // The id first: it marks the directory as a run's from the start, so one killed before its
            // configuration was written still reads as a run that did not get going, not as a stranger.
            Files.writeString(dir.resolve(RUN_ID), (id == null ? dir.getFileName() : id) + "\n", StandardCharsets.UTF_8);
            if (jdbc == null) {
                Files.createDirectories(dir.resolve(JOURNAL));
                Files.createDirectories(dir.resolve(SNAPSHOTS));
            }
        } catch (IOException e) {
            throw new BadInputException("cannot create run directory " + dir + ": " + BadInputException.reason(e));
        }
        return new RunDirectory(dir, id == null ? null : new JdbcRun(jdbc, id));
    }

    /** A new, empty, writable directory {@code name} (suffixed when taken) under {@code parent}. */
    public static Path freshDirectory(Path parent, String name) {
        if (Files.exists(parent) && !Files.isDirectory(parent)) throw new BadInputException("output directory " + parent + " is a file");
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

    /** An existing run, for replay: it must hold a configuration and a journal (here, or named by its configuration). */
    public static RunDirectory open(Path dir) {
        if (!Files.isDirectory(dir)) throw new BadInputException("no run directory at " + dir);
        if (killedWhileStarting(dir)) {
            throw new IncompleteRunException(dir + " was stopped before it wrote its " + CONFIG + ": it holds nothing to replay");
        }
        if (!Files.isRegularFile(dir.resolve(CONFIG))) throw new BadInputException(dir + " is not a run directory: no " + CONFIG);
        Config cfg;
        try {
            cfg = ConfigFactory.parseFile(dir.resolve(CONFIG).toFile());
        } catch (ConfigException e) {
            throw new BadInputException(dir.resolve(CONFIG) + " is not a run configuration: " + e.getMessage());
        }
        RunDirectory embedded = new RunDirectory(dir, null);
        if (cfg.hasPath("journal") && cfg.getString("journal").equals(JournalKind.JDBC.id)) {
            return new RunDirectory(dir, new JdbcRun(JdbcSettings.of(cfg), embedded.runId()));
        }
        if (!Files.isDirectory(dir.resolve(JOURNAL))) throw new BadInputException(dir + " is not a run directory: no " + JOURNAL + "/");
        return embedded;
    }


    /**
     * A run's directory killed before its configuration was written: {@link #RUN_ID} (its first file) and no more
     * than an empty journal. (bench's own runs have no configuration, but they have a journal.)
     */
    public static boolean killedWhileStarting(Path dir) {
        return Files.isRegularFile(dir.resolve(RUN_ID)) && !Files.exists(dir.resolve(CONFIG)) && !hasJournal(dir);
    }

    /** LevelDB writes CURRENT once the store exists: before it, nothing was journaled. */
    private static boolean hasJournal(Path dir) {
        return Files.exists(dir.resolve(JOURNAL).resolve("CURRENT"));
    }

    public Path root() { return root; }

    @Override
    public String where() {
        return root.toString();
    }

    @Override
    public String config() {
        try {
            return Files.readString(root.resolve(CONFIG), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + root.resolve(CONFIG) + ": " + BadInputException.reason(e));
        }
    }

    @Override
    public Optional<String> summary() {
        return hasSummary() ? Optional.of(readSummary()) : Optional.empty();
    }

    @Override
    public boolean journalStarted() {
        return shared != null || hasJournal(root);
    }

    @Override
    public RunReader.Journal readJournal(List<String> actors, Config base) {
        if (shared != null) return shared.readJournal(actors, base);
        List<String> tornTail = RunReader.checkReadable(root);
        return RunReader.read(root.toString(), ConfigFactory.parseString(
                "pekko.persistence.query.journal.leveldb.max-buffer-size = " + RunReader.WINDOW).withFallback(persistenceConfig(base)),
                LeveldbReadJournal.Identifier(), actors, tornTail);
    }

    /** The identity the run was made with (older runs, without the file: their directory's name). */
    @Override
    public String runId() {
        try {
            String id = Files.readString(root.resolve(RUN_ID), StandardCharsets.UTF_8).strip();
            return id.isEmpty() ? root.getFileName().toString() : id;
        } catch (NoSuchFileException e) {
            return root.getFileName().toString();
        } catch (IOException e) {
            throw new BadInputException("cannot read " + root.resolve(RUN_ID) + ": " + BadInputException.reason(e));
        }
    }

    /**
     * Journal and snapshot settings for reading this run back on top of {@code base}: embedded LevelDB, no server (or
     * Pekko's JDBC journal itself, for a run whose journal is in PostgreSQL).
     */
    public Config persistenceConfig(Config base) {
        if (shared != null) return shared.systemConfig(base);
        // Reading back verifies every block's checksum: damage is reported, never decoded into a different timeline.
        return ConfigFactory.parseString(WriteBehindJournal.EMBEDDED + ".checksum = on")
                .withFallback(persistenceConfig(base, WriteBehindJournal.EMBEDDED));
    }

    /**
     * The same for a live run with {@code journal}: LevelDB or PostgreSQL behind {@link WriteBehindJournal}, or
     * writes dropped.
     */
    public Config persistenceConfig(Config base, JournalKind journal) {
        if (journal == JournalKind.JDBC) {
            if (shared == null) throw new IllegalStateException(root + " was not made for the jdbc journal");
            return shared.systemConfig(base, WriteBehindJournal.PLUGIN_ID);
        }
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
        if (shared != null) shared.writeConfig(hocon);
    }

    public void writeSummary(String json) {
        writeAtomically(root.resolve(SUMMARY), json);
        if (shared != null) shared.writeSummary(json);
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

    /** Bytes the journal takes on disk (in PostgreSQL: the events' payloads, of the {@code actors} named). */
    public long journalBytes(List<String> actors) {
        if (shared != null) return shared.journalBytes(actors);
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
