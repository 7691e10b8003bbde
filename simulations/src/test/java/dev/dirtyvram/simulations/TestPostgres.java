package dev.dirtyvram.simulations;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;
/**
 * A real PostgreSQL server for the tests, never a mock: the one {@code .ci/run} provides (its admin URL, user and
 * password in {@link #URL_ENV}, {@link #USER_ENV}, {@link #PASSWORD_ENV}), or else one this JVM starts from the
 * PostgreSQL 14 binaries Maven brings (io.zonky's binaries jar), on 127.0.0.1 with password authentication. As root
 * (CI), initdb and postgres refuse to run, so they run as {@code nobody} through setpriv. Each test takes a fresh,
 * empty database.
 */
final class TestPostgres {
    static final String URL_ENV = "DIRTYVRAM_TEST_PG_URL";
    static final String USER_ENV = "DIRTYVRAM_TEST_PG_USER";
    static final String PASSWORD_ENV = "DIRTYVRAM_TEST_PG_PASSWORD";

    private record Server(String adminUrl, String user, String password, Path passwordFile) {}

    private static Server server;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private TestPostgres() {}

    /** A new empty database: its JDBC URL (user {@link #user()}, password in {@link #passwordFile()}). */
    static synchronized String freshDatabase() throws Exception {
        Server s = server();
        String name = "dirtyvram_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = connect(s.adminUrl(), s); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return s.adminUrl().replaceFirst("/[^/?]*(\\?.*)?$", "/" + name);
    }

    static synchronized String user() throws Exception {
        return server().user();
    }

    /** The password in a file, as the program takes it (never on a command line). */
    static synchronized Path passwordFile() throws Exception {
        return server().passwordFile();
    }

    private static Connection connect(String url, Server s) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", s.user());
        p.setProperty("password", s.password());
        return DriverManager.getConnection(url, p);
    }

    private static Server server() throws Exception {
        if (server != null) return server;
        Path tmp = Files.createTempDirectory("dirtyvram-pg");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        String url = System.getenv(URL_ENV);
        if (url != null && !url.isBlank()) {
            String password = System.getenv(PASSWORD_ENV);
            server = new Server(url, System.getenv(USER_ENV), password, writePassword(tmp, password));
        } else {
            server = start(tmp);
        }
        return server;
    }

    private static Path writePassword(Path dir, String password) throws IOException {
        Path f = dir.resolve("password");
        Files.writeString(f, password + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        return f;
    }

    private static Server start(Path tmp) throws Exception {
        String password = "test-" + Long.toHexString(new SecureRandom().nextLong());
        Path pg = tmp.resolve("pg");
        unpack(pg);
        Path data = tmp.resolve("data");
        Path pwfile = writePassword(tmp, password);
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) exec(List.of("chown", "-R", "nobody:", tmp.toString()), tmp);
        exec(as(root, pg.resolve("bin/initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "scram-sha-256",
                "--pwfile=" + pwfile, "-E", "UTF8", "--no-locale"), tmp);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process postgres = new ProcessBuilder(as(root, pg.resolve("bin/postgres").toString(), "-D", data.toString(),
                "-p", Integer.toString(port), "-k", tmp.toString(), "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300",
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("postgres.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(postgres, tmp)));
        Server s = new Server("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", password, pwfile);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Connection c = connect(s.adminUrl(), s)) {
                return s;
            } catch (SQLException e) {
                if (!postgres.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("PostgreSQL did not start: " + Files.readString(tmp.resolve("postgres.log")), e);
                }
                Thread.sleep(100);
            }
        }
    }

    /** As root, the server's programs run as nobody (they refuse root); setpriv execs them, so signals reach them. */
    private static List<String> as(boolean root, String... cmd) {
        List<String> c = new ArrayList<>();
        if (root) c.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
        c.addAll(List.of(cmd));
        return c;
    }

    private static void exec(List<String> cmd, Path dir) throws Exception {
        Path log = Files.createTempFile(dir, "cmd", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + Files.readString(log));
        }
    }

    private static void unpack(Path into) throws IOException {
        try (InputStream jar = TestPostgres.class.getClassLoader().getResourceAsStream("postgres-linux-x86_64.txz")) {
            if (jar == null) throw new IllegalStateException("the PostgreSQL binaries jar is not on the test class path");
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(jar)))) {
                for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                    Path p = into.resolve(e.getName()).normalize();
                    if (!p.startsWith(into)) continue;
                    if (e.isDirectory()) {
                        Files.createDirectories(p);
                    } else if (e.isSymbolicLink()) {
                        Files.createDirectories(p.getParent());
                        Files.createSymbolicLink(p, Path.of(e.getLinkName()));
                    } else {
                        Files.createDirectories(p.getParent());
                        Files.copy(tar, p);
                        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString((e.getMode() & 0100) != 0 ? "rwxr-xr-x" : "rw-r--r--"));
                    }
                }
            }
        }
    }

    /** Immediate shutdown (SIGQUIT: the server's children go too), then the files. */
    private static void stop(Process postgres, Path tmp) {
        try {
            new ProcessBuilder("kill", "-QUIT", Long.toString(postgres.pid())).start().waitFor();
            if (!postgres.waitFor(10, TimeUnit.SECONDS)) postgres.destroyForcibly();
            try (var files = Files.walk(tmp)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        } catch (Exception e) {
            // the temporary directory is left behind
        }
    }
}
