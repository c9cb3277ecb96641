package io.shareledger.command.publishing;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.kafka.KafkaProperties;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Re-publishes the event store to the events topic, from the first event to the head of the store
 * as it was when the refill started, in global order. For a topic that was lost or emptied: the
 * live publisher (the Kafka extension's tracking processor) cannot do it, it does not support a
 * reset.
 * <p>
 * Records are made by the same {@link KafkaMessageConverter} bean as the live publisher's, so key
 * (the aggregate id), value and headers are identical. They are sent through a transactional
 * producer of its own ({@code <live transaction-id-prefix>refill-0}), one transaction per batch.
 * Events appended after the start are left to the live publisher, which is paused in this instance
 * while the refill runs. A record may reach
 * the topic twice (a refill over a topic that still holds events, an event that the refill and the
 * resumed live publisher both send, a batch retried after a failure, two refills): consumers are
 * idempotent, so duplicates are harmless.
 * <p>
 * Progress (events published of the total) is logged every few seconds; no payload is ever logged.
 */
@Component
public class TopicRefill {

    private static final Logger log = LoggerFactory.getLogger(TopicRefill.class);
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);

    private final EventProcessingConfiguration processing;
    private final EventStorageEngine storageEngine;
    private final KafkaMessageConverter<String, byte[]> converter;
    private final KafkaProperties kafka;
    private final EventTopic topic;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final int batchSize;
    private final AtomicBoolean running = new AtomicBoolean();

    @SuppressWarnings("unchecked")
    TopicRefill(EventProcessingConfiguration processing,
                EventStorageEngine storageEngine,
                KafkaMessageConverter<?, ?> converter,
                KafkaProperties kafka,
                EventTopic topic,
                DataSource dataSource,
                Clock clock,
                @Value("${shareledger.kafka.refill.batch-size:500}") int batchSize) {
        this.processing = processing;
        this.storageEngine = storageEngine;
        // the extension's converter for the default producer: String keys, byte[] values
        this.converter = (KafkaMessageConverter<String, byte[]>) converter;
        this.kafka = kafka;
        this.topic = topic;
        this.jdbc = JdbcClient.create(dataSource);
        this.clock = clock;
        this.batchSize = batchSize;
    }

    /**
     * Creates the topic if it is missing and publishes every event up to the current head.
     *
     * @return the number of events published
     * @throws AlreadyRunning if a refill is running in this instance
     * @throws RefillFailed   if the topic cannot be created or a batch cannot be published
     */
    public long refill() {
        if (!running.compareAndSet(false, true)) {
            throw new AlreadyRunning();
        }
        Optional<EventProcessor> paused = Optional.empty();
        try {
            paused = pauseLivePublisher();
            return refillUpToHead();
        } finally {
            paused.ifPresent(this::resume);
            running.set(false);
        }
    }

    /**
     * Pauses this instance's live publisher while the refill runs, so that it does not put newer
     * events of an aggregate on the topic before the refill's older ones. It resumes from its
     * token afterwards (events it publishes again are harmless duplicates). Another instance may
     * claim the publisher's token meanwhile: see docs/operations.md.
     */
    private Optional<EventProcessor> pauseLivePublisher() {
        if (processing == null) {
            return Optional.empty();
        }
        String name = kafka.getPublisher().getProcessingGroup();
        Optional<EventProcessor> publisher = processing.eventProcessor(name).filter(EventProcessor::isRunning);
        publisher.ifPresent(p -> {
            log.info("Topic refill: pausing the live publisher {} in this instance", name);
            p.shutDown();
        });
        return publisher;
    }

    private void resume(EventProcessor publisher) {
        log.info("Topic refill: resuming the live publisher {}", publisher.getName());
        try {
            publisher.start();
        } catch (RuntimeException e) {
            log.error("Topic refill: the live publisher {} did not start again ({}); restart this instance",
                    publisher.getName(), e.getClass().getSimpleName());
        }
    }

    private long refillUpToHead() {
        try {
            topic.createIfMissing();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RefillFailed("interrupted while creating the topic", e);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            throw new RefillFailed("the topic could not be created", e);
        }
        TrackingToken headToken = storageEngine.createHeadToken();
        long head = headToken == null ? -1 : headToken.position().orElse(-1);
        long total = jdbc.sql("select count(*) from domain_event_entry where global_index <= ?")
                .param(head).query(Long.class).single();
        log.info("Topic refill of {} started: {} events up to global index {}", topic.name(), total, head);

        long published = 0;
        long lastLog = clock.millis();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties());
             Stream<? extends TrackedEventMessage<?>> events = storageEngine.readEvents(null, false)) {
            producer.initTransactions();
            Iterator<? extends TrackedEventMessage<?>> iterator = events.iterator();
            boolean headReached = false;
            while (!headReached) {
                int inBatch = 0;
                producer.beginTransaction();
                try {
                    while (inBatch < batchSize) {
                        if (!iterator.hasNext()) {
                            headReached = true;
                            break;
                        }
                        TrackedEventMessage<?> event = iterator.next();
                        if (event.trackingToken().position().orElse(Long.MAX_VALUE) > head) {
                            headReached = true;
                            break;
                        }
                        ProducerRecord<String, byte[]> record = TraceHeaders.add(event, converter.createKafkaMessage(event, topic.name()));
                        producer.send(record);
                        inBatch++;
                    }
                    producer.commitTransaction();
                } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
                    throw e; // fatal for this producer: closing it is all that is left
                } catch (KafkaException e) {
                    producer.abortTransaction();
                    throw e;
                }
                published += inBatch;
                if (clock.millis() - lastLog >= PROGRESS_INTERVAL.toMillis()) {
                    log.info("Topic refill of {}: {} of {} events published", topic.name(), published, total);
                    lastLog = clock.millis();
                }
            }
        } catch (KafkaException e) {
            log.warn("Topic refill of {} failed after {} of {} events ({})", topic.name(), published, total,
                    e.getClass().getSimpleName());
            throw new RefillFailed("publishing failed", e);
        }
        log.info("Topic refill of {} finished: {} of {} events published", topic.name(), published, total);
        return published;
    }

    private Map<String, Object> producerProperties() {
        Map<String, Object> properties = kafka.buildProducerProperties();
        String livePrefix = kafka.getProducer().getTransactionIdPrefix();
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, (livePrefix == null ? "" : livePrefix) + "refill-0");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        Object clientId = properties.get(ProducerConfig.CLIENT_ID_CONFIG);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, (clientId == null ? "shareledger" : clientId) + "-refill");
        return properties;
    }

    /** A refill is already running in this instance. */
    public static class AlreadyRunning extends RuntimeException {
        AlreadyRunning() {
            super("A topic refill is already running.");
        }
    }

    /** The refill stopped; what was committed before stays on the topic. */
    public static class RefillFailed extends RuntimeException {
        RefillFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
