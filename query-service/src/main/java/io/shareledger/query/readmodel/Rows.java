package io.shareledger.query.readmodel;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;

import static io.shareledger.query.position.Times.utc;

/**
 * Writes many rows with one prepared statement executed as a JDBC batch (one round trip; the driver
 * rewrites the inserts into multi-row statements). Parameters are bound with explicit SQL types, so
 * that a null needs no round trip to ask the server for its type. Strings go in through
 * {@link StoredText}, so that no text from an event can make a read model fail.
 */
public final class Rows {

    private Rows() {
    }

    /** Binds one row's parameters, in order. */
    @FunctionalInterface
    public interface Binder<T> {
        void bind(T row, Params params) throws SQLException;
    }

    public static <T> void batch(JdbcTemplate jdbc, String sql, Collection<T> rows, Binder<? super T> binder) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (T row : rows) {
                    binder.bind(row, new Params(statement));
                    statement.addBatch();
                }
                statement.executeBatch();
            }
            return null;
        });
    }

    /** The parameters of one row, bound left to right. */
    public static final class Params {

        private final PreparedStatement statement;
        private int index = 1;

        Params(PreparedStatement statement) {
            this.statement = statement;
        }

        public Params uuid(UUID value) throws SQLException {
            if (value == null) {
                statement.setNull(index++, Types.OTHER);
            } else {
                statement.setObject(index++, value);
            }
            return this;
        }

        /** Every string of every read model is bound here, as {@link StoredText} stores it. */
        public Params text(String value) throws SQLException {
            if (value == null) {
                statement.setNull(index++, Types.VARCHAR);
            } else {
                statement.setString(index++, StoredText.of(value));
            }
            return this;
        }

        public Params time(Instant value) throws SQLException {
            if (value == null) {
                statement.setNull(index++, Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                statement.setObject(index++, utc(value));
            }
            return this;
        }

        public Params bigint(long value) throws SQLException {
            statement.setLong(index++, value);
            return this;
        }
    }
}
