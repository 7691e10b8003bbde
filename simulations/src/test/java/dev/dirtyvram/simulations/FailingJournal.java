package dev.dirtyvram.simulations;

import com.typesafe.config.Config;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.journal.leveldb.LeveldbJournal;
import scala.concurrent.Future;
import scala.runtime.BoxedUnit;

/** The embedded LevelDB journal, failing its {@code fail-at}-th write (and every one after it): a disk that broke. */
public final class FailingJournal extends LeveldbJournal {
    private final long failAt;
    private long writes;

    public FailingJournal(Config cfg) {
        super(cfg);
        failAt = cfg.getLong("fail-at");
    }

    @Override
    public Future<scala.collection.immutable.Seq<scala.util.Try<BoxedUnit>>> asyncWriteMessages(scala.collection.immutable.Seq<AtomicWrite> messages) {
        if (++writes >= failAt) return org.apache.pekko.dispatch.Futures.failed(new java.io.IOException("No space left on device (test journal, write " + writes + ")"));
        return super.asyncWriteMessages(messages);
    }
}
