package dev.dirtyvram.persistence.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.AtomicWrite;
import scala.concurrent.Future;

/**
 * A journal plugin that accepts every write and keeps nothing: the benchmark's "actors without a journal". The
 * actors still go through Pekko Persistence (persist, callbacks, stashing), only storage is gone.
 */
public final class DiscardingJournal extends WriteOnlyJournal {
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
}
