package io.shareledger.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How far behind each event processor is.
 *
 * <ul>
 *   <li>Command service (its tracking processors read the event store: the outbox publisher and the
 *   share-revocation saga): from its database, {@code max(global_index)} of
 *   {@code domain_event_entry} minus the index of each processor's token in {@code token_entry}
 *   (Jackson-serialized {@code GapAwareTrackingToken}), the least advanced segment. Events, as
 *   global indexes (an index left unused by a rolled-back transaction would count too; the event
 *   store allocates them one by one).</li>
 *   <li>Query service (a tracking processor per read model, reading the topic): the operator route
 *   {@code GET /admin/projections}, whose {@code lag} is the records left on the topic up to its
 *   committed end, summed over partitions, and {@code deadLetters} the events parked.</li>
 * </ul>
 * A read model's lag counts only what the publisher has already put on the topic: drained means
 * every figure is 0 at once.
 */
final class Lag implements AutoCloseable {

    /** One reading. lags: processor name to events behind (-1: unknown). */
    record Reading(long maxGlobalIndex, Map<String, Long> lags, Map<String, Long> deadLetters, String problem) {

        boolean drained() {
            return problem == null && lags.values().stream().allMatch(v -> v == 0);
        }

        String text() {
            StringBuilder text = new StringBuilder();
            lags.forEach((k, v) -> text.append(text.isEmpty() ? "" : ", ").append(k).append(' ').append(v));
            if (problem != null) {
                text.append(text.isEmpty() ? "" : "; ").append(problem);
            }
            return text.toString();
        }
    }

    private static final String PUBLISHER_GROUP = "__axon-kafka-event-publishing-group";

    private final Connection writeDb;
    private final Api api;
    private final String queryUrl;
    private final String operatorToken;

    Lag(String writeJdbcUrl, String user, String password, Api api, String queryUrl, String operatorToken)
            throws SQLException {
        this.writeDb = DriverManager.getConnection(writeJdbcUrl, user, password);
        this.writeDb.setAutoCommit(true);
        this.api = api;
        this.queryUrl = queryUrl;
        this.operatorToken = operatorToken;
    }

    long maxGlobalIndex() throws SQLException {
        try (Statement s = writeDb.createStatement();
             ResultSet rs = s.executeQuery("select coalesce(max(global_index), -1) from domain_event_entry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    Reading read() {
        Map<String, Long> lags = new LinkedHashMap<>();
        Map<String, Long> dead = new LinkedHashMap<>();
        String problem = null;
        long max = -1;
        try {
            max = maxGlobalIndex();
            Map<String, Long> least = new LinkedHashMap<>();
            try (Statement s = writeDb.createStatement();
                 ResultSet rs = s.executeQuery("select processor_name, token from token_entry order by processor_name, segment")) {
                while (rs.next()) {
                    byte[] token = rs.getBytes(2);
                    long index = token == null ? -1 : index(Api.JSON.readTree(new String(token, StandardCharsets.UTF_8)));
                    least.merge(rs.getString(1), index, Math::min);
                }
            }
            for (Map.Entry<String, Long> e : least.entrySet()) {
                // the command service's other tracking processors are sagas (its projections subscribe: no token)
                String name = PUBLISHER_GROUP.equals(e.getKey()) ? "publisher" : "saga " + e.getKey();
                lags.put(name, Math.max(0, max - e.getValue()));
            }
        } catch (Exception e) {
            problem = "command-side tokens unreadable (" + e.getClass().getSimpleName() + ")";
        }
        Api.Reply reply = api.get(queryUrl + "/admin/projections", operatorToken);
        if (reply.status() == 200) {
            for (JsonNode p : reply.json().path("projections")) {
                String name = p.path("name").asText();
                lags.put("read model " + name, p.path("lag").asLong(-1));
                dead.put(name, p.path("deadLetters").asLong(0));
                if (!"LIVE".equals(p.path("state").asText())) {
                    problem = (problem == null ? "" : problem + "; ") + name + " is " + p.path("state").asText();
                }
            }
        } else {
            problem = (problem == null ? "" : problem + "; ") + "GET /admin/projections answered " + reply.outcome();
        }
        return new Reading(max, lags, dead, problem);
    }

    /** The global index a (Jackson-serialized) tracking token has reached; a replay token's current one. */
    static long index(JsonNode token) {
        if (token.has("currentToken") && !token.get("currentToken").isNull()) {
            return index(token.get("currentToken"));
        }
        if (token.has("index")) {
            return token.get("index").asLong();
        }
        if (token.has("globalIndex")) {
            return token.get("globalIndex").asLong();
        }
        return -1;
    }

    /**
     * How long the processors took to drain: all of them (-1: not in time), and each one, from the
     * start to the reading since which its lag has been 0 (absent: not drained in time).
     */
    record Drain(long allNanos, Map<String, Long> nanosByProcessor) {

        String text() {
            StringBuilder text = new StringBuilder();
            nanosByProcessor.forEach((name, nanos) ->
                    text.append(text.isEmpty() ? "" : ", ").append(name).append(String.format(" %.1f s", nanos / 1e9)));
            return text.toString();
        }
    }

    /**
     * Polls every 100 ms until every processor's lag is 0 in two readings in a row (one reading is
     * not atomic across the two services), at most maxNanos, and notes when each processor's lag
     * reached 0 (and stayed there).
     */
    Drain awaitDrained(long startNanos, long maxNanos) throws InterruptedException {
        long firstDrained = -1;
        Map<String, Long> zeroSince = new LinkedHashMap<>();
        while (System.nanoTime() - startNanos < maxNanos) {
            long now = System.nanoTime();
            Reading reading = read();
            reading.lags().forEach((name, lag) -> {
                if (lag == 0) {
                    zeroSince.putIfAbsent(name, now - startNanos);
                } else {
                    zeroSince.remove(name);
                }
            });
            if (reading.drained()) {
                if (firstDrained >= 0) {
                    return new Drain(firstDrained - startNanos, zeroSince);
                }
                firstDrained = now;
            } else {
                firstDrained = -1;
            }
            Thread.sleep(100);
        }
        return new Drain(-1, zeroSince);
    }

    @Override
    public void close() throws SQLException {
        writeDb.close();
    }
}
