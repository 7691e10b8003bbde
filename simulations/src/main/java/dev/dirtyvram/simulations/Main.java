package dev.dirtyvram.simulations;

import dev.dirtyvram.domain.config.Durations;
import dev.dirtyvram.domain.driver.Fatal;
import dev.dirtyvram.domain.driver.StopSignal;
import dev.dirtyvram.persistence.BadInputException;
import dev.dirtyvram.persistence.IncompleteRunException;
import dev.dirtyvram.persistence.JournalFailedException;
import dev.dirtyvram.simulations.bench.BenchCommand;
import dev.dirtyvram.simulations.cli.ExitStatus;
import dev.dirtyvram.simulations.cli.FatalGuard;
import dev.dirtyvram.simulations.cli.HeapWatch;
import dev.dirtyvram.simulations.cluster.NodeCommand;
import dev.dirtyvram.simulations.explore.HuntCommand;
import dev.dirtyvram.simulations.explore.CheckCommand;
import dev.dirtyvram.simulations.explore.ShrinkCommand;
import dev.dirtyvram.simulations.replay.ExplainCommand;
import dev.dirtyvram.simulations.replay.ExportCommand;
import dev.dirtyvram.simulations.replay.ReplayCommand;
import dev.dirtyvram.simulations.replay.RunsCommand;
import dev.dirtyvram.simulations.report.ReportCommand;
import dev.dirtyvram.simulations.run.FidelityCommand;
import dev.dirtyvram.simulations.run.RunCommand;
import dev.dirtyvram.simulations.scenario.ScenariosCommand;
import dev.dirtyvram.simulations.tune.SweepCommand;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
/** The dirtyvram program. Exit status: 0 expectations met, 1 a violation, 2 bad input, 3 internal error, 4 inconclusive, 130 interrupted. */
@Command(name = "dirtyvram", mixinStandardHelpOptions = true, version = "dirtyvram 0.1.0",
        description = "Simulates how Xen tells qemu-dm which framebuffer pages changed, and catches lost updates.",
        subcommands = {RunCommand.class, ReplayCommand.class, ExplainCommand.class, ExportCommand.class, RunsCommand.class, ReportCommand.class, SweepCommand.class, BenchCommand.class, ScenariosCommand.class, FidelityCommand.class, HuntCommand.class, ShrinkCommand.class, CheckCommand.class, NodeCommand.class})
public final class Main {

    public static void main(String[] args) {
        // SIGINT runs the shutdown hooks: ask the running command to stop and give it time to write what it
        // measured; the JVM then exits with 130 by itself (System.exit would block while it shuts down).
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            StopSignal.request();
            try {
                finished.await(60, TimeUnit.SECONDS);
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
        HeapWatch.start();
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
            return ExitStatus.INTERNAL.code;
        } catch (Error e) {
            Fatal.record(e);
            err.println(fatalLine(new Fatal.RunFailed(e, -1)));
            return ExitStatus.INTERNAL.code;
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
            return ExitStatus.BAD_INPUT.code;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            PrintWriter err = c.getErr();
            if (ex instanceof BadInputException) {
                err.println("dirtyvram: " + ex.getMessage());
                return ExitStatus.BAD_INPUT.code;
            }
            if (ex instanceof IncompleteRunException) {
                err.println("dirtyvram: incomplete: " + ex.getMessage());
                return ExitStatus.INCONCLUSIVE.code;
            }
            if (ex instanceof JournalFailedException) {
                err.println("dirtyvram: " + ex.getMessage());
                return ExitStatus.INTERNAL.code;
            }
            if (ex instanceof Fatal.RunFailed f) {
                err.println(fatalLine(f));
                return ExitStatus.INTERNAL.code;
            }
            if (Fatal.first().isPresent()) {
                // An Error elsewhere made this fail: the Error is the news, not its consequence.
                err.println(fatalLine(new Fatal.RunFailed(Fatal.first().get(), -1)));
                return ExitStatus.INTERNAL.code;
            }
            err.println("dirtyvram: internal error: " + ex);
            if (LoggerFactory.getLogger(Main.class).isDebugEnabled()) ex.printStackTrace(err);
            return ExitStatus.INTERNAL.code;
        });
        return cl.execute(args);
    }

}
