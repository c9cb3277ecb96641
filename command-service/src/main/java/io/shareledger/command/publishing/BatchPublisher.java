package io.shareledger.command.publishing;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaPublisher;
import org.axonframework.extensions.kafka.eventhandling.producer.ProducerFactory;
import org.axonframework.messaging.EventPublicationFailedException;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The outbox publisher, sending each batch of the publishing processor in one Kafka transaction
 * (ADR 0016). The extension's own publisher begins and commits a transaction per event whatever
 * the batch size, and a commit flushes, so it carried about 50 events/s.
 * <p>
 * The transaction begins with the batch's first event and commits when the batch's unit of work
 * prepares to commit: after the processor has written its new token into the database transaction
 * and before that transaction commits. So the database never records a position whose events are
 * not committed on the topic (a failed Kafka commit rolls the token back and the batch is read
 * again); a crash between the two commits publishes the batch again on restart, as a crash of the
 * extension's publisher after its per-event commit did (at least once; the read models apply each
 * event once). A batch rolled back aborts its transaction: consumers reading committed records
 * never see its events.
 */
class BatchPublisher<K, V> extends KafkaPublisher<K, V> {

    private static final Logger log = LoggerFactory.getLogger(BatchPublisher.class);

    private final String resourceKey = BatchPublisher.class.getName() + "@" + System.identityHashCode(this);
    private final ProducerFactory<K, V> producers;
    private final KafkaMessageConverter<K, V> converter;
    private final String topic;

    BatchPublisher(ProducerFactory<K, V> producers, KafkaMessageConverter<K, V> converter, String topic) {
        super(KafkaPublisher.<K, V>builder().producerFactory(producers).messageConverter(converter)
                .topicResolver(event -> Optional.of(topic)));
        if (!producers.confirmationMode().isTransactional()) {
            throw new IllegalStateException("The batch publisher needs a transactional producer "
                    + "(axon.kafka.producer.transaction-id-prefix)");
        }
        this.producers = producers;
        this.converter = converter;
        this.topic = topic;
    }

    @Override
    public <T extends EventMessage<?>> void send(T event) {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        Producer<K, V> producer = batch.getOrComputeResource(resourceKey, key -> begin(batch));
        try {
            producer.send(converter.createKafkaMessage(event, topic));
        } catch (KafkaException e) {
            throw new EventPublicationFailedException("Sending an event to Kafka failed", e);
        }
    }

    private Producer<K, V> begin(UnitOfWork<?> batch) {
        Producer<K, V> producer = producers.createProducer();
        try {
            producer.beginTransaction();
        } catch (KafkaException e) {
            producer.close();
            throw new EventPublicationFailedException("Starting a Kafka transaction failed", e);
        }
        batch.onPrepareCommit(unit -> commit(producer));
        batch.onRollback(unit -> abort(producer));
        return producer;
    }

    private void commit(Producer<K, V> producer) {
        try {
            producer.commitTransaction();
        } catch (KafkaException e) {
            throw new EventPublicationFailedException("Committing a batch to Kafka failed", e);
        } finally {
            producer.close();
        }
    }

    private void abort(Producer<K, V> producer) {
        try {
            producer.abortTransaction();
        } catch (KafkaException | IllegalStateException e) {
            log.warn("Aborting a Kafka transaction failed ({}); the broker aborts it on its timeout",
                    e.getClass().getSimpleName());
        } finally {
            producer.close();
        }
    }
}
