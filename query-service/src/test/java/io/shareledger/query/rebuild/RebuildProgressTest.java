package io.shareledger.query.rebuild;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RebuildProgressTest {

    private final AtomicLong clock = new AtomicLong();
    private final RebuildProgress progress = new RebuildProgress(clock::get);

    private void pass(long millis) {
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void anIntervalWithoutProgressHasNoEstimateInsteadOfFailing() {
        progress.start(1000, 100);
        pass(600);

        RebuildProgress.Snapshot stalled = progress.snapshot();

        assertThat(stalled.etaSeconds()).isNull();
        assertThat(stalled.eventsPerSecond()).isZero();
        assertThat(stalled.processed()).isEqualTo(100);
    }

    @Test
    void estimatesTheTimeLeftFromTheRateOfOffsets() {
        progress.start(1000, 0);
        pass(1000);
        progress.advanced(500, 500);

        RebuildProgress.Snapshot halfway = progress.snapshot();

        assertThat(halfway.eventsPerSecond()).isEqualTo(500.0);
        assertThat(halfway.etaSeconds()).isEqualTo(1L);
        progress.advanced(1000, 500);
        pass(600);
        assertThat(progress.snapshot().etaSeconds()).isZero();
    }
}
