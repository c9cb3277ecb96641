package io.shareledger.query.rebuild;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.shareledger.query.readmodel.ReadModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The read models' figures for Prometheus, measured on a schedule ({@code shareledger.metrics.lag-interval})
 * the way {@code GET /admin/projections} measures them, never per scrape: per read model its live
 * processor's lag (records left on the topic, and the age of the oldest one not consumed yet),
 * its dead letters, and the progress of a running rebuild. One refresh costs a few short queries
 * (tokens, registry rows, one grouped count of dead letters) and one probe of the topic's ends.
 * <p>
 * Meters, tagged {@code read_model} (dead letters: {@code processing_group}, the same names), a fixed set:
 * {@code shareledger.read.model.lag.events}, {@code shareledger.read.model.lag.seconds} (0 when caught up),
 * {@code shareledger.dead.letters}, {@code shareledger.rebuild.running} (1 or 0),
 * {@code shareledger.rebuild.processed.offsets} and {@code shareledger.rebuild.target.offsets} (topic offsets: processed and total of the admin API).
 */
@Component
class ReadModelMetrics {

    private static final Logger log = LoggerFactory.getLogger(ReadModelMetrics.class);

    private final LiveTokens tokens;
    private final PartitionLag lag;
    private final Registry registry;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate reads;
    private final Clock clock;
    private final Map<ReadModel, Figures> figures = new EnumMap<>(ReadModel.class);

    /** The latest figures of one read model, read by the gauges (NaN: not measured yet). */
    private static final class Figures {
        private volatile double lagEvents = Double.NaN;
        private volatile double lagSeconds = Double.NaN;
        private volatile double deadLetters = Double.NaN;
        private volatile double rebuildRunning = Double.NaN;
        private volatile double rebuildProcessed = Double.NaN;
        private volatile double rebuildTotal = Double.NaN;
    }

    ReadModelMetrics(LiveTokens tokens, PartitionLag lag, Registry registry, JdbcTemplate jdbc,
                     PlatformTransactionManager transactionManager, MeterRegistry meters) {
        this.tokens = tokens;
        this.lag = lag;
        this.registry = registry;
        this.jdbc = jdbc;
        this.reads = new TransactionTemplate(transactionManager);
        this.reads.setReadOnly(true);
        this.clock = Clock.systemUTC();
        for (ReadModel model : ReadModel.values()) {
            Figures f = new Figures();
            figures.put(model, f);
            String name = model.modelName();
            Gauge.builder("shareledger.read.model.lag.events", f, x -> x.lagEvents).tag("read_model", name)
                    .description("Records on the topic the read model's live processor has not consumed yet")
                    .register(meters);
            Gauge.builder("shareledger.read.model.lag.seconds", f, x -> x.lagSeconds).tag("read_model", name)
                    .description("Age of the oldest record the live processor has not consumed yet; 0 when caught up")
                    .register(meters);
            Gauge.builder("shareledger.dead.letters", f, x -> x.deadLetters).tag("processing_group", name)
                    .description("Events parked in the dead-letter queue of the processing group")
                    .register(meters);
            Gauge.builder("shareledger.rebuild.running", f, x -> x.rebuildRunning).tag("read_model", name)
                    .description("1 while a rebuild of the read model runs, else 0")
                    .register(meters);
            Gauge.builder("shareledger.rebuild.processed.offsets", f, x -> x.rebuildProcessed).tag("read_model", name)
                    .description("Topic offsets the latest rebuild has got through")
                    .register(meters);
            Gauge.builder("shareledger.rebuild.target.offsets", f, x -> x.rebuildTotal).tag("read_model", name)
                    .description("Topic offsets the latest rebuild has to get through (the topic's size when it started)")
                    .register(meters);
        }
    }

    @Scheduled(fixedDelayString = "${shareledger.metrics.lag-interval}", initialDelayString = "${shareledger.metrics.lag-interval}")
    void refresh() {
        Map<String, Long> parked = new HashMap<>();
        try {
            reads.executeWithoutResult(s -> jdbc.query(
                    "select processing_group, count(*) from dead_letter_entry group by processing_group",
                    rs -> {
                        parked.put(rs.getString(1), rs.getLong(2));
                    }));
        } catch (RuntimeException e) {
            log.warn("Dead letters not counted ({})", e.getClass().getSimpleName());
            return;
        }
        for (ReadModel model : ReadModel.values()) {
            Figures f = figures.get(model);
            f.deadLetters = parked.getOrDefault(model.modelName(), 0L);
            try {
                Registry.Row row = reads.execute(s -> registry.find(model));
                f.rebuildRunning = row.running() ? 1 : 0;
                f.rebuildProcessed = row.processed() == null ? 0 : row.processed();
                f.rebuildTotal = row.total() == null ? 0 : row.total();
                PartitionLag.Measurement measurement = lag.measure(tokens.position(model));
                long events = measurement.lag();
                f.lagEvents = events;
                f.lagSeconds = events == 0 ? 0 : age(measurement.oldestUnconsumed());
            } catch (RuntimeException e) {
                // the figures go stale (they stop moving) rather than failing the scheduler
                log.warn("Lag of {} not measured ({})", model.modelName(), e.getClass().getSimpleName());
            }
        }
    }

    /** NaN when no record was seen (the lag may be transaction markers only, see PartitionLag). */
    private double age(Instant oldest) {
        if (oldest == null) {
            return Double.NaN;
        }
        return Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
    }
}
