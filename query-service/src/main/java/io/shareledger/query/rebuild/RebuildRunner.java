package io.shareledger.query.rebuild;

import io.shareledger.query.keys.BatchKeys;
import io.shareledger.query.keys.HttpDataKeys;
import io.shareledger.query.readmodel.BatchApplier;
import io.shareledger.query.readmodel.ReadModel;
import io.shareledger.query.readmodel.ReadModelSchemas;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One rebuild of one read model into the schema of its target version: reads the topic from the
 * beginning (or from the offsets a previous owner stored) with its own consumer, applies the
 * records in batches, each batch in one transaction with the rebuild's offsets and heartbeat, and
 * switches the read model over once it has caught up with the live processor.
 */
final class RebuildRunner implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(RebuildRunner.class);
    private static final Duration POLL = Duration.ofMillis(200);

    /** What a runner needs of the service. */
    record Context(EventTopic topic, KafkaMessageConverter<String, byte[]> converter, BatchKeys keys,
                   ReadModelSchemas schemas, Registry registry, LiveTokens liveTokens, TransactionTemplate transactions,
                   int batchSize, Duration reportInterval, Duration switchTimeout) {
    }

    private final ReadModel model;
    private final BatchApplier applier;
    private final int targetVersion;
    private final String owner;
    private final Context context;
    private final RebuildProgress progress = new RebuildProgress();
    private volatile boolean stopped;
    private long lastReport = System.nanoTime();

    RebuildRunner(ReadModel model, BatchApplier applier, int targetVersion, String owner, Context context) {
        this.model = model;
        this.applier = applier;
        this.targetVersion = targetVersion;
        this.owner = owner;
        this.context = context;
    }

    /** Asks the runner to stop after its current batch; what it committed stays for whoever resumes or cancels. */
    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        try (Consumer<String, byte[]> consumer = context.topic().consumer("rebuild-" + model.modelName(), context.batchSize())) {
            List<TopicPartition> partitions = context.topic().partitions(consumer);
            consumer.assign(partitions);
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> stored = context.transactions().execute(s -> context.registry().offsets(model));
            partitions.forEach(p -> consumer.seek(p, stored.getOrDefault(p, beginning.get(p))));
            progress.start(sum(end, beginning, partitions), processed(consumer, beginning, partitions));
            log.info("Rebuild of {} into version {}: {} from {} offsets", model.modelName(), targetVersion,
                    stored.isEmpty() ? "starting" : "resuming", progress.snapshot().total());
            while (!stopped) {
                List<ConsumerRecord<String, byte[]>> records = poll(consumer);
                if (!records.isEmpty()) {
                    applyBatch(consumer, records, beginning, partitions);
                } else if (caughtUp(consumer, partitions) && switchOver(consumer, beginning, partitions)) {
                    return;
                }
                reportIfDue();
            }
        } catch (RuntimeException e) {
            if (!stopped) {
                fail(e);
            }
        }
    }

    /** Records until the batch is full or the topic has nothing more right now. */
    private List<ConsumerRecord<String, byte[]>> poll(Consumer<String, byte[]> consumer) {
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
        while (batch.size() < context.batchSize() && !stopped) {
            ConsumerRecords<String, byte[]> records = consumer.poll(batch.isEmpty() ? POLL : Duration.ZERO);
            if (records.isEmpty()) {
                break;
            }
            records.forEach(batch::add);
        }
        return batch;
    }

    private void applyBatch(Consumer<String, byte[]> consumer, List<ConsumerRecord<String, byte[]>> records,
                            Map<TopicPartition, Long> beginning, List<TopicPartition> partitions) {
        List<EventMessage<?>> events = convert(records);
        Map<TopicPartition, Long> offsets = positions(consumer, partitions);
        progress.advanced(processed(consumer, beginning, partitions), events.size());
        RebuildProgress.Snapshot snapshot = progress.snapshot();
        Boolean owned;
        try (HttpDataKeys.Pinned keys = context.keys().pin(events)) {
            owned = context.transactions().execute(status -> {
                // first, so that a cancel (which updates this row, then drops the schema) never deadlocks with a batch
                if (!context.registry().heartbeat(model, owner, snapshot)) {
                    status.setRollbackOnly();
                    return false;
                }
                context.schemas().use(model.schema(targetVersion));
                applier.apply(events);
                context.registry().storeOffsets(model, offsets);
                return true;
            });
        }
        if (!Boolean.TRUE.equals(owned)) {
            lostOwnership();
        }
    }

    /**
     * Switches the read model over to the rebuilt version. With the registry row locked the live
     * processor cannot commit another batch, so its token stands still: the rebuild consumes up to
     * it (usually nothing is left), then re-points the views and makes its version live, all in one
     * transaction. Events past the live token that the rebuild already applied are skipped by the
     * live processor afterwards (their positions are recorded). @return true once switched
     */
    private boolean switchOver(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> beginning,
                               List<TopicPartition> partitions) {
        Registry.Row before = context.transactions().execute(status -> {
            Registry.Row row = context.registry().lockForSwitch(model);
            if (!row.running() || !owner.equals(row.owner())) {
                return null;
            }
            long deadline = System.nanoTime() + context.switchTimeout().toNanos();
            // a token past a partition's end belongs to a topic that was lost and refilled: the end is the goal then
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> live = new HashMap<>();
            context.liveTokens().reach(model).forEach((p, next) -> live.put(p, Math.min(next, end.getOrDefault(p, next))));
            context.schemas().use(model.schema(targetVersion));
            while (behind(consumer, live, partitions)) {
                if (System.nanoTime() > deadline || stopped) {
                    // the live processor is waiting for this lock: give way, catch up again and retry
                    status.setRollbackOnly();
                    return row;
                }
                List<EventMessage<?>> events = convert(poll(consumer));
                try (HttpDataKeys.Pinned keys = context.keys().pin(events)) {
                    applier.apply(events);
                }
                progress.advanced(processed(consumer, beginning, partitions), events.size());
            }
            context.schemas().repointViews(model, targetVersion);
            context.registry().complete(model, targetVersion, progress.snapshot());
            context.registry().deleteOffsets(model);
            return row;
        });
        if (before == null) {
            lostOwnership();
            return false;
        }
        if (context.transactions().execute(s -> context.registry().find(model).liveVersion()) != targetVersion) {
            // rolled back: what the switch consumed was not stored; start again from the stored offsets
            Map<TopicPartition, Long> stored = context.transactions().execute(s -> context.registry().offsets(model));
            partitions.forEach(p -> consumer.seek(p, stored.getOrDefault(p, beginning.get(p))));
            return false;
        }
        context.transactions().executeWithoutResult(s -> context.schemas().drop(model, before.liveVersion()));
        RebuildProgress.Snapshot done = progress.snapshot();
        log.info("Rebuild of {} is live as version {} after {} offsets; version {} dropped", model.modelName(),
                targetVersion, done.processed(), before.liveVersion());
        stopped = true;
        return true;
    }

    private static boolean behind(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> live,
                                  List<TopicPartition> partitions) {
        return partitions.stream().anyMatch(p -> consumer.position(p) < live.getOrDefault(p, 0L));
    }

    /** After a poll that returned nothing: every partition's position is at its end (markers included). */
    private static boolean caughtUp(Consumer<String, byte[]> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
    }

    private List<EventMessage<?>> convert(List<ConsumerRecord<String, byte[]>> records) {
        List<EventMessage<?>> events = new ArrayList<>(records.size());
        // a record that is no event message is skipped, as the live source skips it
        records.forEach(record -> context.converter().readKafkaMessage(record).ifPresent(events::add));
        return events;
    }

    private void reportIfDue() {
        if (System.nanoTime() - lastReport < context.reportInterval().toNanos()) {
            return;
        }
        lastReport = System.nanoTime();
        RebuildProgress.Snapshot snapshot = progress.snapshot();
        Boolean owned = context.transactions().execute(s -> context.registry().heartbeat(model, owner, snapshot));
        if (!Boolean.TRUE.equals(owned)) {
            lostOwnership();
            return;
        }
        log.info("Rebuild of {} into version {}: {}/{} offsets, {} events/s, about {} s left", model.modelName(),
                targetVersion, snapshot.processed(), snapshot.total(),
                snapshot.eventsPerSecond() == null ? "?" : Math.round(snapshot.eventsPerSecond()),
                snapshot.etaSeconds() == null ? "?" : snapshot.etaSeconds());
    }

    private void lostOwnership() {
        log.info("Rebuild of {} into version {} stopped here: cancelled or taken over", model.modelName(), targetVersion);
        stopped = true;
    }

    /** The failure is recorded by type only: messages may quote event content. */
    private void fail(RuntimeException e) {
        String failure = e.getClass().getSimpleName();
        log.warn("Rebuild of {} into version {} failed: {} at {}", model.modelName(), targetVersion, failure,
                e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "an unknown place");
        try {
            context.transactions().executeWithoutResult(s -> {
                if (context.registry().fail(model, owner, failure)) {
                    context.schemas().drop(model, targetVersion);
                    context.registry().deleteOffsets(model);
                }
            });
        } catch (RuntimeException recording) {
            log.warn("Rebuild of {}: could not record the failure: {}", model.modelName(), recording.getClass().getSimpleName());
        }
    }

    private static Map<TopicPartition, Long> positions(Consumer<?, ?> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        partitions.forEach(p -> positions.put(p, consumer.position(p)));
        return positions;
    }

    private static long processed(Consumer<?, ?> consumer, Map<TopicPartition, Long> beginning, List<TopicPartition> partitions) {
        return partitions.stream().mapToLong(p -> consumer.position(p) - beginning.get(p)).sum();
    }

    private static long sum(Map<TopicPartition, Long> end, Map<TopicPartition, Long> beginning, List<TopicPartition> partitions) {
        return partitions.stream().mapToLong(p -> end.get(p) - beginning.get(p)).sum();
    }
}
