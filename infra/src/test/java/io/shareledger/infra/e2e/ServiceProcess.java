package io.shareledger.infra.e2e;

import org.awaitility.Awaitility;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One service started from its built jar as a child process, exactly as the local stack runs it,
 * configured only through its SHARELEDGER_* environment variables. Its output goes to
 * {@code target/e2e-logs/<name>.log}.
 */
public final class ServiceProcess implements AutoCloseable {

    /** Small and quick to start: what the end-to-end tests need. */
    static final List<String> TEST_JVM = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static ServiceProcess start(String name, Path jar, String portVariable, Map<String, String> environment)
            throws IOException {
        return start(name, jar, portVariable, freePort(), environment);
    }

    /** With JVM options of the caller's, e.g. a benchmark's full JIT and larger heap. */
    public static ServiceProcess start(String name, Path jar, String portVariable, Map<String, String> environment,
                                       List<String> jvmOptions) throws IOException {
        return start(name, jar, portVariable, freePort(), environment, jvmOptions);
    }

    /** Starts on a port chosen beforehand, e.g. one another service must be told about. */
    static ServiceProcess start(String name, Path jar, String portVariable, int port, Map<String, String> environment)
            throws IOException {
        return start(name, jar, portVariable, port, environment, TEST_JVM);
    }

    private static ServiceProcess start(String name, Path jar, String portVariable, int port, Map<String, String> environment,
                                        List<String> jvmOptions) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (./mvnw package)");
        }
        Path logs = Path.of("target", "e2e-logs");
        Files.createDirectories(logs);
        Path log = logs.resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put(portVariable, String.valueOf(port));
        builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        ServiceProcess service = new ServiceProcess(name, builder.start(), port, log);
        service.awaitHealthy(Duration.ofSeconds(120));
        return service;
    }

    /** The executable jar the build made of {@code module}. */
    public static Path jar(String module) throws IOException {
        Path target = Path.of("..", module, "target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches(module + "-[0-9][^/]*\\.jar"))
                    .filter(f -> !f.getFileName().toString().endsWith("-tests.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no jar of " + module + " in " + target));
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    Path log() {
        return log;
    }

    private void awaitHealthy(Duration timeout) {
        try {
            Awaitility.await(name + " healthy").atMost(timeout).pollInterval(Duration.ofMillis(250))
                    .until(this::healthy);
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException(name + " did not become healthy; see " + log, e);
        }
    }

    private boolean healthy() throws InterruptedException {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue());
        }
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (IOException notYetListening) {
            return false;
        }
    }

    /** Kills the process without letting it shut down (SIGKILL), as a crash or an OOM killer would. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() {
        stop(process);
    }

    /** SIGTERM, and SIGKILL if the process has not ended 30 s later. */
    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
