package dev.dirtyvram.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dirtyvram.simulations.cli.ExitStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
/** Bad input: one line naming the problem on stderr, exit status 2, no stack trace, no run directory. */
class BadInputTest {
    @TempDir
    Path out;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--strategy|bogus|unknown strategy 'bogus'",
            "--vcpus|-1|vcpus must be 1..128, got -1",
            "--vcpus|abc|'abc' is not an int",
            "--scenario|no-such-scenario|unknown scenario 'no-such-scenario'",
            "--set|nonsense.key=1|unknown configuration key 'nonsense.key'",
            "--set|harvest.interval=10us|harvest.interval must be at least 100us",
            "--set|lfb.mfn-layout=diagonal|unknown mfn layout 'diagonal'",
            "--duration|forever|duration",
            "--set|time.dilation=0.5|time.dilation must be auto or a number in [1, 64], got 0.5",
            "--set|time.dilation=fast|time.dilation must be auto or a number in [1, 64], got 'fast'",
            "--set|journal=sqlite|unknown journal 'sqlite'",
            "--set|expect.strategy=bogus|unknown strategy 'bogus'",
            "--set|cost.ipi=-1|cost.ipi must not be negative, got -1",
            "--set|cost.preset=1999|unknown cost.preset '1999' (2008, modern)",
            "--set|shadow.set-l1e=cmpxchg|unknown shadow.set-l1e 'cmpxchg' (read-then-store, exchange)",
            "--set|kvm.ring-size=100|kvm.ring-size must be a power of two in 256..65536, got 100",
            "--set|hap.copy-out-fails-every=-1|hap.copy-out-fails-every must be 0 (never) or more, got -1",
            "--set|harvest.sl1ma-version=xen-3.0|unknown harvest.sl1ma-version 'xen-3.0' (xen-2008, xen-2026)",
            "--set|expect.spurious=few|expect.spurious must be zero, positive, at-most N or any, got 'few'",
            "--duration|1|duration needs a unit, e.g. 2s, 50ms or 10us, got 1",
            "--set|harvest.interval=5|harvest.interval needs a unit",
            "--set|schedule.window=\"100\"|schedule.window needs a unit",
            "--set|cost.page-walk=-5|cost.page-walk must not be negative, got -5",
            "--set|events=[{at=5s,type=remap,first=0,count=1}]|event remap at 5s is outside the run of 2s",
    })
    void oneLineAndExitTwo(String option, String value, String expected) throws IOException {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.execute("run", option, value, "--out", out.toString());
        } finally {
            System.setErr(saved);
        }
        String text = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(ExitStatus.BAD_INPUT.code, code, text);
        assertEquals(1, text.lines().count(), "one line: " + text);
        assertTrue(text.startsWith("dirtyvram: ") && text.contains(expected), text);
        assertFalse(text.contains("Exception"), text);
        try (var s = Files.list(out)) {
            assertEquals(0, s.count(), "no run directory for bad input");
        }
    }

    @ParameterizedTest
    @CsvSource({"/proc/dirtyvram-cannot-be-here"})
    void unwritableOutputDirectory(String dir) {
        Cli r = Cli.run("run", "--out", dir);
        assertEquals(ExitStatus.BAD_INPUT.code, r.code());
        assertTrue(r.err().startsWith("dirtyvram: cannot create output directory"), r.err());
    }

    @Test
    void noSubcommandPointsAtTheProgramsHelp() {
        Cli r = Cli.run();
        assertEquals(ExitStatus.BAD_INPUT.code, r.code());
        assertEquals("dirtyvram: Missing required subcommand (see: dirtyvram --help)", r.err().strip());
    }
}
