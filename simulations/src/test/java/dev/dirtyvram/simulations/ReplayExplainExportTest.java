package dev.dirtyvram.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.dirtyvram.domain.event.TimelineMerger;
import dev.dirtyvram.domain.memory.FrameContents;
import dev.dirtyvram.domain.oracle.RunFold;
import dev.dirtyvram.persistence.store.RunDirectory;
import dev.dirtyvram.persistence.store.RunReader;
import dev.dirtyvram.simulations.replay.LoadedRun;
import dev.dirtyvram.simulations.cli.ExitStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
/** A default run and an svm-no-flush run, then everything that reads them back from the journal. */
class ReplayExplainExportTest {
    @TempDir
    static Path out;
    static Path defaultRun;
    static Path svmRun;

    @BeforeAll
    static void runBoth() throws IOException {
        assertEquals(ExitStatus.OK.code, Cli.run("run", "--scenario", "default", "--duration", "1s", "--out", out.resolve("d").toString()).code());
        assertEquals(ExitStatus.OK.code, Cli.run("run", "--scenario", "svm-no-flush", "--duration", "1s", "--out", out.resolve("s").toString()).code());
        defaultRun = ScenarioEndToEndTest.onlyRun(out.resolve("d"));
        svmRun = ScenarioEndToEndTest.onlyRun(out.resolve("s"));
    }

    @Test
    void replayVerifiesBothRuns() {
        for (Path run : List.of(defaultRun, svmRun)) {
            Cli r = Cli.run("replay", run.toString(), "--verify", "--json");
            assertEquals(ExitStatus.OK.code, r.code(), r.err());
            Config replay = ConfigFactory.parseString(r.out());
            Config live = ConfigFactory.parseFile(run.resolve(RunDirectory.SUMMARY).toFile());
            assertEquals(live.getLong("lostUpdates"), replay.getLong("lostUpdates"));
            assertEquals(live.getString("digest"), replay.getString("digest"));
        }
    }

    @Test
    void aJournalReadToItsEndFirstFoldsToTheLiveTimeline() {
        RunDirectory run = RunDirectory.open(defaultRun);
        Config pekko = ConfigFactory.load();
        LoadedRun loaded = LoadedRun.open(run, pekko);
        String live = ConfigFactory.parseFile(defaultRun.resolve(RunDirectory.SUMMARY).toFile()).getString("digest");
        long events;
        try (RunReader.Journal j = run.readJournal(loaded.ids().names(), pekko)) {
            List<TimelineMerger.Stream> streams = j.streamsRead();
            events = j.entries(); // every event read before the merge takes one fact
            RunFold fold = new RunFold(loaded.scenario().cfg(), loaded.p2m());
            new TimelineMerger(streams, new FrameContents(loaded.p2m(), fold)).drain(Long.MAX_VALUE);
            assertEquals(live, fold.summary().digest());
            assertEquals(events, j.entries());
            for (TimelineMerger.Stream s : streams) assertNull(s.poll(), "a stream read to its end stays there");
        }
        try (RunReader.Journal j = run.readJournal(loaded.ids().names(), pekko)) {
            RunFold fold = new RunFold(loaded.scenario().cfg(), loaded.p2m());
            new TimelineMerger(j.streams(), new FrameContents(loaded.p2m(), fold)).drain(Long.MAX_VALUE);
            assertEquals(events, j.entries(), "read as it is used, the same events");
        }
    }

    @Test
    void verifyNamesTheFieldsThatDiffer() throws IOException {
        Path copy = out.resolve("tampered");
        copyTree(defaultRun, copy);
        Path summary = copy.resolve(RunDirectory.SUMMARY);
        String json = Files.readString(summary);
        Files.writeString(summary, json.replaceFirst("\"harvests\": \\d+", "\"harvests\": 99999"));
        Cli r = Cli.run("replay", copy.toString(), "--verify");
        assertEquals(ExitStatus.VIOLATION.code, r.code());
        assertTrue(r.err().contains("harvests (live 99999, replay"), r.err());
    }

    @Test
    void explainLostNamesEachLostWriteWithItsCause() {
        Cli r = Cli.run("explain", svmRun.toString(), "--lost");
        assertEquals(ExitStatus.OK.code, r.code(), r.err());
        assertTrue(r.out().contains("was lost because its TLB entry cached D=1"), r.out());
        assertTrue(r.out().contains("no flush of d1v"), r.out());
        long lost = ConfigFactory.parseFile(svmRun.resolve(RunDirectory.SUMMARY).toFile()).getLong("lostUpdates");
        assertTrue(r.out().contains(lost + " lost writes explained"), r.out());
    }

    @Test
    void explainPageTellsItsTimeline() {
        Cli r = Cli.run("explain", svmRun.toString(), "--page", "1024");
        assertEquals(ExitStatus.OK.code, r.code(), r.err());
        assertTrue(r.out().contains("test-and-clears D of vpn 1024"), r.out());
        assertTrue(r.out().contains("store through entry with D=1 cached"), r.out());
        assertEquals(ExitStatus.BAD_INPUT.code, Cli.run("explain", svmRun.toString(), "--page", "5000").code());
        assertEquals(ExitStatus.OK.code, Cli.run("explain", defaultRun.toString(), "--lost").code());
    }

    @Test
    void exportWritesOneObjectPerFactInTimelineOrder() throws IOException {
        Path file = out.resolve("default.jsonl");
        Cli r = Cli.run("export", defaultRun.toString(), "--format", "jsonl", "-o", file.toString());
        assertEquals(ExitStatus.OK.code, r.code(), r.err());
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        long facts = ConfigFactory.parseFile(defaultRun.resolve(RunDirectory.SUMMARY).toFile()).getLong("facts");
        assertEquals(facts, lines.size());
        long last = 0;
        boolean sawWrite = false;
        boolean sawRedraw = false;
        boolean sawHarvest = false;
        for (String line : lines) {
            Config c = ConfigFactory.parseString(line);
            assertTrue(c.hasPath("type") && c.hasPath("actor") && c.hasPath("time"), line);
            long lseq = c.getLong("lseq");
            assertTrue(lseq > last, "ascending lseq");
            last = lseq;
            switch (c.getString("type")) {
                case "guest_write", "guest_write_cached_d" -> {
                    sawWrite = true;
                    assertEquals(lseq, c.getLong("stamp"));
                    assertTrue(c.hasPath("page"));
                }
                case "redraw_read" -> sawRedraw = sawRedraw || (c.hasPath("page") && c.hasPath("stamp"));
                case "harvest_completed" -> sawHarvest = sawHarvest || (c.hasPath("harvest") && c.hasPath("pages"));
                default -> { }
            }
        }
        assertTrue(sawWrite && sawRedraw && sawHarvest);
    }

    @Test
    void traceShowsEveryLostStoreOfItsPagesInBalancedSlices() throws IOException {
        Config summary = ConfigFactory.parseFile(svmRun.resolve(RunDirectory.SUMMARY).toFile());
        assertEquals(1, summary.getInt("lostPages"), "the cursor page 1024 is the only one svm-no-flush loses stores on");
        Path file = out.resolve("svm.trace.json");
        Cli r = Cli.run("export", svmRun.toString(), "--format", "trace", "--pages", "1024", "-o", file.toString());
        assertEquals(ExitStatus.OK.code, r.code(), r.err());
        List<? extends Config> events = ConfigFactory.parseFile(file.toFile()).getConfigList("traceEvents");
        Map<Integer, Deque<String>> open = new HashMap<>();
        Set<String> tracks = new HashSet<>();
        long lost = 0;
        long stores = 0;
        for (Config e : events) {
            int tid = e.getInt("tid");
            switch (e.getString("ph")) {
                case "M" -> {
                    if (e.getString("name").equals("thread_name")) tracks.add(e.getString("args.name"));
                }
                case "B" -> open.computeIfAbsent(tid, t -> new ArrayDeque<>()).push(e.getString("name"));
                case "E" -> assertEquals(open.get(tid).pop(), e.getString("name"), "a slice ends as it began, on its track");
                case "i" -> {
                    if (e.getString("name").startsWith("store")) {
                        stores++;
                        assertEquals(1024, e.getInt("args.page"), "only the pages asked for");
                        if (e.hasPath("args.lost")) lost++;
                        assertEquals(e.hasPath("args.lost"), e.getString("name").equals("store LOST"));
                    }
                }
                default -> throw new AssertionError("unknown phase " + e.getString("ph"));
            }
        }
        assertTrue(open.values().stream().allMatch(Deque::isEmpty), "every slice closed");
        assertTrue(tracks.containsAll(List.of("d1v0", "xen", "qemu-dm")), tracks.toString());
        assertEquals(summary.getLong("lostUpdates"), lost);
        assertTrue(stores > lost, "stores shown before the first harvest are not lost");

        Path window = out.resolve("window.trace.json");
        assertEquals(ExitStatus.OK.code, Cli.run("export", svmRun.toString(), "--format", "trace", "--pages", "1024",
                "--from", "100ms", "--to", "200ms", "-o", window.toString()).code());
        for (Config e : ConfigFactory.parseFile(window.toFile()).getConfigList("traceEvents")) {
            if (!e.getString("ph").equals("M")) {
                assertTrue(e.getDouble("ts") >= 100_000 && e.getDouble("ts") <= 200_000, "inside the window: " + e.root().render());
            }
        }
        assertEquals(ExitStatus.BAD_INPUT.code, Cli.run("export", svmRun.toString(), "--format", "trace", "--pages", "2048").code());
        assertEquals(ExitStatus.BAD_INPUT.code, Cli.run("export", svmRun.toString(), "--pages", "3").code(), "--pages is a trace's");
        assertEquals(ExitStatus.BAD_INPUT.code, Cli.run("export", svmRun.toString(), "--format", "trace", "--from", "2s", "--to", "1s").code());
    }

    /**
     * The page of a 1 s svm-no-flush run that loses most of its stores (a 51 MB picture of 397 590 lines before):
     * under 1 MB, well-formed, every failing store counted in a red mark, nothing drawn past the right edge.
     */
    @Test
    void aPageStoredToThousandsOfTimesIsAPictureThatOpens() throws Exception {
        Path svg = out.resolve("page-1024.svg");
        Cli r = Cli.run("explain", svmRun.toString(), "--page", "1024", "--svg", svg.toString());
        assertEquals(ExitStatus.OK.code, r.code(), r.err());
        assertTrue(Files.size(svg) < 1_000_000, Files.size(svg) + " bytes");
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        long failing = 0;
        for (String tag : List.of("line", "rect")) {
            var els = doc.getElementsByTagName(tag);
            for (int i = 0; i < els.getLength(); i++) {
                Element e = (Element) els.item(i);
                if (!"failing".equals(e.getAttribute("class"))) continue;
                String title = e.getElementsByTagName("title").item(0).getTextContent();
                failing += tag.equals("line") ? 1 : Long.parseLong(title.substring(0, title.indexOf(" x ")));
            }
        }
        long lost = ConfigFactory.parseFile(svmRun.resolve(RunDirectory.SUMMARY).toFile()).getLong("lostUpdates");
        assertTrue(lost > 1000, "the run lost many stores: " + lost);
        assertEquals(lost, failing, "every lost store of the page is in a red mark");
        int width = Integer.parseInt(doc.getDocumentElement().getAttribute("width"));
        var texts = doc.getElementsByTagName("text");
        for (int i = 0; i < texts.getLength(); i++) {
            Element t = (Element) texts.item(i);
            double x = Double.parseDouble(t.getAttribute("x"));
            int chars = t.getTextContent().length();
            double right = "end".equals(t.getAttribute("text-anchor")) ? x : "middle".equals(t.getAttribute("text-anchor")) ? x + chars * 3.5 : x + chars * 7;
            assertTrue(right <= width, "'" + t.getTextContent() + "' ends at about " + right + " of " + width);
        }
    }

    @Test
    void explainJsonHasOneVerdictPerLostStoreOfThePage() {
        Cli r = Cli.run("explain", svmRun.toString(), "--page", "1024", "--json");
        assertEquals(ExitStatus.OK.code, r.code(), r.err());
        Config c = ConfigFactory.parseString(r.out());
        long lost = ConfigFactory.parseFile(svmRun.resolve(RunDirectory.SUMMARY).toFile()).getLong("lostUpdates");
        List<? extends Config> verdicts = c.getConfigList("verdicts");
        assertEquals(lost, verdicts.stream().filter(v -> v.getString("kind").equals("lost")).count());
        assertTrue(verdicts.stream().allMatch(v -> v.getInt("page") == 1024 && v.getString("sentence").contains("lseq " + v.getLong("lseq"))));
        assertTrue(c.getStringList("lines").stream().anyMatch(l -> l.contains("test-and-clears D of vpn 1024")));
        assertTrue(c.getBoolean("complete"));
    }

    @Test
    void runsListsEachRunWithItsVerdictAndAnUnfinishedOneAsSuch() throws IOException {
        Path dir = out.resolve("listed");
        copyTree(svmRun, dir.resolve("svm"));
        copyTree(defaultRun, dir.resolve("unfinished"));
        Files.delete(dir.resolve("unfinished").resolve(RunDirectory.SUMMARY));
        Cli r = Cli.run("runs", dir.toString(), "--json");
        assertEquals(ExitStatus.OK.code, r.code(), r.err());
        List<? extends Config> runs = ConfigFactory.parseString("{runs: " + r.out() + "}").getConfigList("runs");
        assertEquals(2, runs.size());
        Config summary = ConfigFactory.parseFile(svmRun.resolve(RunDirectory.SUMMARY).toFile());
        Config svm = runs.stream().filter(c -> c.getString("scenario").equals("svm-no-flush")).findFirst().orElseThrow();
        assertEquals(summary.getLong("lostUpdates"), svm.getLong("lostUpdates"));
        assertEquals(summary.getString("verdict"), svm.getString("verdict"));
        Config unfinished = runs.stream().filter(c -> c.getString("scenario").equals("default")).findFirst().orElseThrow();
        assertEquals("not finished", unfinished.getString("verdict"));
        Cli table = Cli.run("runs", dir.toString());
        assertTrue(table.out().contains(summary.getString("runId")) && table.out().contains("not finished"), table.out());
        assertEquals(ExitStatus.BAD_INPUT.code, Cli.run("runs", out.resolve("nowhere").toString()).code());
    }

    @Test
    void missingOrCorruptRunsAreBadInput() throws IOException {
        assertEquals(ExitStatus.BAD_INPUT.code, Cli.run("replay", out.resolve("nothing-here").toString()).code());
        Path notARun = Files.createDirectories(out.resolve("not-a-run"));
        assertEquals(ExitStatus.BAD_INPUT.code, Cli.run("replay", notARun.toString()).code());

        Path badConfig = out.resolve("bad-config");
        copyTree(defaultRun, badConfig);
        Files.writeString(badConfig.resolve(RunDirectory.CONFIG), "vcpus = [[[");
        Cli c = Cli.run("replay", badConfig.toString());
        assertEquals(ExitStatus.BAD_INPUT.code, c.code(), c.err());
        assertEquals(1, c.err().strip().lines().count(), c.err());

        Path badJournal = out.resolve("bad-journal");
        copyTree(defaultRun, badJournal);
        try (Stream<Path> files = Files.list(badJournal.resolve(RunDirectory.JOURNAL))) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals("LOCK")) Files.write(f, "garbage, not leveldb".getBytes(StandardCharsets.UTF_8));
            }
        }
        Cli j = Cli.run("replay", badJournal.toString());
        assertEquals(ExitStatus.BAD_INPUT.code, j.code(), j.err());
        assertTrue(j.err().startsWith("dirtyvram: "), j.err());
        assertTrue(!j.err().contains("\tat "), "no stack trace: " + j.err());
    }

    /** Random bytes over the middle of every table file: whatever LevelDB makes of it, one line and exit 2. */
    @Test
    void aDamagedJournalIsOneLineAndExitTwoNeverACrash() throws IOException {
        Random rnd = new Random(42);
        for (String damage : List.of("sst-middles", "sst-halved", "no-current", "manifest")) {
            Path copy = out.resolve("damaged-" + damage);
            copyTree(defaultRun, copy);
            List<Path> files;
            try (Stream<Path> s = Files.list(copy.resolve(RunDirectory.JOURNAL))) {
                files = s.toList();
            }
            assertTrue(files.stream().anyMatch(f -> f.toString().endsWith(".sst")), "the run is big enough to have tables: " + files);
            for (Path f : files) {
                String name = f.getFileName().toString();
                byte[] b = Files.readAllBytes(f);
                switch (damage) {
                    case "sst-middles" -> {
                        if (!name.endsWith(".sst")) continue;
                        byte[] junk = new byte[Math.min(3000, b.length / 2)];
                        rnd.nextBytes(junk);
                        System.arraycopy(junk, 0, b, b.length / 4, junk.length);
                        Files.write(f, b);
                    }
                    case "sst-halved" -> {
                        if (name.endsWith(".sst")) Files.write(f, Arrays.copyOf(b, b.length / 2));
                    }
                    case "no-current" -> {
                        if (name.equals("CURRENT")) Files.delete(f);
                    }
                    default -> {
                        if (name.startsWith("MANIFEST")) {
                            byte[] junk = new byte[Math.min(200, b.length)];
                            rnd.nextBytes(junk);
                            System.arraycopy(junk, 0, b, 0, junk.length);
                            Files.write(f, b);
                        }
                    }
                }
            }
            Cli r = Cli.run("replay", copy.toString(), "--verify");
            assertEquals(ExitStatus.BAD_INPUT.code, r.code(), damage + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), damage + ", one line: " + r.err());
            assertTrue(r.err().startsWith("dirtyvram: journal of "), r.err());
        }
        try (Stream<Path> s = Files.list(Path.of("."))) {
            assertTrue(s.noneMatch(f -> f.getFileName().toString().startsWith("hs_err")), "no JVM crash log");
        }
    }

    /**
     * A log whose last write was torn (what a kill mid-write leaves): LevelDB's Java port drops it and prints a report
     * on standard output; replay keeps standard output for its JSON and names the torn write in a note.
     */
    @Test
    void aTornLogTailIsNamedInANoteNotPrintedAmongTheResults() throws IOException {
        Path copy = out.resolve("torn-tail");
        copyTree(defaultRun, copy);
        Path log;
        try (Stream<Path> s = Files.list(copy.resolve(RunDirectory.JOURNAL))) {
            log = s.filter(f -> f.getFileName().toString().endsWith(".log")).max(Comparator.naturalOrder()).orElseThrow();
        }
        // A record header cut short of its record: checksum, a length past the end of the file, type FULL.
        Files.write(log, new byte[] {1, 2, 3, 4, (byte) 0xff, 0x7f, 1}, StandardOpenOption.APPEND);
        Cli r = Cli.run("replay", copy.toString(), "--json", "--verify");
        assertEquals(ExitStatus.OK.code, r.code(), "the records before it are whole: " + r.err());
        assertEquals(1, r.out().strip().lines().count(), "standard output is the JSON alone: " + r.out());
        ConfigFactory.parseString(r.out());
        assertTrue(r.err().contains("dirtyvram: note: LevelDB dropped the log's torn last write (corruption of "), r.err());
    }

    @Test
    void aBrokenSummaryIsBadInput() throws IOException {
        Path copy = out.resolve("broken-summary");
        copyTree(defaultRun, copy);
        Files.writeString(copy.resolve(RunDirectory.SUMMARY), "{\"runId\": \"x\", \"lostUpd");
        Cli r = Cli.run("replay", copy.toString(), "--verify");
        assertEquals(ExitStatus.BAD_INPUT.code, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("summary.json is not a run summary"), r.err());
    }

    @Test
    void exportToADirectoryIsBadInputAndLeavesNothingBehind() throws IOException {
        Path target = Files.createDirectories(out.resolve("export-target"));
        Cli r = Cli.run("export", defaultRun.toString(), "-o", target.toString());
        assertEquals(ExitStatus.BAD_INPUT.code, r.code(), r.err());
        assertTrue(r.err().contains("is a directory"), r.err());
        try (Stream<Path> s = Files.list(out)) {
            assertTrue(s.noneMatch(f -> f.getFileName().toString().startsWith(".export")), "no temporary file left");
        }
    }

    @Test
    void aRunMovedElsewhereKeepsItsIdentityAndVerifies() throws IOException {
        Path moved = out.resolve("elsewhere").resolve("renamed-run");
        copyTree(defaultRun, moved);
        Cli r = Cli.run("replay", moved.toString(), "--verify", "--json");
        assertEquals(ExitStatus.OK.code, r.code(), r.err());
        assertEquals(defaultRun.getFileName().toString(), ConfigFactory.parseString(r.out()).getString("runId"));
    }

    @Test
    void aReferenceRunIsReplayedExplainedAndExportedByRunningItAgain() throws IOException {
        Path refOut = out.resolve("reference");
        Cli run = Cli.run("run", "--scenario", "svm-no-flush", "--mode", "reference", "--duration", "300ms", "--out", refOut.toString());
        assertEquals(ExitStatus.OK.code, run.code(), run.err());
        Path ref = ScenarioEndToEndTest.onlyRun(refOut);
        Cli verify = Cli.run("replay", ref.toString(), "--verify");
        assertEquals(ExitStatus.OK.code, verify.code(), verify.err());
        Cli lost = Cli.run("explain", ref.toString(), "--lost");
        assertEquals(ExitStatus.OK.code, lost.code(), lost.err());
        assertTrue(lost.out().contains("cached D=1"), "svm-no-flush loses stores to stale D=1 entries: " + lost.out());
        Path jsonl = out.resolve("reference.jsonl");
        assertEquals(ExitStatus.OK.code, Cli.run("export", ref.toString(), "-o", jsonl.toString()).code());
        long facts = ConfigFactory.parseFile(ref.resolve(RunDirectory.SUMMARY).toFile()).getLong("facts");
        try (Stream<String> lines = Files.lines(jsonl)) {
            assertEquals(facts, lines.count(), "one line per fact of the run");
        }
        // Tampered with, the re-derived timeline no longer matches what the run recorded.
        Path copy = out.resolve("reference-tampered");
        copyTree(ref, copy);
        Path summary = copy.resolve(RunDirectory.SUMMARY);
        Files.writeString(summary, Files.readString(summary).replaceFirst("\"digest\": \"[0-9a-f]+\"", "\"digest\": \"0\""));
        assertEquals(ExitStatus.VIOLATION.code, Cli.run("replay", copy.toString(), "--verify").code());
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }
}
