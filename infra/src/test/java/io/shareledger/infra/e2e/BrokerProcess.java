package io.shareledger.infra.e2e;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A single-node KRaft Kafka broker as a child process, from the Kafka jars on the test's class path,
 * configured as infra/kafka.sh configures the local stack's, on a data directory that survives the
 * process: so that a test can kill it with SIGKILL and start it again. Its output goes to
 * {@code target/e2e-logs/<name>.log}.
 */
final class BrokerProcess implements AutoCloseable {

    private final String name;
    private final Path dir;
    private final int port;
    private final int controllerPort;
    private Process process;

    private BrokerProcess(String name, Path dir, int port, int controllerPort) {
        this.name = name;
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Formats a new data directory under {@code dir} and starts the broker on it. */
    static BrokerProcess start(String name, Path dir) throws IOException, InterruptedException {
        BrokerProcess broker = new BrokerProcess(name, dir, ServiceProcess.freePort(), ServiceProcess.freePort());
        broker.writeConfig();
        broker.format();
        broker.startProcess();
        return broker;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** SIGKILL, as a crash would: no controlled shutdown, nothing flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Starts the broker again on the same data directory and ports. */
    void restart() throws IOException {
        startProcess();
    }

    private void writeConfig() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("server.properties"), String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "auto.create.topics.enable=false",
                "group.initial.rebalance.delay.ms=0",
                "broker.heartbeat.interval.ms=500",
                "broker.session.timeout.ms=2000",
                ""));
    }

    private void format() throws IOException, InterruptedException {
        Process format = java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                "-c", dir.resolve("server.properties").toString()).start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IllegalStateException("formatting the broker's storage failed; see " + log());
        }
    }

    private void startProcess() throws IOException {
        process = java("kafka.Kafka", dir.resolve("server.properties").toString()).start();
        try {
            Awaitility.await(name + " up").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions().until(this::answers);
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException(name + " did not start; see " + log(), e);
        }
    }

    private boolean answers() throws Exception {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue());
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000))) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        }
    }

    private ProcessBuilder java(String mainClass, String... args) throws IOException {
        Path logs = Path.of("target", "e2e-logs");
        Files.createDirectories(logs);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
    }

    private Path log() {
        return Path.of("target", "e2e-logs", name + ".log");
    }

    @Override
    public void close() {
        if (process != null) {
            ServiceProcess.stop(process);
        }
    }
}
