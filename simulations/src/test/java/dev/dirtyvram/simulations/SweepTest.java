package dev.dirtyvram.simulations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.dirtyvram.persistence.store.RunDirectory;
import dev.dirtyvram.simulations.cli.ExitStatus;
import dev.dirtyvram.simulations.tune.Recommendation;
import dev.dirtyvram.simulations.tune.SweepCharts;
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
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.ui.Layer;
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
        assertEquals(ExitStatus.OK.code, r.code(), r.err());
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
        assertEquals(ExitStatus.OK.code, Cli.run("replay", oneRun.toString(), "--verify").code(), "any point can be replayed");
    }

    @Test
    void aOnePointSweepFinishesItsFiles() {
        Cli r = Cli.run("sweep", "--vary", "harvest.interval=10ms", "--seeds", "1", "--duration", "100ms", "--out", out.toString(), "--json");
        assertEquals(ExitStatus.OK.code, r.code(), r.err());
        Config json = ConfigFactory.parseString(r.out());
        assertEquals(1, json.getConfigList("points").size());
        assertEquals(2, json.getStringList("charts").size());
    }

    private static Recommendation.Point point(String line, String x, double p99Ms, double cpu) {
        return new Recommendation.Point(line + " " + x, 30_000_000L, 1, 0, (long) (p99Ms * 1e6), p99Ms * 5e5, cpu * 1e6, cpu, line, x, 1000);
    }

    @Test
    void chartsPlotAgainstTheKnobVariedOnALinearAxisWithTheLatencyTarget() {
        List<Recommendation.Point> points = List.of(point("all", "1", 20, 5.5), point("all", "2", 21, 5.8), point("all", "4", 22, 5.9));
        SweepCharts.XAxis x = SweepCharts.XAxis.of("vcpus", points);
        assertEquals("vcpus", x.label());
        assertEquals(List.of(1.0, 2.0, 4.0), List.copyOf(x.position().values()));
        var cpu = SweepCharts.cpuChart(points, x, "vcpus").getXYPlot();
        assertTrue(cpu.getRangeAxis() instanceof NumberAxis && !(cpu.getRangeAxis() instanceof LogAxis),
                "5.5 to 5.9 %: a linear axis");
        assertEquals("vcpus", cpu.getDomainAxis().getLabel());
        assertEquals(4.0, cpu.getDataset().getXValue(0, 2), 1e-9);
        var latency = SweepCharts.latencyChart(points, 50_000_000L, x, "vcpus").getXYPlot();
        var markers = latency.getRangeMarkers(Layer.FOREGROUND);
        assertEquals(50.0, ((ValueMarker) markers.iterator().next()).getValue(), 1e-9, "the target at 50 ms");
        assertTrue(latency.getRangeAxis().getUpperBound() > 50, "and inside the plot");

        List<Recommendation.Point> apart = List.of(point("memcmp", "10ms", 10, 0.05), point("sl1ma", "10ms", 10, 30));
        var log = SweepCharts.cpuChart(apart, SweepCharts.XAxis.of("harvest.interval", apart), "harvest.interval").getXYPlot();
        assertTrue(log.getRangeAxis() instanceof LogAxis, "over two decades apart: a log axis");
        assertEquals("harvest.interval (ms)", log.getDomainAxis().getLabel());
        List<Recommendation.Point> named = List.of(point("all", "linear-walk", 10, 5), point("all", "sl1ma", 10, 6));
        assertTrue(SweepCharts.XAxis.of("strategy", named).categorical());
    }

    @Test
    void badGridsAreBadInput() {
        Cli negative = Cli.run("sweep", "--latency-target", "-5ms", "--out", out.toString());
        assertEquals(ExitStatus.BAD_INPUT.code, negative.code());
        assertEquals("dirtyvram: --latency-target must not be negative, got -5ms", negative.err().strip());
        Cli unitless = Cli.run("sweep", "--latency-target", "50", "--out", out.toString());
        assertEquals(ExitStatus.BAD_INPUT.code, unitless.code());
        assertTrue(unitless.err().contains("needs a unit"), unitless.err());
        assertEquals(ExitStatus.BAD_INPUT.code, Cli.run("sweep", "--vary", "no.such.key=1,2", "--out", out.toString()).code());
        assertEquals(ExitStatus.BAD_INPUT.code, Cli.run("sweep", "--vary", "strategy=linear-walk,bogus", "--out", out.toString()).code());
        assertEquals(ExitStatus.BAD_INPUT.code, Cli.run("sweep", "--vary", "harvest.interval", "--out", out.toString()).code());
        assertEquals(ExitStatus.BAD_INPUT.code, Cli.run("sweep", "--seeds", "0", "--out", out.toString()).code());
        assertEquals(ExitStatus.BAD_INPUT.code, Cli.run("sweep", "--latency-target", "soon", "--out", out.toString()).code());
    }
}
