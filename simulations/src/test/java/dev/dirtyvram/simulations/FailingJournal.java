package dev.dirtyvram.simulations;

import com.typesafe.config.Config;
import java.io.IOException;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.journal.leveldb.LeveldbJournal;
import scala.collection.immutable.Seq;
import scala.concurrent.Future;
import scala.runtime.BoxedUnit;
import scala.util.Try;
/** The embedded LevelDB journal, failing its {@code fail-at}-th write (and every one after it): a disk that broke. */
public final class FailingJournal extends LeveldbJournal {
    private final long failAt;
    private long writes;

    public FailingJournal(Config cfg) {
        super(cfg);
        failAt = cfg.getLong("fail-at");
    }

    @Override
    public Future<Seq<Try<BoxedUnit>>> asyncWriteMessages(Seq<AtomicWrite> messages) {
        if (++writes >= failAt) return Futures.failed(new IOException("No space left on device (test journal, write " + writes + ")"));
        return super.asyncWriteMessages(messages);
    }
}
