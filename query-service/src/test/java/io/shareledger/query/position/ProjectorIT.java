package io.shareledger.query.position;

import io.shareledger.api.ConsentId;
import io.shareledger.api.MemberId;
import io.shareledger.api.member.ConsentGrantedEvent;
import io.shareledger.api.member.ConsentPurpose;
import io.shareledger.query.readmodel.BatchApplier;
import io.shareledger.query.readmodel.ReadModel;
import io.shareledger.query.support.IntegrationTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live path's batches, in the service's own transaction and unit-of-work types against its
 * database: a processor's batch is applied in one call; a batch that fails is rolled back and its
 * events are applied one by one, so that only the failing one fails; events of parked sequences are
 * left to the dead-letter queue.
 */
class ProjectorIT extends IntegrationTest {

    private static final String PROBE = "projector_probe_" + UUID.randomUUID().toString().replace("-", "");

    @Autowired
    private Projector projector;
    @Autowired
    private PlatformTransactionManager transactions;
    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private EventProcessingConfiguration processing;

    /** Writes a probe row per event; fails (an SQL error, which aborts the transaction) on one event. */
    private final class ProbeApplier implements BatchApplier {

        private final List<List<String>> calls = new ArrayList<>();
        private final String failOn;

        ProbeApplier(String failOn) {
            this.failOn = failOn;
        }

        @Override
        public ReadModel readModel() {
            return ReadModel.SHARES;
        }

        @Override
        public void apply(List<? extends EventMessage<?>> events) {
            calls.add(events.stream().map(EventMessage::getIdentifier).toList());
            for (EventMessage<?> event : events) {
                jdbc.update("insert into public." + PROBE + " values (?)", event.getIdentifier());
                if (event.getIdentifier().equals(failOn)) {
                    jdbc.queryForObject("select 1 / 0", Integer.class);
                }
            }
        }
    }

    @BeforeEach
    void probe() {
        jdbc.execute("create table public." + PROBE + " (event_id text primary key)");
    }

    @AfterEach
    void dropProbe() {
        jdbc.execute("drop table public." + PROBE);
    }

    @Test
    void aBatchIsAppliedInOneCall() {
        List<EventMessage<?>> batch = events(4);
        ProbeApplier applier = new ProbeApplier(null);

        List<String> failed = process(applier, batch);

        assertThat(applier.calls).containsExactly(ids(batch));
        assertThat(failed).isEmpty();
        assertThat(probed()).containsExactlyInAnyOrderElementsOf(ids(batch));
    }

    @Test
    void aFailingBatchIsRolledBackAndAppliedOneEventAtATime() {
        List<EventMessage<?>> batch = events(4);
        String poison = batch.get(1).getIdentifier();
        ProbeApplier applier = new ProbeApplier(poison);

        List<String> failed = process(applier, batch);

        assertThat(applier.calls).containsExactly(ids(batch), List.of(ids(batch).get(0)), List.of(poison),
                List.of(ids(batch).get(2)), List.of(ids(batch).get(3)));
        assertThat(failed).containsExactly(poison);
        assertThat(probed()).containsExactlyInAnyOrder(ids(batch).get(0), ids(batch).get(2), ids(batch).get(3));
    }

    @Test
    void eventsOfAParkedSequenceAreLeftOutOfTheBatch() {
        List<EventMessage<?>> batch = events(3);
        EventMessage<?> parkedEvent = batch.get(2);
        String sequence = ((GenericDomainEventMessage<?>) parkedEvent).getAggregateIdentifier();
        SequencedDeadLetterQueue<EventMessage<?>> queue = processing.deadLetterQueue(ReadModel.SHARES.modelName()).orElseThrow();
        new TransactionTemplate(transactions).executeWithoutResult(s -> queue.enqueue(sequence, new GenericDeadLetter<>(sequence, parkedEvent)));
        try {
            ProbeApplier applier = new ProbeApplier(null);
            // the processor hands the handler only the events of sequences that are not parked
            process(applier, batch, batch.subList(0, 2));

            assertThat(applier.calls).containsExactly(ids(batch).subList(0, 2));
            assertThat(probed()).containsExactlyInAnyOrderElementsOf(ids(batch).subList(0, 2));
        } finally {
            new TransactionTemplate(transactions).executeWithoutResult(s ->
                    queue.deadLetterSequence(sequence).forEach(queue::evict));
        }
    }

    private List<String> process(ProbeApplier applier, List<EventMessage<?>> batch) {
        return process(applier, batch, batch);
    }

    /**
     * Runs the batch as a tracking processor does: one transaction, one batching unit of work, the
     * handler called for each event handed to it; a handler's failure is caught as the dead-letter
     * queue catches it. @return the ids of the events whose handling failed
     */
    private List<String> process(ProbeApplier applier, List<EventMessage<?>> batch, List<EventMessage<?>> handedOn) {
        List<String> failed = new ArrayList<>();
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(batch);
            unitOfWork.executeWithResult(() -> {
                EventMessage<?> event = unitOfWork.getMessage();
                if (handedOn.contains(event)) {
                    try {
                        projector.apply(applier, event);
                    } catch (RuntimeException e) {
                        failed.add(event.getIdentifier());
                    }
                }
                return null;
            });
        });
        return failed;
    }

    private static List<EventMessage<?>> events(int count) {
        List<EventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            MemberId member = MemberId.random();
            events.add(new GenericDomainEventMessage<>("MemberAggregate", member.toString(), 0,
                    new ConsentGrantedEvent(member, ConsentId.random(), ConsentPurpose.SHARE_ITEMS, null)));
        }
        return events;
    }

    private static List<String> ids(List<EventMessage<?>> events) {
        return events.stream().map(EventMessage::getIdentifier).toList();
    }

    private List<String> probed() {
        return jdbc.queryForList("select event_id from public." + PROBE, String.class);
    }
}
