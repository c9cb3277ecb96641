package io.shareledger.query.rebuild;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RebuildProgressTest {

    @Test
    void anIntervalWithoutProgressHasNoEstimateInsteadOfFailing() throws InterruptedException {
        RebuildProgress progress = new RebuildProgress();
        progress.start(1000, 100);
        Thread.sleep(600);

        RebuildProgress.Snapshot stalled = progress.snapshot();

        assertThat(stalled.etaSeconds()).isNull();
        assertThat(stalled.eventsPerSecond()).isZero();
        assertThat(stalled.processed()).isEqualTo(100);
    }

    @Test
    void estimatesTheTimeLeftFromTheRateOfOffsets() throws InterruptedException {
        RebuildProgress progress = new RebuildProgress();
        progress.start(1000, 0);
        Thread.sleep(600);
        progress.advanced(500, 500);

        RebuildProgress.Snapshot halfway = progress.snapshot();

        assertThat(halfway.eventsPerSecond()).isPositive();
        assertThat(halfway.etaSeconds()).isPositive();
        progress.advanced(1000, 500);
        Thread.sleep(600);
        assertThat(progress.snapshot().etaSeconds()).isZero();
    }
}
