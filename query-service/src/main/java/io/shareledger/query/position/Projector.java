package io.shareledger.query.position;

import io.shareledger.api.DomainEvent;
import io.shareledger.query.readmodel.BatchApplier;
import io.shareledger.query.readmodel.ReadModelSchemas;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Applies live events to a read model, in the live version's schema, inside the processor's
 * transaction.
 *
 * <p>The first event of a processor's batch that reaches a read model's handler applies the whole
 * batch at once (one load and one upsert per table, as a rebuild does), except the events of
 * sequences parked as dead letters, which the processor does not hand to the handler; the handler
 * then has nothing left to do for the other events of the batch. Should the batch fail, it is rolled
 * back and every event is applied on its own, as the handler receives it, so that only the failing
 * event is parked.
 *
 * <p>Each application runs in a savepoint of the processor's transaction, because PostgreSQL refuses
 * every later statement of a transaction in which one statement failed: a failing event is rolled
 * back to the savepoint, and its dead letter and the token of the rest of the batch still commit.
 */
@Component
public class Projector {

    private static final String APPLIED_WITH_BATCH = Projector.class.getName() + ".appliedWithBatch.";

    private final ReadModelSchemas schemas;
    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final SequencingPolicy<EventMessage<?>> sequencing;

    Projector(ReadModelSchemas schemas, DataSource dataSource, JdbcTemplate jdbc,
              SequencingPolicy<EventMessage<?>> sequencing) {
        this.schemas = schemas;
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.sequencing = sequencing;
    }

    /** Applies the event unless the read model already applied this event of the aggregate. */
    public void apply(BatchApplier applier, EventMessage<?> event) {
        if (appliedWithItsBatch(applier, event)) {
            return;
        }
        inSavepoint(applier, () -> {
            applier.apply(List.of(event));
            return null;
        });
    }

    private boolean appliedWithItsBatch(BatchApplier applier, EventMessage<?> event) {
        if (!CurrentUnitOfWork.isStarted()) {
            return false;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        if (!(unitOfWork instanceof BatchingUnitOfWork<?> batch) || batch.getMessages().size() == 1) {
            // a dead letter being retried, or a batch of one (most batches under light load): on its own
            return false;
        }
        Set<String> applied = batch.getOrComputeResource(APPLIED_WITH_BATCH + applier.readModel().modelName(),
                key -> applyBatch(applier, batch));
        return applied.contains(event.getIdentifier());
    }

    /** @return the ids of the events applied, none if the batch failed (and was rolled back) */
    private Set<String> applyBatch(BatchApplier applier, BatchingUnitOfWork<?> batch) {
        Set<String> parked = new HashSet<>(jdbc.queryForList(
                "select distinct sequence_identifier from dead_letter_entry where processing_group = ?",
                String.class, applier.readModel().modelName()));
        List<EventMessage<?>> events = batch.getMessages().stream()
                .<EventMessage<?>>map(message -> (EventMessage<?>) message)
                .filter(event -> DomainEvent.class.isAssignableFrom(event.getPayloadType()))
                .filter(event -> !parked.contains(String.valueOf(sequencing.getSequenceIdentifierFor(event))))
                .toList();
        try {
            return inSavepoint(applier, () -> {
                applier.apply(events);
                return events.stream().map(EventMessage::getIdentifier).collect(Collectors.toSet());
            });
        } catch (RuntimeException failed) {
            // one of them fails: each is applied on its own as the processor hands it over
            return Set.of();
        }
    }

    private <T> T inSavepoint(BatchApplier applier, Supplier<T> work) {
        // before the savepoint: rolling a savepoint back would also undo the search_path
        schemas.useLive(applier.readModel());
        // the connection of the processor's transaction: the JPA transaction manager exposes it
        Connection connection = DataSourceUtils.getConnection(dataSource);
        Savepoint savepoint = savepoint(connection);
        try {
            T result = work.get();
            release(connection, savepoint);
            return result;
        } catch (RuntimeException e) {
            rollback(connection, savepoint, e);
            throw e;
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private static Savepoint savepoint(Connection connection) {
        try {
            return connection.setSavepoint();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot set a savepoint; projections run inside the processor's transaction", e);
        }
    }

    private static void release(Connection connection, Savepoint savepoint) {
        try {
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot release the savepoint", e);
        }
    }

    private static void rollback(Connection connection, Savepoint savepoint, RuntimeException cause) {
        try {
            connection.rollback(savepoint);
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
