package dev.dirtyvram.simulations;

import com.typesafe.config.Config;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.journal.leveldb.LeveldbJournal;
import scala.runtime.BoxedUnit;

/** The embedded LevelDB journal, its {@code fail-at}-th write thrown at as if the heap had run out: an Error on a Pekko thread. */
public final class ErringJournal extends LeveldbJournal {
    private final long failAt;
    private long writes;

    public ErringJournal(Config cfg) {
        super(cfg);
        failAt = cfg.getLong("fail-at");
    }

    @Override
    public scala.concurrent.Future<scala.collection.immutable.Seq<scala.util.Try<BoxedUnit>>> asyncWriteMessages(scala.collection.immutable.Seq<AtomicWrite> messages) {
        if (++writes == failAt) throw new OutOfMemoryError("Java heap space (test journal, write " + writes + ")");
        return super.asyncWriteMessages(messages);
    }
}
