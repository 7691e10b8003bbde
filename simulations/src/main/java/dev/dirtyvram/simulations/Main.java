package dev.dirtyvram.simulations;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.dirtyvram.domain.config.Durations;
import dev.dirtyvram.domain.driver.Fatal;
import dev.dirtyvram.domain.driver.StopSignal;
import dev.dirtyvram.persistence.BadInputException;
import java.io.PrintStream;
import java.io.PrintWriter;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The dirtyvram program. Exit status: 0 expectations met, 1 a violation, 2 bad input, 3 internal error, 4 inconclusive, 130 interrupted. */
@Command(name = "dirtyvram", mixinStandardHelpOptions = true, version = "dirtyvram 0.1.0",
        description = "Simulates how Xen tells qemu-dm which framebuffer pages changed, and catches lost updates.",
        subcommands = {RunCommand.class, ReplayCommand.class, ExplainCommand.class, ExportCommand.class, SweepCommand.class, BenchCommand.class, ScenariosCommand.class, FidelityCommand.class, HuntCommand.class, ShrinkCommand.class, NodeCommand.class})
public final class Main {
    public static final int OK = 0;
    public static final int VIOLATION = 1;
    public static final int BAD_INPUT = 2;
    public static final int INTERNAL = 3;
    /** The run could not judge: it fell short of its configuration, or did not finish. */
    public static final int INCONCLUSIVE = 4;
    /** Stopped by SIGINT (128 + 2, as a shell reports it): what was measured is written, marked interrupted. */
    public static final int INTERRUPTED = 130;

    public static void main(String[] args) {
        // SIGINT runs the shutdown hooks: ask the running command to stop and give it time to write what it
        // measured; the JVM then exits with 130 by itself (System.exit would block while it shuts down).
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
        Thread hook = new Thread(() -> {
            StopSignal.request();
            try {
                finished.await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "dirtyvram-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        // Threads of our own and of the libraries: an Error there stops the run in progress (Pekko's own threads
        // have Pekko's handler, whose words FatalGuard catches).
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            if (e instanceof Error) Fatal.record(e);
        });
        int code = execute(args);
        if (StopSignal.requested()) {
            finished.countDown();
            return;
        }
        Runtime.getRuntime().removeShutdownHook(hook);
        System.exit(code);
    }

    /** Runs the program in this JVM and returns its exit status (tests call this). */
    public static int execute(String... args) {
        PrintStream err = System.err;
        Fatal.clear();
        System.setErr(FatalGuard.around(err));
        try {
            return execute(err, args);
        } catch (Fatal.RunFailed e) {
            err.println(fatalLine(e));
            return INTERNAL;
        } catch (Error e) {
            Fatal.record(e);
            err.println(fatalLine(new Fatal.RunFailed(e, -1)));
            return INTERNAL;
        } finally {
            System.setErr(err);
        }
    }

    /**
     * The one line of a run an Error stopped: for lack of memory, how far it got and what to do about it. The JVM's
     * largest heap, doubled, is the advice.
     */
    static String fatalLine(Fatal.RunFailed e) {
        String when = e.runTimeNs() < 0 ? "" : " after " + Durations.format(e.runTimeNs() / 1_000_000 * 1_000_000) + " of run time";
        String marked = e.where().map(d -> " (" + d + " is marked failed)").orElse("");
        if (e.outOfMemory()) {
            long gib = Math.max(1, (Runtime.getRuntime().maxMemory() + (1L << 30) - 1) >> 30);
            return "dirtyvram: out of memory" + when + marked + "; give the JVM more heap with DIRTYVRAM_JAVA_OPTS=-Xmx" + 2 * gib
                    + "g or shorten the run";
        }
        return "dirtyvram: fatal error" + when + marked + ": " + e.getCause();
    }

    private static int execute(PrintStream stderr, String... args) {
        LoggerFactory.getLogger(Main.class); // initialise logging before any actor system starts
        CommandLine cl = new CommandLine(new Main());
        cl.setErr(new PrintWriter(stderr, true));
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("dirtyvram: " + ex.getMessage() + " (see: " + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            PrintWriter err = c.getErr();
            if (ex instanceof BadInputException) {
                err.println("dirtyvram: " + ex.getMessage());
                return BAD_INPUT;
            }
            if (ex instanceof LoadedRun.Incomplete) {
                err.println("dirtyvram: incomplete: " + ex.getMessage());
                return INCONCLUSIVE;
            }
            if (ex instanceof dev.dirtyvram.persistence.JournalFailedException) {
                err.println("dirtyvram: " + ex.getMessage());
                return INTERNAL;
            }
            if (ex instanceof Fatal.RunFailed f) {
                err.println(fatalLine(f));
                return INTERNAL;
            }
            if (Fatal.first().isPresent()) {
                // An Error elsewhere made this fail: the Error is the news, not its consequence.
                err.println(fatalLine(new Fatal.RunFailed(Fatal.first().get(), -1)));
                return INTERNAL;
            }
            err.println("dirtyvram: internal error: " + ex);
            if (LoggerFactory.getLogger(Main.class).isDebugEnabled()) ex.printStackTrace(err);
            return INTERNAL;
        });
        return cl.execute(args);
    }

    /** Pekko's configuration: the program's application.conf, louder with -v. */
    static com.typesafe.config.Config pekkoConfig(boolean verbose) {
        com.typesafe.config.Config base = com.typesafe.config.ConfigFactory.load();
        return verbose ? com.typesafe.config.ConfigFactory.parseString("pekko.loglevel = INFO").withFallback(base) : base;
    }

    static void verbose(boolean on) {
        if (!on) return;
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
        ((Logger) LoggerFactory.getLogger("dev.dirtyvram")).setLevel(Level.DEBUG);
    }
}
