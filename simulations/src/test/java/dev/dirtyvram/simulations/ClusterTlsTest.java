package dev.dirtyvram.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.dirtyvram.simulations.cli.ExitStatus;
import dev.dirtyvram.simulations.cluster.ClusterOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
/**
 * Members talk TLS with mutual authentication: a coordinator holding the cluster's certificate joins and its runs are
 * made; a node whose certificate the cluster does not trust is refused (it gives up joining: one line, exit 2), even
 * though it trusts the cluster. Keystores are made here with the JDK's keytool; passwords go through the environment
 * or a file, never the command line.
 */
class ClusterTlsTest {
    static {
        LoggerFactory.getLogger(ClusterTlsTest.class); // logging set up before any actor system
    }

    private static final String PASSWORD = "cluster-secret";

    @TempDir
    Path dir;

    private static void keytool(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + ": " + out);
    }

    /** A keystore with a fresh self-signed key named {@code name}, and its certificate exported to name.crt. */
    private static void identity(Path dir, String name) throws Exception {
        keytool(dir, "-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + name, "-validity", "2",
                "-keystore", name + ".p12", "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool(dir, "-exportcert", "-alias", name, "-keystore", name + ".p12", "-storepass", PASSWORD, "-file", name + ".crt");
    }

    private static void trust(Path dir, String store, String... names) throws Exception {
        for (String n : names) {
            keytool(dir, "-importcert", "-noprompt", "-alias", n, "-file", n + ".crt", "-keystore", store, "-storetype", "PKCS12",
                    "-storepass", PASSWORD);
        }
    }

    private ProcessBuilder member(List<String> args, String log) {
        ProcessBuilder b = CrashSafetyTest.childProcess(dir, log, args.toArray(String[]::new));
        b.environment().put(ClusterOptions.TLS_PASSWORD_ENV, PASSWORD);
        return b;
    }

    @Test
    void onlyMembersWithTheClustersCertificateJoin() throws Exception {
        identity(dir, "cluster");
        identity(dir, "stranger");
        trust(dir, "cluster-trust.p12", "cluster");
        trust(dir, "stranger-trust.p12", "stranger", "cluster"); // it trusts the cluster; the cluster does not trust it
        Path passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, PASSWORD + "\n");
        String ks = dir.resolve("cluster.p12").toString();
        String ts = dir.resolve("cluster-trust.p12").toString();

        String seed = "127.0.0.1:" + ClusterTest.freePort();
        Process node = ClusterTest.node(dir, "the TLS node", List.of("node", "--port", seed.substring(seed.indexOf(':') + 1), "--jobs", "1",
                "--out", dir.resolve("runs").toString(), "--tls-keystore", ks, "--tls-truststore", ts, "--tls-password-file", passwordFile.toString()),
                dir.resolve("node.log"));
        try {
            assertTrue(Files.readString(dir.resolve("node.log")).contains(", TLS;"), "the node says it talks TLS");
            // The stranger's password comes from the environment.
            Process stranger = member(List.of("node", "--port", "0", "--seed-nodes", seed, "--jobs", "1", "--out", dir.resolve("stranger").toString(),
                    "--tls-keystore", dir.resolve("stranger.p12").toString(), "--tls-truststore", dir.resolve("stranger-trust.p12").toString()),
                    "stranger.log").start();
            // A coordinator with the cluster's certificate (its password from a file) gets its runs made meanwhile.
            Cli sweep = Cli.run("sweep", "--cluster", seed, "--tls-keystore", ks, "--tls-truststore", ts, "--tls-password-file", passwordFile.toString(),
                    "--vary", "strategy=linear-walk,sl1ma", "--seeds", "1", "--duration", "200ms", "--out", dir.resolve("sweeps").toString(), "--json");
            assertEquals(ExitStatus.OK.code, sweep.code(), sweep.err());
            assertEquals(2, ConfigFactory.parseString(sweep.out()).getInt("runsDone"));

            assertTrue(stranger.waitFor(90, TimeUnit.SECONDS), "the stranger gives up joining");
            String log = Files.readString(dir.resolve("stranger.log"));
            assertEquals(ExitStatus.BAD_INPUT.code, stranger.exitValue(), log);
            assertTrue(log.contains("could not join the cluster through " + seed), log);
            assertFalse(log.contains("is up"), log);
            assertFalse(log.contains("Couldn't join seed nodes"), "the cluster's own retries are not told without -v: " + log);
        } finally {
            node.destroyForcibly();
        }
    }

    @Test
    void aCoordinatorThatJoinsNothingSaysSo() throws Exception {
        String nobody = "127.0.0.1:" + ClusterTest.freePort();
        Cli sweep = Cli.run("sweep", "--cluster", nobody, "--seeds", "1", "--duration", "100ms", "--out", dir.toString());
        assertEquals(ExitStatus.BAD_INPUT.code, sweep.code());
        assertTrue(sweep.err().contains("dirtyvram: could not join the cluster through " + nobody + " within 20 s"), sweep.err());
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "no sweep directory left behind");
        }
    }

    @Test
    void anotherMachineNeedsTls() {
        Cli open = Cli.run("node", "--host", "0.0.0.0", "--port", "0", "--seed-nodes", "127.0.0.1:1");
        assertEquals(ExitStatus.BAD_INPUT.code, open.code());
        assertTrue(open.err().contains("give --tls-keystore and --tls-truststore"), open.err());
    }
}
