package dev.dirtyvram.simulations.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import dev.dirtyvram.domain.driver.Fatal;

/**
 * Some of Pekko's threads log the Error that kills them instead of leaving it to the uncaught-error handler
 * {@link FatalGuard} watches: the scheduler's timer thread logs "exception on LARS' timer thread" and an
 * OutOfMemoryError. Such a log line is not shown; the error is recorded, and the run says it in its one line.
 */
public final class FatalLogFilter extends Filter<ILoggingEvent> {
    @Override
    public FilterReply decide(ILoggingEvent event) {
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown == null) return FilterReply.NEUTRAL;
        String message = thrown.getMessage() == null ? "" : thrown.getMessage();
        switch (thrown.getClassName()) {
            case "java.lang.OutOfMemoryError" -> Fatal.record(new OutOfMemoryError(message));
            case "java.lang.StackOverflowError", "java.lang.InternalError" -> Fatal.record(new InternalError(thrown.getClassName() + ": " + message));
            default -> {
                return FilterReply.NEUTRAL;
            }
        }
        return FilterReply.DENY;
    }
}
