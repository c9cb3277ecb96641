package io.shareledger.infra.e2e;

import io.shareledger.testsupport.TestDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Both services from their jars as processes, as the local stack runs them: each on its own fresh
 * database of the test PostgreSQL, events through a topic of its own on the test broker, tokens from the test issuer, a
 * per-run key-encryption key, the query service fetching data keys from the command service.
 */
final class E2eStack implements AutoCloseable {

    private final TestDatabase writeDb;
    private final TestDatabase readDb;
    private final String topic;
    private final String name;
    private final int commandPort;
    private final Map<String, String> commandEnv;
    private final Map<String, String> queryEnv;
    private ServiceProcess command;
    private ServiceProcess query;

    private E2eStack(String name, TestDatabase writeDb, TestDatabase readDb, String topic, int commandPort,
                     Map<String, String> commandEnv, Map<String, String> queryEnv, ServiceProcess command, ServiceProcess query) {
        this.name = name;
        this.writeDb = writeDb;
        this.readDb = readDb;
        this.topic = topic;
        this.commandPort = commandPort;
        this.commandEnv = commandEnv;
        this.queryEnv = queryEnv;
        this.command = command;
        this.query = query;
    }

    static E2eStack start(String name) throws IOException {
        return start(name, Map.of());
    }

    /** With variables of the caller's given to both services (e.g. where to export traces). */
    static E2eStack start(String name, Map<String, String> extraEnv) throws IOException {
        TestDatabase writeDb = TestDatabase.get().fresh();
        TestDatabase readDb = TestDatabase.get().fresh();
        int commandPort = ServiceProcess.freePort();
        Map<String, String> commandEnv = ServiceEnvironment.commandService(writeDb);
        String commandUrl = "http://127.0.0.1:" + commandPort;
        Map<String, String> queryEnv = ServiceEnvironment.queryService(readDb, commandUrl);
        queryEnv.put("SHARELEDGER_COMMAND_URL", commandUrl);
        // a topic of each stack's own: another stack's events are encrypted with keys this one cannot have
        String topic = "e2e-" + name + "-" + UUID.randomUUID();
        commandEnv.put("SHARELEDGER_KAFKA_TOPIC", topic);
        queryEnv.put("SHARELEDGER_KAFKA_TOPIC", topic);
        commandEnv.putAll(extraEnv);
        queryEnv.putAll(extraEnv);
        CompletableFuture<ServiceProcess> command = CompletableFuture.supplyAsync(() -> unchecked(() ->
                startCommand(name, commandPort, commandEnv)));
        CompletableFuture<ServiceProcess> query = CompletableFuture.supplyAsync(() -> unchecked(() -> startQuery(name, queryEnv)));
        return new E2eStack(name, writeDb, readDb, topic, commandPort, commandEnv, queryEnv, command.join(), query.join());
    }

    private static ServiceProcess startCommand(String name, int port, Map<String, String> env) throws IOException {
        return ServiceProcess.start(name + "-command-service", ServiceProcess.jar("command-service"),
                "SHARELEDGER_COMMAND_PORT", port, env);
    }

    private static ServiceProcess startQuery(String name, Map<String, String> env) throws IOException {
        return ServiceProcess.start(name + "-query-service", ServiceProcess.jar("query-service"), "SHARELEDGER_QUERY_PORT", env);
    }

    ServiceProcess command() {
        return command;
    }

    ServiceProcess query() {
        return query;
    }

    TestDatabase writeDb() {
        return writeDb;
    }

    TestDatabase readDb() {
        return readDb;
    }

    /** The events topic of this stack. */
    String topic() {
        return topic;
    }

    /**
     * A second instance of each service on the same databases and topic, configured exactly as the
     * first, except that the second query service fetches data keys from the second command service.
     * The caller closes them.
     */
    ServiceProcess[] startSecondInstances(String name) throws IOException {
        int port = ServiceProcess.freePort();
        ServiceProcess secondCommand = startCommand(name + "-2", port, commandEnv);
        Map<String, String> env = new HashMap<>(queryEnv);
        env.put("SHARELEDGER_COMMAND_URL", "http://127.0.0.1:" + port);
        env.put("SHARELEDGER_KEY_SERVICE_URL", "http://127.0.0.1:" + port);
        return new ServiceProcess[] {secondCommand, startQuery(name + "-2", env)};
    }

    /** Stops the query service, runs {@code meanwhile}, and starts it again on the same database. */
    void restartQuery(String name, Runnable meanwhile) throws IOException {
        query.close();
        meanwhile.run();
        query = startQuery(name, queryEnv);
    }

    /** Kills the command service with SIGKILL and starts it again on the same database and port. */
    void killAndRestartCommand() throws IOException, InterruptedException {
        command.kill();
        command = startCommand(name, commandPort, commandEnv);
    }

    @Override
    public void close() {
        if (query != null) {
            query.close();
        }
        command.close();
    }

    private interface Start {
        ServiceProcess run() throws IOException;
    }

    private static ServiceProcess unchecked(Start start) {
        try {
            return start.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
