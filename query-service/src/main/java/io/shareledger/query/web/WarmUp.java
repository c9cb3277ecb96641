package io.shareledger.query.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Runs one start-up preparation in a thread of its own and waits for it at most a bounded time, so
 * that a fresh service's first request does not pay for it (issue 10, cold start) and a dependency
 * that is away at start-up never stops the service from starting: whatever was not prepared in time
 * is done when it is first needed, as before.
 */
public final class WarmUp {

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

    private WarmUp() {
    }

    /** A preparation that may fail: the failure is logged by its class name only, never its message. */
    public interface Step {
        void run() throws Exception;
    }

    public static void run(String what, Duration timeout, Step step) {
        long start = System.nanoTime();
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(() -> {
            try {
                step.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                failure[0] = e;
            }
        }, "warm-up");
        thread.setDaemon(true);
        thread.start();
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
            log.warn("{}: not done within {}; it is done when first needed", what, timeout);
        } else if (failure[0] != null) {
            log.warn("{}: failed ({}); it is done when first needed", what, failure[0].getClass().getSimpleName());
        } else {
            log.info("{}: done ({} ms)", what, Duration.ofNanos(System.nanoTime() - start).toMillis());
        }
    }
}
