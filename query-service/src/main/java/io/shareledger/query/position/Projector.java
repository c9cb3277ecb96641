package io.shareledger.query.position;

import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * Applies one event to a read model: records its position and, if it is new, runs the change.
 * Both run in a savepoint of the processor's transaction, because PostgreSQL refuses every later
 * statement of a transaction in which one statement failed: a failing event is rolled back to
 * the savepoint, and its dead letter and the token of the rest of the batch still commit.
 */
@Component
public class Projector {

    private final Positions positions;
    private final DataSource dataSource;

    Projector(Positions positions, DataSource dataSource) {
        this.positions = positions;
        this.dataSource = dataSource;
    }

    /** Applies {@code change} unless the read model already applied this event of the aggregate. */
    public void apply(String readModel, String aggregateId, Long sequence, Runnable change) {
        if (sequence == null) {
            throw new IllegalArgumentException("Only domain events (with a sequence number) are projected");
        }
        // the connection of the processor's transaction: the JPA transaction manager exposes it
        Connection connection = DataSourceUtils.getConnection(dataSource);
        Savepoint savepoint = savepoint(connection);
        try {
            if (positions.advance(readModel, aggregateId, sequence)) {
                change.run();
            }
            release(connection, savepoint);
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
