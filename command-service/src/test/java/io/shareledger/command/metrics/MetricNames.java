package io.shareledger.command.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The meters named in {@code infra/prometheus/metric-names.txt}, the list the alert rules and the
 * dashboard may use (checked by the infra module's tests): one {@code <service> <sample name>} a line.
 */
final class MetricNames {

    static final Path FILE = Path.of("..", "infra", "prometheus", "metric-names.txt");

    private MetricNames() {
    }

    static List<String> of(String service) {
        try {
            return Files.readAllLines(FILE).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.split("\\s+"))
                    .filter(fields -> fields[0].equals(service))
                    .map(fields -> fields[1])
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
