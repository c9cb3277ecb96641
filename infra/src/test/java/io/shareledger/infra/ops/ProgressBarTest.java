package io.shareledger.infra.ops;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressBarTest {

    @Test
    void showsTheFractionDoneTheRateAndTheTimeLeft() {
        assertThat(ProgressBar.render(250_000, 1_000_000, 12_345.4, 61))
                .isEqualTo("[########......................]  25.0%  250,000/1,000,000  12,345 ev/s  ETA 1m01s");
    }

    @Test
    void neverOverflowsAndCopesWithAnUnknownTotal() {
        assertThat(ProgressBar.render(12, 10, 1, 0)).startsWith("[" + "#".repeat(30) + "] 100.0%");
        assertThat(ProgressBar.render(5, 0, 0, -1)).startsWith("[" + ".".repeat(30) + "]   0.0%").endsWith("ETA --");
    }

    @Test
    void formatsDurations() {
        assertThat(ProgressBar.duration(59)).isEqualTo("59s");
        assertThat(ProgressBar.duration(3599)).isEqualTo("59m59s");
        assertThat(ProgressBar.duration(7260)).isEqualTo("2h01m");
    }
}
