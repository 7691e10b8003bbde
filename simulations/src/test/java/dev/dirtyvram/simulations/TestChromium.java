package dev.dirtyvram.simulations;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium for the tests that look at a report as a browser does: the one on the PATH, else installed with
 * apt-get when this runs as root (as CI does; `.ci/run` installs it beforehand too). A test that needs it and cannot
 * have it fails: it never skips.
 */
final class TestChromium {
    private TestChromium() {}

    static synchronized Path binary() throws Exception {
        Path found = find();
        if (found != null) return found;
        if ("root".equals(System.getProperty("user.name")) && new File("/usr/bin/apt-get").canExecute()) {
            run(List.of("apt-get", "install", "-y", "-q", "chromium"));
            found = find();
            if (found == null) {
                run(List.of("apt-get", "update", "-q"));
                run(List.of("apt-get", "install", "-y", "-q", "chromium"));
                found = find();
            }
        }
        if (found == null) throw new IllegalStateException("no chromium here, and it could not be installed (apt-get install chromium, as root)");
        return found;
    }

    private static Path find() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return p;
            }
        }
        return null;
    }

    private static void run(List<String> cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) p.destroyForcibly();
    }

    /** A screenshot of {@code page} as headless Chromium renders it; returns the PNG written. */
    static Path screenshot(Path page, Path png) throws Exception {
        Process p = new ProcessBuilder(binary().toString(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--window-size=1280,1600", "--screenshot=" + png.toAbsolutePath(), page.toAbsolutePath().toUri().toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish its screenshot of " + page);
        }
        if (p.exitValue() != 0) throw new IllegalStateException("chromium exited " + p.exitValue() + " on " + page);
        return png;
    }
}
