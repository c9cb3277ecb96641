package io.shareledger.infra.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.shareledger.testsupport.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of each service (processes, from their jars) on one write and one read database,
 * one topic: a write made through either command instance is read back through either query
 * instance with {@code ?minVersion=} (which waits up to 5 s); after SIGKILL of the query instance
 * that runs the read models' processors, and then of the command instance that runs the publisher,
 * the surviving instances take the processors over and writes become visible again, within the
 * time printed (the token claims' timeout, 10 s, plus the claim interval).
 */
@ExtendWith(DocumentedAnswers.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutE2EIT {

    /** Takeover bound: a dead owner's claim times out after 10 s, the others try every 5 s. */
    private static final Duration TAKEOVER = Duration.ofSeconds(30);

    private static E2eStack stack;
    private static ServiceProcess command2;
    private static ServiceProcess query2;
    private static String token;
    private static String member;
    private static long version;

    @BeforeAll
    static void start() throws Exception {
        stack = E2eStack.start("scale-out");
        // the first pair is up (its query instance holds the read models' claims) before the second starts
        ServiceProcess[] second = stack.startSecondInstances("scale-out");
        command2 = second[0];
        query2 = second[1];
        token = TestIssuer.get().memberToken("scale-" + UUID.randomUUID());
    }

    @AfterAll
    static void stop() {
        for (ServiceProcess service : new ServiceProcess[] {query2, command2}) {
            if (service != null) {
                service.close();
            }
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void aWriteThroughEitherCommandInstanceIsReadBackThroughEitherQueryInstance() {
        List<String> commands = List.of(stack.command().baseUrl(), command2.baseUrl());
        List<String> queries = List.of(stack.query().baseUrl(), query2.baseUrl());
        Http.Answer registered = Http.post(commands.get(1) + "/api/v1/members", token,
                "{\"handle\":\"scale_" + UUID.randomUUID().toString().substring(0, 8)
                        + "\",\"displayName\":\"Scale\",\"email\":\"scale@example.org\"}");
        assertThat(registered.status()).isEqualTo(201);
        member = registered.body().path("id").asText();
        version = registered.body().path("version").asLong();
        assertThat(readBack(queries.get(0), version).path("id").asText()).isEqualTo(member);

        for (int i = 0; i < 20; i++) {
            String through = commands.get(i % 2);
            String readFrom = queries.get((i / 2) % 2);
            version = change(through, "Scale " + i);
            JsonNode profile = readBack(readFrom, version);
            assertThat(profile.path("displayName").asText())
                    .as("write %d through %s, read through %s", i, through, readFrom).isEqualTo("Scale " + i);
        }
    }

    @Test
    @Order(2)
    void theSurvivorsTakeTheProcessorsOverAfterAKill() throws Exception {
        stack.query().kill();
        long killed = System.nanoTime();
        version = change(command2.baseUrl(), "After the query kill");
        assertThat(eventually(query2.baseUrl(), version).path("displayName").asText()).isEqualTo("After the query kill");
        System.out.printf("ScaleOutE2EIT: after SIGKILL of the query instance running the read models, the other showed a "
                + "new write %.1f s after the kill%n", (System.nanoTime() - killed) / 1e9);

        stack.command().kill();
        killed = System.nanoTime();
        version = change(command2.baseUrl(), "After the command kill");
        assertThat(eventually(query2.baseUrl(), version).path("displayName").asText()).isEqualTo("After the command kill");
        System.out.printf("ScaleOutE2EIT: after SIGKILL of the command instance running the publisher, a write through the "
                + "other was visible %.1f s after the kill%n", (System.nanoTime() - killed) / 1e9);
    }

    private static long change(String commandUrl, String displayName) {
        Http.Answer changed = Http.put(commandUrl + "/api/v1/members/" + member + "/profile", token,
                "{\"displayName\":\"" + displayName + "\",\"email\":\"scale@example.org\"}");
        assertThat(changed.status()).as("profile change through %s: %s", commandUrl, changed.body()).isEqualTo(200);
        return changed.body().path("version").asLong();
    }

    /** One read that waits for the version: it must show it at once (read-your-writes). */
    private static JsonNode readBack(String queryUrl, long wanted) {
        Http.Answer read = Http.get(queryUrl + "/api/v1/members/" + member + "?minVersion=" + wanted, token);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body().path("version").asLong()).as("version read back through %s", queryUrl).isEqualTo(wanted);
        return read.body();
    }

    /** Reads that wait for the version, again and again until it shows or TAKEOVER has passed. */
    private static JsonNode eventually(String queryUrl, long wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TAKEOVER.toNanos();
        Http.Answer read;
        do {
            read = Http.get(queryUrl + "/api/v1/members/" + member + "?minVersion=" + wanted, token);
            if (read.status() == 200 && read.body().path("version").asLong() >= wanted) {
                return read.body();
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("version " + wanted + " not visible through " + queryUrl + " within " + TAKEOVER
                + "; last answer " + read.status() + " " + read.body());
    }
}
