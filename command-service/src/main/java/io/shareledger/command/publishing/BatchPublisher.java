package io.shareledger.command.publishing;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaPublisher;
import org.axonframework.extensions.kafka.eventhandling.producer.ProducerFactory;
import org.axonframework.messaging.EventPublicationFailedException;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.tracing.SpanFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The outbox publisher, sending each batch of the publishing processor in one Kafka transaction
 * (ADR 0016). The extension's own publisher begins and commits a transaction per event whatever
 * the batch size, and a commit flushes, so it carried about 50 events/s.
 * <p>
 * The transaction begins with the batch's first event and commits when the batch's unit of work
 * prepares to commit: after the processor has written its new token into the database transaction
 * and before that transaction commits. So the database never records a position whose events are
 * not committed on the topic (a failed Kafka commit rolls the token back and the batch is read
 * again).
 * <p>
 * The other way round, the Kafka transaction may commit and the database transaction not (the
 * service killed between the two, the database gone at that moment): the batch is read again. So
 * each segment of the processor has a transactional id of its own that stays the same across
 * restarts and instances ({@code <prefix><segment>}): a new producer under it fences the previous
 * one and ends whatever transaction that left open. Then, whenever the segment's position is not
 * known to match the topic (the first batch after start or after a failed batch), the publisher
 * reads the last committed records of every partition and does not send again an event whose
 * message id it finds there. Consumers reading committed records see each event once.
 */
class BatchPublisher<K, V> extends KafkaPublisher<K, V> {

    private static final Logger log = LoggerFactory.getLogger(BatchPublisher.class);

    private final String batchKey = BatchPublisher.class.getName() + "@" + System.identityHashCode(this);
    private final String segmentKey;
    private final KafkaMessageConverter<K, V> converter;
    private final SpanFactory spans;
    private final String topic;
    private final Function<Integer, Producer<K, V>> newProducer;
    private final TopicTail tail;
    private final int tailOffsets;
    private final Map<Integer, SegmentState> segments = new ConcurrentHashMap<>();

    /**
     * @param processorName         the publishing processor, whose units of work carry their segment
     * @param producerProperties    the producer's settings, without a transactional id
     * @param transactionalIdPrefix followed by the segment id, the transactional id of that segment's producer
     * @param tail                  reads the topic's tail
     * @param batchSize             the processor's batch size: the tail read covers the last batch
     * @param spans                 puts the publication's trace context on each record
     */
    BatchPublisher(ProducerFactory<K, V> extensionProducers, KafkaMessageConverter<K, V> converter, SpanFactory spans,
                   String topic, String processorName, Map<String, Object> producerProperties, String transactionalIdPrefix,
                   TopicTail tail, int batchSize) {
        super(KafkaPublisher.<K, V>builder().producerFactory(extensionProducers).messageConverter(converter)
                .topicResolver(event -> Optional.of(topic)));
        this.segmentKey = "Processor[" + processorName + "]/SegmentId";
        this.converter = converter;
        this.spans = spans;
        this.topic = topic;
        this.newProducer = segment -> {
            Map<String, Object> properties = new HashMap<>(producerProperties);
            properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalIdPrefix + segment);
            properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            return new KafkaProducer<>(properties);
        };
        this.tail = tail;
        // a batch's records and at most one commit marker per record: the last batch lies within
        this.tailOffsets = 2 * batchSize;
    }

    @Override
    public <T extends EventMessage<?>> void send(T event) {
        UnitOfWork<?> unit = CurrentUnitOfWork.get().root();
        Integer segment = unit.getResource(segmentKey);
        SegmentState state = segments.computeIfAbsent(segment == null ? 0 : segment, SegmentState::new);
        Batch batch = unit.getOrComputeResource(batchKey, key -> state.begin(unit));
        if (state.onTopic.contains(event.getIdentifier())) {
            batch.skipped++;
            return;
        }
        try {
            // the record continues the trace from here (the processor's span for this event), in
            // the metadata the query side's processors read and in the standard headers
            EventMessage<?> traced = spans.propagateContext(event);
            batch.producer.send(TraceHeaders.add(traced, converter.createKafkaMessage(traced, topic)));
        } catch (KafkaException e) {
            throw new EventPublicationFailedException("Sending an event to Kafka failed", e);
        }
    }

    /** Closes the segments' producers (an open transaction is aborted by the segment's next producer). */
    @Override
    public void shutDown() {
        segments.values().forEach(SegmentState::reset);
        super.shutDown();
    }

    /** One batch: its transaction's producer and how many of its events were on the topic already. */
    private final class Batch {
        private final Producer<K, V> producer;
        private int skipped;

        private Batch(Producer<K, V> producer) {
            this.producer = producer;
        }
    }

    /**
     * A segment's producer, whether its position is known to match the topic, and if not, the
     * message ids found on the topic's tail.
     */
    private final class SegmentState {
        private final int segment;
        private final Set<String> onTopic = new HashSet<>();
        private Producer<K, V> producer;
        private boolean inSync;

        private SegmentState(int segment) {
            this.segment = segment;
        }

        Batch begin(UnitOfWork<?> unit) {
            try {
                if (producer == null) {
                    producer = newProducer.apply(segment);
                    // fences an earlier producer of this segment and ends its open transaction
                    producer.initTransactions();
                }
                if (!inSync) {
                    // only now is the tail final: nothing of this segment is left pending. What an
                    // earlier read found is kept: the aborted records of a failed retry take offsets
                    // of the tail too
                    onTopic.addAll(tail.messageIds(topic, tailOffsets));
                }
                producer.beginTransaction();
                Batch batch = new Batch(producer);
                unit.onPrepareCommit(u -> commit(batch));
                unit.afterCommit(u -> {
                    inSync = true;
                    onTopic.clear();
                });
                unit.onRollback(u -> reset());
                return batch;
            } catch (KafkaException e) {
                reset();
                throw new EventPublicationFailedException("Starting a Kafka transaction failed", e);
            } catch (RuntimeException e) {
                reset();
                throw e;
            }
        }

        private void commit(Batch batch) {
            try {
                producer.commitTransaction();
            } catch (KafkaException e) {
                throw new EventPublicationFailedException("Committing a batch to Kafka failed", e);
            }
            if (batch.skipped > 0) {
                log.info("Segment {} of the publisher: {} events of the batch were on the topic already, not sent again",
                        segment, batch.skipped);
            }
        }

        /**
         * After a failed batch (before or after its Kafka commit), or at shut-down: the producer is
         * closed (the segment's next one aborts whatever is open) and the next batch first reads the
         * topic's tail.
         */
        void reset() {
            inSync = false;
            if (producer != null) {
                try {
                    // at once: what it still holds belongs to a transaction that is never committed
                    producer.close(Duration.ZERO);
                } catch (KafkaException e) {
                    log.warn("Closing the publisher's producer failed ({})", e.getClass().getSimpleName());
                }
                producer = null;
            }
        }
    }
}
