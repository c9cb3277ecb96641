package io.shareledger.query.rebuild;

import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How many offsets a processor is behind the end of each partition. A read_committed end offset
 * counts the commit markers of transactional producers, which are never delivered as records: a
 * processor that has consumed every event may still be one (or more) offsets short of the end.
 * Where the difference is not zero, a read_committed consumer seeks to the processor's position:
 * if it reaches the end without receiving a record the processor is caught up (lag 0); if it
 * receives one, the difference stands. One consumer, kept open, answers one question at a time.
 */
@Component
class PartitionLag {

    private static final Duration PROBE = Duration.ofSeconds(2);

    private final EventTopic topic;
    private Consumer<String, byte[]> consumer;

    PartitionLag(EventTopic topic) {
        this.topic = topic;
    }

    /** Per partition: the end offset and the lag of a processor standing at {@code position} (next offset to read). */
    record Partition(int partition, long position, long end, long lag) {
    }

    synchronized List<Partition> of(Map<TopicPartition, Long> position) {
        return measure(position).partitions();
    }

    /**
     * The partitions, and the time of the oldest record the processor has not consumed yet (the
     * first record found at its position on a partition it lags on; null when none was seen).
     */
    record Measurement(List<Partition> partitions, Instant oldestUnconsumed) {

        long lag() {
            return partitions.stream().mapToLong(Partition::lag).sum();
        }
    }

    synchronized Measurement measure(Map<TopicPartition, Long> position) {
        Consumer<String, byte[]> probe = consumer();
        List<TopicPartition> partitions = topic.partitions(probe);
        Map<TopicPartition, Long> end = probe.endOffsets(partitions);
        Map<TopicPartition, Long> beginning = probe.beginningOffsets(partitions);
        Map<TopicPartition, Long> at = new HashMap<>();
        partitions.forEach(p -> at.put(p, Math.max(position.getOrDefault(p, 0L), beginning.get(p))));
        Map<TopicPartition, Long> firstTimestamp = new HashMap<>();
        Map<TopicPartition, Long> lag = probe(probe, at, end, firstTimestamp);
        Instant oldest = firstTimestamp.values().stream().min(Long::compare).map(Instant::ofEpochMilli).orElse(null);
        return new Measurement(partitions.stream()
                .map(p -> new Partition(p.partition(), at.get(p), end.get(p), lag.get(p))).toList(), oldest);
    }

    private Map<TopicPartition, Long> probe(Consumer<String, byte[]> probe, Map<TopicPartition, Long> at,
                                            Map<TopicPartition, Long> end, Map<TopicPartition, Long> firstTimestamp) {
        Map<TopicPartition, Long> lag = new HashMap<>();
        Set<TopicPartition> undecided = new HashSet<>();
        at.forEach((p, position) -> {
            if (end.get(p) > position) {
                undecided.add(p);
            } else {
                lag.put(p, 0L);
            }
        });
        if (!undecided.isEmpty()) {
            probe.assign(undecided);
            undecided.forEach(p -> probe.seek(p, at.get(p)));
            long deadline = System.nanoTime() + PROBE.toNanos();
            while (!undecided.isEmpty() && System.nanoTime() < deadline) {
                ConsumerRecords<String, byte[]> records = probe.poll(Duration.ofMillis(100));
                for (TopicPartition p : records.partitions()) {
                    if (undecided.remove(p)) {
                        lag.put(p, end.get(p) - at.get(p));
                        firstTimestamp.put(p, records.records(p).get(0).timestamp());
                    }
                }
                undecided.removeIf(p -> {
                    boolean reachedEnd = probe.position(p) >= end.get(p);
                    if (reachedEnd) {
                        lag.put(p, 0L);
                    }
                    return reachedEnd;
                });
            }
            // not decided in time: the plain difference, which may count markers
            undecided.forEach(p -> lag.put(p, end.get(p) - at.get(p)));
            probe.assign(List.of());
        }
        return lag;
    }

    private Consumer<String, byte[]> consumer() {
        if (consumer == null) {
            consumer = topic.consumer("lag", 1);
        }
        return consumer;
    }

    @PreDestroy
    synchronized void close() {
        if (consumer != null) {
            consumer.close();
            consumer = null;
        }
    }
}
