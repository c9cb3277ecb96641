package io.shareledger.query.position;

import io.shareledger.query.readmodel.BatchApplier;
import io.shareledger.query.readmodel.ReadModelSchemas;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;

/**
 * Applies one live event to a read model, in the live version's schema. The event runs in a
 * savepoint of the processor's transaction, because PostgreSQL refuses every later statement of a
 * transaction in which one statement failed: a failing event is rolled back to the savepoint, and
 * its dead letter and the token of the rest of the batch still commit.
 */
@Component
public class Projector {

    private final ReadModelSchemas schemas;
    private final DataSource dataSource;

    Projector(ReadModelSchemas schemas, DataSource dataSource) {
        this.schemas = schemas;
        this.dataSource = dataSource;
    }

    /** Applies the event unless the read model already applied this event of the aggregate. */
    public void apply(BatchApplier applier, EventMessage<?> event) {
        // before the savepoint: rolling a savepoint back would also undo the search_path
        schemas.useLive(applier.readModel());
        // the connection of the processor's transaction: the JPA transaction manager exposes it
        Connection connection = DataSourceUtils.getConnection(dataSource);
        Savepoint savepoint = savepoint(connection);
        try {
            applier.apply(List.of(event));
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
