package dev.dirtyvram.simulations;

import com.typesafe.config.Config;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.journal.leveldb.LeveldbJournal;
import scala.collection.immutable.Seq;
import scala.concurrent.Future;
import scala.runtime.BoxedUnit;
import scala.util.Try;
/** The embedded LevelDB journal, its {@code fail-at}-th write thrown at as if the heap had run out: an Error on a Pekko thread. */
public final class ErringJournal extends LeveldbJournal {
    private final long failAt;
    private long writes;

    public ErringJournal(Config cfg) {
        super(cfg);
        failAt = cfg.getLong("fail-at");
    }

    @Override
    public Future<Seq<Try<BoxedUnit>>> asyncWriteMessages(Seq<AtomicWrite> messages) {
        if (++writes == failAt) throw new OutOfMemoryError("Java heap space (test journal, write " + writes + ")");
        return super.asyncWriteMessages(messages);
    }
}
