package io.shareledger.command.eventstore;

import io.shareledger.command.support.Api;
import io.shareledger.command.support.IntegrationTest;
import io.shareledger.command.support.StoredEvents;
import io.shareledger.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The database itself keeps the event store append-only, whatever a client of it does. */
class AppendOnlyEventStoreIT extends IntegrationTest {

    @Test
    void storedEventsCanBeNeitherUpdatedNorDeletedNorTruncated() throws SQLException {
        Api.Member member = api().register(issuer());
        List<StoredEvents.StoredEvent> before = StoredEvents.of(member.id());
        assertThat(before).hasSize(1);

        try (Connection connection = TestDatabase.get().connect()) {
            connection.setAutoCommit(true);
            try (PreparedStatement update = connection.prepareStatement(
                    "update domain_event_entry set payload = ? where aggregate_identifier = ?")) {
                update.setBytes(1, "{}".getBytes());
                update.setString(2, member.id());
                assertThatThrownBy(update::executeUpdate).isInstanceOf(SQLException.class)
                        .hasMessageContaining("append-only");
            }
            try (PreparedStatement delete = connection.prepareStatement(
                    "delete from domain_event_entry where aggregate_identifier = ?")) {
                delete.setString(1, member.id());
                assertThatThrownBy(delete::executeUpdate).isInstanceOf(SQLException.class)
                        .hasMessageContaining("append-only");
            }
            try (Statement truncate = connection.createStatement()) {
                assertThatThrownBy(() -> truncate.execute("truncate domain_event_entry"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("append-only");
            }
        }

        assertThat(StoredEvents.of(member.id())).isEqualTo(before);
    }

    @Test
    void appendingStillWorksAndPayloadsAreByteaWithGaplessGlobalIndexes() throws SQLException {
        Api.Member member = api().register(issuer());
        api().grant(member, "SHARE_ITEMS");
        api().grant(member, "RECEIVE_SHARES");

        List<StoredEvents.StoredEvent> events = StoredEvents.of(member.id());
        assertThat(events).extracting(StoredEvents.StoredEvent::sequenceNumber).containsExactly(0L, 1L, 2L);

        try (Connection connection = TestDatabase.get().connect(); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("""
                    select column_name, data_type from information_schema.columns
                    where table_name in ('domain_event_entry', 'snapshot_event_entry', 'token_entry', 'saga_entry')
                      and column_name in ('payload', 'meta_data', 'token', 'serialized_saga')""")) {
                int columns = 0;
                while (rs.next()) {
                    columns++;
                    assertThat(rs.getString("data_type")).as(rs.getString("column_name")).isEqualTo("bytea");
                }
                assertThat(columns).as("payload and metadata of events and snapshots, token, saga").isEqualTo(6);
            }
            try (ResultSet rs = statement.executeQuery(
                    "select increment_by from pg_sequences where sequencename = 'domain_event_entry_seq'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
        }
    }
}
