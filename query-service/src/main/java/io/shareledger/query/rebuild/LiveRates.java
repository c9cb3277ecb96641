package io.shareledger.query.rebuild;

import io.shareledger.query.readmodel.ReadModel;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.EnumMap;
import java.util.Map;

/**
 * The live processors' rates: every interval, the sum over the partitions of each processor's
 * token; the rate is the difference to the previous sample over the time between them (offsets
 * per second, which is events per second but for transaction markers).
 */
@Component
class LiveRates {

    private record Sample(long nanos, long offsets) {
    }

    private final LiveTokens tokens;
    private final Map<ReadModel, Sample> last = new EnumMap<>(ReadModel.class);
    private final Map<ReadModel, Double> rates = new EnumMap<>(ReadModel.class);

    LiveRates(LiveTokens tokens) {
        this.tokens = tokens;
    }

    @Scheduled(fixedDelayString = "${shareledger.rebuild.report-interval:5s}")
    void sample() {
        for (ReadModel model : ReadModel.values()) {
            Sample now = new Sample(System.nanoTime(), tokens.position(model).values().stream().mapToLong(Long::longValue).sum());
            synchronized (this) {
                Sample before = last.put(model, now);
                if (before != null) {
                    rates.put(model, Math.max(0, now.offsets() - before.offsets()) / ((now.nanos() - before.nanos()) / 1e9));
                }
            }
        }
    }

    /** @return the rate over the last interval, or 0 before two samples were taken */
    synchronized double eventsPerSecond(ReadModel model) {
        return rates.getOrDefault(model, 0.0);
    }
}
