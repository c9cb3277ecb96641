package io.shareledger.infra.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line against a scripted HTTP server standing in for the query service's admin API. */
class ProjectionsCliTest {

    private static final String TOKEN = "operator-token";

    private HttpServer server;
    private final Deque<String[]> answers = new ArrayDeque<>();
    private final List<String> requests = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                + exchange.getRequestHeaders().getFirst("Authorization"));
        String[] answer = answers.isEmpty() ? new String[] {"500", "{}"} : answers.poll();
        byte[] body = answer[1].getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer[0].startsWith("2") ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(Integer.parseInt(answer[0]), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private int run(String... args) {
        ProjectionsCli cli = new ProjectionsCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, 1);
        return cli.run(args, Map.of("SHARELEDGER_QUERY_URL", "http://127.0.0.1:" + server.getAddress().getPort(),
                "SHARELEDGER_TOKEN", TOKEN));
    }

    private static String rebuild(String state, long processed) {
        return """
                {"name":"shares","state":"REBUILDING","version":1,"lag":0,"eventsPerSecond":0,"deadLetters":0,
                 "partitions":[],"rebuild":{"state":"%s","targetVersion":2,"processed":%d,"total":1000,
                 "eventsPerSecond":500.0,"etaSeconds":1%s}}
                """.formatted(state, processed, state.equals("FAILED") ? ",\"failure\":\"DataIntegrityViolationException\"" : "");
    }

    @Test
    void listsEveryReadModel() {
        answers.add(new String[] {"200", """
                {"projections":[
                  {"name":"member-profiles","state":"LIVE","version":3,"lag":0,"eventsPerSecond":12.5,"deadLetters":1,"rebuild":null},
                  {"name":"shares","state":"REBUILDING","version":1,"lag":7,"eventsPerSecond":0,"deadLetters":0,
                   "rebuild":{"state":"RUNNING","targetVersion":2,"processed":500,"total":1000,"eventsPerSecond":250,"etaSeconds":2}}]}
                """});

        assertThat(run("list")).isEqualTo(ProjectionsCli.OK);

        assertThat(requests).containsExactly("GET /admin/projections Bearer " + TOKEN);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("member-profiles    LIVE              3         0      12.5       1  -")
                .contains("shares             REBUILDING        1         7       0.0       0  RUNNING v2 [###############...............]  50.0%");
    }

    @Test
    void rebuildFollowsTheProgressUntilTheSwitch() {
        answers.add(new String[] {"202", rebuild("RUNNING", 0)});
        answers.add(new String[] {"200", rebuild("RUNNING", 400)});
        answers.add(new String[] {"200", rebuild("COMPLETED", 1000)});

        assertThat(run("rebuild", "shares")).isEqualTo(ProjectionsCli.OK);

        assertThat(requests).containsExactly("POST /admin/projections/shares/rebuild Bearer " + TOKEN,
                "GET /admin/projections/shares Bearer " + TOKEN, "GET /admin/projections/shares Bearer " + TOKEN);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("rebuilding shares into version 2")
                .contains("400/1,000").contains("100.0%").contains("shares: rebuild completed");
    }

    @Test
    void aFailedRebuildExitsWithItsCause() {
        answers.add(new String[] {"200", rebuild("FAILED", 10)});

        assertThat(run("watch", "shares")).isEqualTo(ProjectionsCli.REBUILD_NOT_COMPLETED);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("shares: rebuild failed (DataIntegrityViolationException)");
    }

    @Test
    void detachReturnsAsSoonAsTheRebuildStarted() {
        answers.add(new String[] {"202", rebuild("RUNNING", 0)});

        assertThat(run("rebuild", "shares", "--detach")).isEqualTo(ProjectionsCli.OK);
        assertThat(requests).hasSize(1);
    }

    @Test
    void problemAnswersArePrintedWithTitleAndDetail() {
        answers.add(new String[] {"409", """
                {"type":"https://shareledger.io/problems/rebuild-running","title":"A rebuild is running","status":409,
                 "detail":"Cancel it or wait for it to finish"}
                """});

        assertThat(run("rebuild", "shares")).isEqualTo(ProjectionsCli.ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("409 A rebuild is running: Cancel it or wait for it to finish");
    }

    @Test
    void wrongArgumentsPrintTheUsage() {
        assertThat(run("rebuild")).isEqualTo(ProjectionsCli.ERROR);
        assertThat(run("list", "shares")).isEqualTo(ProjectionsCli.ERROR);
        assertThat(run("--colour", "x", "list")).isEqualTo(ProjectionsCli.ERROR);
        assertThat(requests).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: projections.sh");
    }
}
