package io.shareledger.query.readmodel;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;

import java.util.List;

/**
 * Applies a batch of events to one read model in the current transaction, through the unqualified
 * table names of the schema first on the search_path: a live handler passes one event, a rebuild a
 * whole batch of the topic. An event at or below its aggregate's recorded position is skipped, so
 * that a batch may hold events the read model has already applied.
 */
public interface BatchApplier {

    ReadModel readModel();

    void apply(List<? extends EventMessage<?>> events);

    /** The events as domain events: only they carry the aggregate id and sequence idempotence needs. */
    static List<DomainEventMessage<?>> domainEvents(List<? extends EventMessage<?>> events) {
        return events.stream().<DomainEventMessage<?>>map(event -> {
            if (event instanceof DomainEventMessage<?> domain) {
                return (DomainEventMessage<?>) domain;
            }
            throw new IllegalArgumentException("Only domain events (with a sequence number) are projected");
        }).toList();
    }
}
