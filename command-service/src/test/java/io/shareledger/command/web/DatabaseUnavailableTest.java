package io.shareledger.command.web;

import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseUnavailableTest {

    @Test
    void aLostOrRefusedConnectionAnywhereInTheChainIsUnavailability() {
        assertThat(DatabaseUnavailable.isCauseOf(new CannotGetJdbcConnectionException("pool timed out"))).isTrue();
        assertThat(DatabaseUnavailable.isCauseOf(new EventStoreException("could not store",
                new RuntimeException(new SQLException("I/O error", "08006"))))).isTrue();
        assertThat(DatabaseUnavailable.isCauseOf(new RuntimeException(new SQLException("shutting down", "57P01")))).isTrue();
        assertThat(DatabaseUnavailable.isCauseOf(new RuntimeException(new SQLTransientConnectionException("timeout")))).isTrue();
        assertThat(DatabaseUnavailable.isCauseOf(new RuntimeException(new SQLException("Connection is closed")))).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(DatabaseUnavailable.isCauseOf(new IllegalStateException("a bug"))).isFalse();
        assertThat(DatabaseUnavailable.isCauseOf(new DataIntegrityViolationException("duplicate",
                new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(DatabaseUnavailable.isCauseOf(new RuntimeException(new SQLException("no state")))).isFalse();
    }
}
