package io.shareledger.command.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far the tracking processors that read the event store (the outbox publisher, the
 * share-revocation saga) are behind its head, measured the way the throughput benchmark does
 * ({@code infra/.../bench/Lag.java}): {@code max(global_index)} minus the position of the least
 * advanced segment's token in {@code token_entry}, whichever instance holds it. Measured on a
 * schedule, never per scrape: each refresh is one index lookup for the head, one read of the token
 * rows (a few) and, for a processor that is behind, one index lookup for the time of the first
 * event it has not handled yet.
 * <p>
 * Meters (tag {@code processor}: the processing group, a fixed set):
 * {@code shareledger.event.store.head}, {@code shareledger.processor.position},
 * {@code shareledger.processor.lag.events}, {@code shareledger.processor.lag.seconds} (the age of the
 * oldest event the processor has not handled: 0 when caught up). Global indexes left unused by a
 * rolled-back transaction count as events, as in the benchmark.
 */
@Component
class ProcessorLag {

    private static final Logger log = LoggerFactory.getLogger(ProcessorLag.class);

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final MeterRegistry registry;
    private final Clock clock;
    private final AtomicLong head = new AtomicLong(-1);
    private final Map<String, Reading> readings = new ConcurrentHashMap<>();

    /** The latest figures of one processor, read by the gauges. */
    private static final class Reading {
        private volatile double position = Double.NaN;
        private volatile double lagEvents = Double.NaN;
        private volatile double lagSeconds = Double.NaN;
    }

    ProcessorLag(JdbcTemplate jdbc, Serializer serializer, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.registry = registry;
        this.clock = Clock.systemUTC();
        Gauge.builder("shareledger.event.store.head", head, AtomicLong::get)
                .description("The highest global index in the event store (-1: empty)")
                .register(registry);
    }

    @Scheduled(fixedDelayString = "${shareledger.metrics.lag-interval}", initialDelayString = "${shareledger.metrics.lag-interval}")
    void refresh() {
        try {
            long max = jdbc.queryForObject("select coalesce(max(global_index), -1) from domain_event_entry", Long.class);
            head.set(max);
            positions().forEach((processor, position) -> {
                Reading reading = reading(processor);
                long lag = Math.max(0, max - position);
                reading.position = position;
                reading.lagEvents = lag;
                reading.lagSeconds = lag == 0 ? 0 : ageOfFirstEventAfter(position);
            });
        } catch (RuntimeException e) {
            // the figures go stale (and say so by not moving) rather than failing the scheduler
            log.warn("Processor lag not measured ({})", e.getClass().getSimpleName());
        }
    }

    /** Per processor, the position of its least advanced segment (-1: not started). */
    private Map<String, Long> positions() {
        Map<String, Long> least = new HashMap<>();
        jdbc.query("select processor_name, token, token_type from token_entry", rs -> {
            byte[] token = rs.getBytes(2);
            long position = -1;
            if (token != null) {
                TrackingToken tracking = serializer.deserialize(
                        new SimpleSerializedObject<>(token, byte[].class, rs.getString(3), null));
                OptionalLong at = tracking == null ? OptionalLong.empty() : tracking.position();
                position = at.orElse(-1);
            }
            least.merge(rs.getString(1), position, Math::min);
        });
        return least;
    }

    private double ageOfFirstEventAfter(long position) {
        List<String> stamps = jdbc.queryForList(
                "select time_stamp from domain_event_entry where global_index > ? order by global_index limit 1",
                String.class, position);
        if (stamps.isEmpty()) {
            return 0;
        }
        Duration age = Duration.between(Instant.parse(stamps.get(0)), clock.instant());
        return Math.max(0, age.toMillis() / 1000.0);
    }

    private Reading reading(String processor) {
        return readings.computeIfAbsent(processor, name -> {
            Reading reading = new Reading();
            Gauge.builder("shareledger.processor.position", reading, r -> r.position).tag("processor", name)
                    .description("The global index up to which the processor's least advanced segment has handled events")
                    .register(registry);
            Gauge.builder("shareledger.processor.lag.events", reading, r -> r.lagEvents).tag("processor", name)
                    .description("Events stored but not yet handled by the processor (for the publisher: not yet on Kafka)")
                    .register(registry);
            Gauge.builder("shareledger.processor.lag.seconds", reading, r -> r.lagSeconds).tag("processor", name)
                    .description("Age of the oldest stored event the processor has not handled yet; 0 when caught up")
                    .register(registry);
            return reading;
        });
    }
}
