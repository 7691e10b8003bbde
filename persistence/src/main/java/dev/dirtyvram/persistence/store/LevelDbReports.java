package dev.dirtyvram.persistence.store;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Standard output while LevelDB's Java port opens or reads a store. The port reports a torn log tail (a killed run's
 * last write, which recovery drops and reads up to) with {@code System.out.println}, while standard output carries
 * results (--json) and standard error starts with the verdict: its reports are kept for the reader to name in the
 * verdict, anything else printed meanwhile goes to standard error. Close it to give standard output back.
 */
final class LevelDbReports implements AutoCloseable {
    /** How the port's LogMonitor starts a report (LogMonitors.logMonitor). */
    private static final String REPORT = "corruption of ";

    private final PrintStream stdout = System.out;
    private final PrintStream stderr = System.err;
    private final List<String> reports = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final PrintStream capture = new PrintStream(new OutputStream() {
        @Override
        public void write(int b) {
            synchronized (line) {
                if (b == '\n') endLine();
                else line.write(b);
            }
        }
    }, true, StandardCharsets.UTF_8);

    LevelDbReports() {
        System.setOut(capture);
    }

    private void endLine() {
        String s = line.toString(StandardCharsets.UTF_8).stripTrailing();
        line.reset();
        if (s.startsWith(REPORT)) reports.add(s);
        else if (!s.isEmpty()) stderr.println(s);
    }

    /** The port's reports so far, each a line such as "corruption of 7 bytes: Invalid chunk length". */
    List<String> reports() {
        return List.copyOf(reports);
    }

    @Override
    public void close() {
        capture.flush();
        synchronized (line) {
            if (line.size() > 0) endLine();
        }
        System.setOut(stdout);
    }
}
