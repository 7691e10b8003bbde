package dev.dirtyvram.simulations;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.journal.leveldb.LeveldbJournal;
import scala.collection.immutable.Seq;
import scala.concurrent.Future;
import scala.runtime.BoxedUnit;
import scala.util.Try;

/**
 * The embedded LevelDB journal, holding on to {@code hoard-bytes} more of memory at every write: a heap that fills as
 * the run goes on, as every run's did before runs of any length.
 */
public final class HoardingJournal extends LeveldbJournal {
    private final int hoardBytes;
    private final List<byte[]> hoard = new ArrayList<>();

    public HoardingJournal(Config cfg) {
        super(cfg);
        hoardBytes = cfg.getInt("hoard-bytes");
    }

    @Override
    public Future<Seq<Try<BoxedUnit>>> asyncWriteMessages(Seq<AtomicWrite> messages) {
        hoard.add(new byte[hoardBytes]);
        return super.asyncWriteMessages(messages);
    }
}
