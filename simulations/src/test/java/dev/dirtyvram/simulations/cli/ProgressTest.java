package dev.dirtyvram.simulations.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void withoutATerminalLongWorkPrintsAPlainLineEveryTenSecondsAndShortWorkNothing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long[] now = {0};
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), "running", true, false, () -> now[0]);
        for (int s = 0; s <= 35; s++) {
            now[0] = s * 1_000_000_000L;
            p.accept(s / 35.0);
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(List.of("running: 29% after 10 s", "running: 57% after 20 s", "running: 86% after 30 s"), lines);
        assertTrue(lines.stream().noneMatch(l -> l.contains("\r")), "no bar drawn into a log");

        ByteArrayOutputStream quiet = new ByteArrayOutputStream();
        Progress shortWork = new Progress(new PrintStream(quiet, true, StandardCharsets.UTF_8), "running", true, false, () -> 5_000_000_000L);
        shortWork.accept(0.5);
        shortWork.accept(1.0);
        assertEquals("", quiet.toString(StandardCharsets.UTF_8));
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlaceAndEndsItsLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), "sweep", true, true, () -> 0L);
        p.accept(0.5);
        p.accept(1.0);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("\rsweep [############             ] 50%"), out);
        assertTrue(out.endsWith("100%" + System.lineSeparator()), out);
    }
}
