package io.shareledger.infra.ops;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Operator's command line for the query service's read models: list them, rebuild one with a live
 * progress bar, cancel a rebuild, print a checksum. Run it with {@code infra/projections.sh}.
 *
 * <pre>
 * projections.sh [--url URL] [--token TOKEN] list
 * projections.sh [...] show NAME | checksum NAME | cancel NAME
 * projections.sh [...] rebuild NAME [--detach]     (waits and shows progress unless --detach)
 * projections.sh [...] watch NAME                  (progress of a running rebuild)
 * </pre>
 *
 * The URL defaults to SHARELEDGER_QUERY_URL or the local stack's query service; the token to
 * SHARELEDGER_TOKEN, else an operator token from the local stack's development issuer
 * (SHARELEDGER_ISSUER_URL, default http://127.0.0.1:8090). Exit status: 0 done, 1 the rebuild failed
 * or was cancelled, 2 a usage or API error.
 */
public final class ProjectionsCli {

    public static final int OK = 0;
    public static final int REBUILD_NOT_COMPLETED = 1;
    public static final int ERROR = 2;

    private static final String USAGE = """
            usage: projections.sh [--url URL] [--token TOKEN] COMMAND
              list                    every read model: state, version, lag, rate, dead letters
              show NAME               one read model, with its rebuild's progress
              rebuild NAME [--detach] rebuild from the topic; waits with a progress bar unless --detach
              watch NAME              follow a running rebuild
              cancel NAME             cancel a running rebuild (the live version is untouched)
              checksum NAME           checksum over the read model's rows, for comparisons
            """;
    private static final Set<String> FINISHED = Set.of("COMPLETED", "CANCELLED", "FAILED");

    private final PrintStream out;
    private final PrintStream err;
    private final boolean interactive;
    private final long pollMillis;
    private final HttpClient http;

    /** {@code interactive}: redraw one progress line; else print a line every ten polls. */
    public ProjectionsCli(PrintStream out, PrintStream err, boolean interactive, long pollMillis) {
        this(out, err, interactive, pollMillis, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    /** Calling the query service through {@code http} (the end-to-end tests validate every answer). */
    public ProjectionsCli(PrintStream out, PrintStream err, boolean interactive, long pollMillis, HttpClient http) {
        this.http = http;
        this.out = out;
        this.err = err;
        this.interactive = interactive;
        this.pollMillis = pollMillis;
    }

    public static void main(String[] args) {
        ProjectionsCli cli = new ProjectionsCli(System.out, System.err, System.console() != null, 1000);
        System.exit(cli.run(args, System.getenv()));
    }

    /** Runs one command; {@code env} stands for the process environment. Answers the exit status. */
    public int run(String[] arguments, java.util.Map<String, String> env) {
        Deque<String> args = new ArrayDeque<>(List.of(arguments));
        String url = env.getOrDefault("SHARELEDGER_QUERY_URL", "http://127.0.0.1:8081");
        String token = env.get("SHARELEDGER_TOKEN");
        boolean detach = args.remove("--detach");
        while (!args.isEmpty() && args.peekFirst().startsWith("--")) {
            String option = args.pollFirst();
            String value = args.pollFirst();
            if (value == null) {
                return usage("missing value for " + option);
            }
            switch (option) {
                case "--url" -> url = value;
                case "--token" -> token = value;
                default -> {
                    return usage("unknown option " + option);
                }
            }
        }
        String command = args.pollFirst();
        String name = args.pollFirst();
        if (command == null || !args.isEmpty() || (name == null) != command.equals("list")) {
            return usage(command == null ? "no command" : "wrong arguments for " + command);
        }
        try {
            if (token == null || token.isBlank()) {
                token = ProjectionsClient.devOperatorToken(env.getOrDefault("SHARELEDGER_ISSUER_URL", "http://127.0.0.1:8090"));
            }
            ProjectionsClient client = new ProjectionsClient(url, token, http);
            return switch (command) {
                case "list" -> list(client.list());
                case "show" -> show(client.get(name));
                case "checksum" -> {
                    JsonNode checksum = client.checksum(name);
                    out.printf("%s v%d  rows %d  sha256 %s%n", checksum.path("name").asText(),
                            checksum.path("version").asLong(), checksum.path("rows").asLong(),
                            checksum.path("checksum").asText());
                    yield OK;
                }
                case "cancel" -> {
                    client.cancel(name);
                    out.println("cancelled the rebuild of " + name + "; the live version keeps serving");
                    yield OK;
                }
                case "rebuild" -> {
                    JsonNode started = client.rebuild(name);
                    out.printf("rebuilding %s into version %d%n", name, started.path("rebuild").path("targetVersion").asLong());
                    yield detach ? OK : watch(client, name);
                }
                case "watch" -> watch(client, name);
                default -> usage("unknown command " + command);
            };
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("interrupted; a running rebuild goes on (cancel it with: projections.sh cancel " + name + ")");
            return ERROR;
        }
    }

    private int usage(String problem) {
        err.println("error: " + problem);
        err.print(USAGE);
        return ERROR;
    }

    private int list(JsonNode answer) {
        out.printf("%-18s %-11s %7s %9s %9s %7s  %s%n", "NAME", "STATE", "VERSION", "LAG", "EV/S", "PARKED", "REBUILD");
        for (JsonNode projection : answer.path("projections")) {
            JsonNode rebuild = projection.path("rebuild");
            out.printf(Locale.ROOT, "%-18s %-11s %7d %9d %9.1f %7d  %s%n", projection.path("name").asText(),
                    projection.path("state").asText(), projection.path("version").asLong(),
                    projection.path("lag").asLong(), projection.path("eventsPerSecond").asDouble(),
                    projection.path("deadLetters").asLong(), rebuild.isObject() ? summary(rebuild) : "-");
        }
        return OK;
    }

    private int show(JsonNode projection) {
        out.printf("%s: %s, version %d, lag %d, %.1f events/s, %d parked dead letters%n",
                projection.path("name").asText(), projection.path("state").asText(),
                projection.path("version").asLong(), projection.path("lag").asLong(),
                projection.path("eventsPerSecond").asDouble(), projection.path("deadLetters").asLong());
        for (JsonNode partition : projection.path("partitions")) {
            out.printf("  partition %d: position %d of %d, lag %d%n", partition.path("partition").asInt(),
                    partition.path("position").asLong(), partition.path("end").asLong(), partition.path("lag").asLong());
        }
        JsonNode rebuild = projection.path("rebuild");
        if (rebuild.isObject()) {
            out.println("  rebuild: " + summary(rebuild));
        }
        return OK;
    }

    private static String summary(JsonNode rebuild) {
        String state = rebuild.path("state").asText();
        String text = state + " v" + rebuild.path("targetVersion").asLong() + " " + ProgressBar.render(
                rebuild.path("processed").asLong(), rebuild.path("total").asLong(),
                rebuild.path("eventsPerSecond").asDouble(), rebuild.path("etaSeconds").asLong(-1));
        return rebuild.hasNonNull("failure") ? text + " failure: " + rebuild.path("failure").asText() : text;
    }

    /** Follows the rebuild until it is finished; a line per poll on a terminal, else every ten polls. */
    private int watch(ProjectionsClient client, String name) throws IOException, InterruptedException {
        for (long poll = 0; ; poll++) {
            JsonNode rebuild = client.get(name).path("rebuild");
            if (!rebuild.isObject()) {
                err.println("no rebuild of " + name + " is known");
                return ERROR;
            }
            String state = rebuild.path("state").asText();
            String line = ProgressBar.render(rebuild.path("processed").asLong(), rebuild.path("total").asLong(),
                    rebuild.path("eventsPerSecond").asDouble(), rebuild.path("etaSeconds").asLong(-1));
            if (FINISHED.contains(state)) {
                out.print(interactive ? "\r" + line + "\n" : line + "\n");
                out.println(name + ": rebuild " + state.toLowerCase(Locale.ROOT)
                        + (rebuild.hasNonNull("failure") ? " (" + rebuild.path("failure").asText() + ")" : ""));
                return "COMPLETED".equals(state) ? OK : REBUILD_NOT_COMPLETED;
            }
            if (interactive) {
                out.print("\r" + line);
                out.flush();
            } else if (poll % 10 == 0) {
                out.println(line);
            }
            Thread.sleep(pollMillis);
        }
    }
}
