package dev.dirtyvram.simulations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.dirtyvram.persistence.RunDirectory;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small sweep: its files, rows, columns and charts; every run a normal, replayable run directory. */
class SweepTest {
    @TempDir
    Path out;

    @Test
    void aSmallSweepWritesItsFiles() throws IOException {
        Cli r = Cli.run("sweep", "--scenario", "idle-screen", "--vary", "harvest.interval=10ms,50ms",
                "--vary", "strategy=linear-walk,memcmp", "--seeds", "2", "--duration", "300ms", "--latency-target", "30ms",
                "--out", out.toString());
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(r.out().contains("recommendation: linear-walk at a 10ms harvest interval"), r.out());
        Path sweep;
        try (Stream<Path> s = Files.list(out)) {
            sweep = s.findFirst().orElseThrow();
        }

        List<CSVRecord> rows;
        List<String> header;
        try (Reader in = Files.newBufferedReader(sweep.resolve("sweep.csv"));
             CSVParser csv = CSVParser.builder().setReader(in).setFormat(CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()).get()) {
            header = csv.getHeaderNames();
            rows = csv.getRecords();
        }
        assertEquals(8, rows.size(), "2 intervals x 2 strategies x 2 seeds");
        for (String column : List.of("strategy", "harvest.interval", "tlb.mode", "seed", "runId", "lostUpdates",
                "latencyP99", "harvestCostCycles", "costPerSecond", "digest")) {
            assertTrue(header.contains(column), "column " + column + " in " + header);
        }
        assertEquals(2, rows.stream().filter(x -> x.get("strategy").equals("memcmp") && x.get("harvest.interval").equals("10ms")).count());

        Config json = ConfigFactory.parseFile(sweep.resolve("sweep.json").toFile());
        assertEquals(4, json.getConfigList("points").size());
        assertEquals("linear-walk", json.getString("recommendation.series"));

        for (String chart : List.of(SweepCharts.LATENCY, SweepCharts.COST)) {
            Path png = sweep.resolve(chart);
            byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head, chart + " is a PNG");
            assertNotNull(ImageIO.read(png.toFile()), chart + " decodes");
        }

        Path oneRun = sweep.resolve("runs").resolve(rows.get(0).get("runId"));
        assertTrue(Files.isRegularFile(oneRun.resolve(RunDirectory.SUMMARY)));
        assertEquals(Main.OK, Cli.run("replay", oneRun.toString(), "--verify").code(), "any point can be replayed");
    }

    @Test
    void badGridsAreBadInput() {
        assertEquals(Main.BAD_INPUT, Cli.run("sweep", "--vary", "no.such.key=1,2", "--out", out.toString()).code());
        assertEquals(Main.BAD_INPUT, Cli.run("sweep", "--vary", "strategy=linear-walk,bogus", "--out", out.toString()).code());
        assertEquals(Main.BAD_INPUT, Cli.run("sweep", "--vary", "harvest.interval", "--out", out.toString()).code());
        assertEquals(Main.BAD_INPUT, Cli.run("sweep", "--seeds", "0", "--out", out.toString()).code());
        assertEquals(Main.BAD_INPUT, Cli.run("sweep", "--latency-target", "soon", "--out", out.toString()).code());
    }
}
