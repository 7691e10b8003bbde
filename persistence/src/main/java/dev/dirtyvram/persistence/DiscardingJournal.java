package dev.dirtyvram.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.japi.AsyncWriteJournal;
import scala.concurrent.Future;

/**
 * A journal plugin that accepts every write and keeps nothing: the benchmark's "actors without a journal". The
 * actors still go through Pekko Persistence (persist, callbacks, stashing), only storage is gone.
 */
public final class DiscardingJournal extends AsyncWriteJournal {
    /** Plugin id; its configuration is in this module's reference.conf. */
    public static final String PLUGIN_ID = "dirtyvram.discarding-journal";

    @Override
    public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(Iterable<AtomicWrite> messages) {
        List<Optional<Exception>> ok = new ArrayList<>();
        for (AtomicWrite ignored : messages) ok.add(Optional.empty());
        return Futures.successful(ok);
    }

    @Override
    public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
        return Futures.successful(null);
    }

    @Override
    public Future<Void> doAsyncReplayMessages(String persistenceId, long fromSequenceNr, long toSequenceNr, long max,
                                              Consumer<PersistentRepr> replayCallback) {
        return Futures.successful(null);
    }

    @Override
    public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
        return Futures.successful(0L);
    }
}
