package dev.dirtyvram.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.dirtyvram.persistence.store.RunDirectory;
import dev.dirtyvram.simulations.cli.ExitStatus;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
/** The actors under the seeded scheduler: reproducible to the digest, different per seed. */
class DeterministicModeTest {
    @TempDir
    Path out;

    private String digestOf(Path runs) throws IOException {
        return ConfigFactory.parseFile(ScenarioEndToEndTest.onlyRun(runs).resolve(RunDirectory.SUMMARY).toFile()).getString("digest");
    }

    private Cli run(String sub, String... extra) {
        String[] args = new String[extra.length + 9];
        System.arraycopy(new String[] {"run", "--mode", "deterministic", "--duration", "300ms", "--out", out.resolve(sub).toString(), "--json"}, 0, args, 0, 8);
        System.arraycopy(extra, 0, args, 8, extra.length);
        args[args.length - 1] = "--set=lfb.pages=512";
        return Cli.run(args);
    }

    @Test
    void sameSeedSameDigestInAnotherJvmDifferentSeedDifferentDigest() throws Exception {
        assertEquals(ExitStatus.OK.code, run("a", "--seed", "7").code());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.dirtyvram.simulations.Main",
                "run", "--mode", "deterministic", "--duration", "300ms", "--out", out.resolve("b").toString(), "--json",
                "--seed", "7", "--set=lfb.pages=512")
                .redirectErrorStream(true).redirectOutput(new File(out.toFile(), "child.log")).start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), Files.readString(out.resolve("child.log")));
        assertEquals(digestOf(out.resolve("a")), digestOf(out.resolve("b")), "same seed and configuration, another JVM");

        assertEquals(ExitStatus.OK.code, run("c", "--seed", "8").code());
        assertNotEquals(digestOf(out.resolve("a")), digestOf(out.resolve("c")), "another seed, another interleaving");
    }

    @Test
    void svmNoFlushLosesUpdatesOnMostSeeds() throws IOException {
        int losing = 0;
        for (int seed = 1; seed <= 5; seed++) {
            Cli r = run("svm" + seed, "--scenario", "svm-no-flush", "--seed", String.valueOf(seed));
            assertEquals(ExitStatus.OK.code, r.code(), r.err());
            if (ConfigFactory.parseString(r.out()).getLong("lostUpdates") > 0) losing++;
        }
        assertTrue(losing >= 4, "lost updates on " + losing + " of 5 seeds");
    }

    @Test
    void aViolationPrintsTheCommandThatReproducesIt() throws IOException {
        Cli r = run("v", "--scenario", "svm-no-flush", "--seed", "3", "--set", "expect.lost=zero");
        assertEquals(ExitStatus.VIOLATION.code, r.code());
        Matcher m = Pattern.compile("repeat this run with: ./dirtyvram run --scenario (\\S+)").matcher(r.err());
        assertTrue(m.find(), r.err());
        String first = ConfigFactory.parseString(r.out()).getString("digest");
        Cli again = Cli.run("run", "--scenario", m.group(1), "--out", out.resolve("again").toString(), "--json");
        assertEquals(ExitStatus.VIOLATION.code, again.code());
        assertEquals(first, ConfigFactory.parseString(again.out()).getString("digest"), "the printed command repeats the run exactly");
    }

    @Test
    void explainGivesLateWritesTheirCause() throws IOException {
        assertEquals(ExitStatus.OK.code, run("late", "--scenario", "vmx-untagged-no-flush", "--seed", "2").code());
        Cli r = Cli.run("explain", ScenarioEndToEndTest.onlyRun(out.resolve("late")).toString(), "--page", "256"); // the cursor: lfb.pages / 2
        assertEquals(ExitStatus.OK.code, r.code(), r.err());
        assertTrue(r.out().contains("was reported late (two harvests missed it) because its TLB entry cached D=1"), r.out());
        assertTrue(r.out().contains("neither a flush nor a VM exit (which empties an untagged TLB)"), r.out());
    }

    @Test
    void aDeterministicRunReplaysAndVerifies() throws IOException {
        assertEquals(ExitStatus.OK.code, run("r", "--seed", "5").code());
        Cli r = Cli.run("replay", ScenarioEndToEndTest.onlyRun(out.resolve("r")).toString(), "--verify");
        assertEquals(ExitStatus.OK.code, r.code(), r.err());
    }
}
