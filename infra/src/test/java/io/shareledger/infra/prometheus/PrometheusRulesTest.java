package io.shareledger.infra.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules ({@code infra/prometheus/shareledger.rules.yml}) pass {@code promtool check rules}
 * and their unit tests ({@code promtool test rules}), a rule made wrong on purpose fails them, and
 * neither the rules nor the dashboard ({@code infra/grafana/shareledger-dashboard.json}) use a metric
 * name the services do not expose ({@code infra/prometheus/metric-names.txt}, which each service's
 * MetricsIT checks against its {@code /actuator/prometheus}).
 * <p>
 * promtool comes with Debian's {@code prometheus} package, which {@code .ci/run} installs. Under CI
 * ({@code CI} set) a missing promtool fails these tests; elsewhere they are skipped, saying why.
 */
class PrometheusRulesTest {

    static final Path DIR = Path.of("prometheus");
    static final Path RULES = DIR.resolve("shareledger.rules.yml");
    static final Path RULE_TESTS = DIR.resolve("shareledger.rules.test.yml");
    static final Path NAMES = DIR.resolve("metric-names.txt");
    static final Path DASHBOARD = Path.of("grafana", "shareledger-dashboard.json");
    /** Prometheus' own series, not the services'. */
    static final Set<String> PROMETHEUS_SERIES = Set.of("up");

    @Test
    void theRulesPassPromtoolsCheck() throws Exception {
        Result result = promtool("check", "rules", RULES.toString());
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void theRulesPassTheirUnitTests() throws Exception {
        Result result = promtool("test", "rules", RULE_TESTS.toString());
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    /** Negative control: the unit tests catch a threshold changed by mistake. */
    @Test
    void aWrongThresholdFailsTheUnitTests(@TempDir Path temp) throws Exception {
        String rules = Files.readString(RULES);
        String broken = rules.replace("(shareledger_dead_letters) > 0", "(shareledger_dead_letters) > 5");
        assertThat(broken).isNotEqualTo(rules);
        Files.writeString(temp.resolve(RULES.getFileName()), broken);
        Files.copy(RULE_TESTS, temp.resolve(RULE_TESTS.getFileName()));
        Result result = promtool(temp.toFile(), "test", "rules", RULE_TESTS.getFileName().toString());
        assertThat(result.exit()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("ShareLedgerDeadLetters");
    }

    @Test
    void theRulesAndTheDashboardUseOnlyExposedMetrics() throws IOException {
        Set<String> exposed = exposed();
        List<String> expressions = new ArrayList<>(ruleExpressions());
        expressions.addAll(dashboardExpressions());
        assertThat(expressions).hasSizeGreaterThan(20);
        Set<String> used = new TreeSet<>();
        expressions.forEach(expression -> used.addAll(PromQl.metricNames(expression)));
        assertThat(used).as("metrics used by the rules and the dashboard, not in metric-names.txt")
                .isSubsetOf(exposed);
        assertThat(used).contains("shareledger_processor_lag_events", "shareledger_dead_letters",
                "shareledger_read_model_lag_seconds", "http_server_requests_seconds_count");
    }

    /** Negative control: the name check finds a name that is not exposed. */
    @Test
    void theNameCheckFindsAnUnknownName() throws IOException {
        Set<String> names = PromQl.metricNames(
                "sum by (job) (rate(shareledger_no_such_metric_total{outcome=\"error\"}[5m])) > 0 and on (job) up == 1");
        assertThat(names).containsExactlyInAnyOrder("shareledger_no_such_metric_total", "up");
        assertThat(exposed()).doesNotContain("shareledger_no_such_metric_total");
    }

    private static Set<String> exposed() throws IOException {
        Set<String> names = new TreeSet<>(PROMETHEUS_SERIES);
        for (String line : Files.readAllLines(NAMES)) {
            String stripped = line.strip();
            if (!stripped.isEmpty() && !stripped.startsWith("#")) {
                names.add(stripped.split("\\s+")[1]);
            }
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static List<String> ruleExpressions() throws IOException {
        Map<String, Object> file = new Yaml().load(Files.readString(RULES));
        List<String> expressions = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                expressions.add((String) rule.get("expr"));
            }
        }
        return expressions;
    }

    private static List<String> dashboardExpressions() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asText());
            }
        }
        return expressions;
    }

    record Result(int exit, String output) {
    }

    private static Result promtool(String... args) throws Exception {
        return promtool(new File("."), args);
    }

    private static Result promtool(File directory, String... args) throws Exception {
        String promtool = findPromtool();
        List<String> command = new ArrayList<>(List.of(promtool));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(directory).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("promtool did not finish within 60 s");
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static String findPromtool() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(dir, "promtool");
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        String message = "promtool is not installed (Debian: apt-get install prometheus; .ci/run installs it)";
        if (System.getenv("CI") != null) {
            throw new AssertionError(message);
        }
        Assumptions.abort(message);
        return null;
    }
}
