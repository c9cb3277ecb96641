package io.shareledger.command.web;

import org.hibernate.exception.JDBCConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a database that cannot be reached (refused or lost connections, a server shutting down or
 * starting up, no connection free in the pool within its timeout) from every other failure, so that
 * it answers 503 with {@code Retry-After} rather than 500: the request was not carried out and may
 * be sent again.
 */
final class DatabaseUnavailable {

    /** How long a client should wait before trying again; a restarting server is back in seconds. */
    static final String RETRY_AFTER_SECONDS = "2";

    private static final int MAX_DEPTH = 16;

    private DatabaseUnavailable() {
    }

    static boolean isCauseOf(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof JDBCConnectionException || t instanceof DataAccessResourceFailureException
                    || t instanceof CannotCreateTransactionException) {
                return true;
            }
            if (t instanceof SQLException sql && (isConnectionState(sql.getSQLState()) || isClosedPoolConnection(sql))) {
                return true;
            }
        }
        return false;
    }

    /** SQLSTATE class 08 (connection exception), 57P01-57P03 (shutdown, crash shutdown, cannot connect now). */
    private static boolean isConnectionState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }

    /** The pool's connection, closed under a statement when the server went away, says so without a SQLSTATE. */
    private static boolean isClosedPoolConnection(SQLException e) {
        return e.getSQLState() == null && "Connection is closed".equals(e.getMessage());
    }
}
