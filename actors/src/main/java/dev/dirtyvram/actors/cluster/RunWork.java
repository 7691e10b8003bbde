package dev.dirtyvram.actors.cluster;

import dev.dirtyvram.domain.Serialized;
import dev.dirtyvram.domain.oracle.FailureSignature;
import dev.dirtyvram.domain.oracle.RunSummary;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * What a sweep's or hunt's coordinator and the workers of the cluster's members say to each other. Work is pulled: a
 * free worker asks a coordinator it found through the receptionist ({@link #COORDINATORS}), and gets one run or
 * {@link NoWork}. Actor references travel in their serialized form ({@code ActorRefResolver}), so every message is a
 * record of plain values, written by the project's one Kryo serializer.
 */
public final class RunWork {
    /** Coordinators register under this key; workers subscribe to it. */
    public static final ServiceKey<RunCoordinator.Command> COORDINATORS =
            ServiceKey.create(RunCoordinator.Command.class, "dirtyvram-coordinator");

    private RunWork() {}

    /** A worker is free and asks for a run. */
    public record Ready(String worker) implements RunCoordinator.Command, Serialized {}

    /**
     * A run to make: a resolved configuration (HOCON). {@code judged}: a hunt's run (its verdicts, no journal), else a
     * sweep's (a run kept like a local one: a run directory, or its rows in PostgreSQL).
     */
    public record Assignment(long id, String coordinator, String scenario, boolean judged) implements RunWorker.Command, Serialized {}

    /** Nothing to hand out now: the worker asks again a little later (a run lost elsewhere may come back). */
    public record NoWork(String coordinator) implements RunWorker.Command, Serialized {}

    /**
     * What a run found: where it is kept (its run id), its summary, and a hunt's failure signatures (none for a sweep's
     * run) and the protocol situations it reached (a bit set over {@code Coverage.Situation}).
     */
    public record Result(String runId, RunSummary summary, FailureSignature[] signatures, long situations) implements Serialized {
        /** A sweep's run, kept under {@code runId}: judged by its summary alone. */
        public static Result kept(String runId, RunSummary summary) {
            return new Result(runId, summary, new FailureSignature[0], 0);
        }
    }

    public record Finished(long id, String worker, Result result) implements RunCoordinator.Command, Serialized {}

    /** A run that could not be made; {@code badInput}: because of what it was given (a database that refuses...). */
    public record Failed(long id, String worker, String reason, boolean badInput) implements RunCoordinator.Command, Serialized {}
}
