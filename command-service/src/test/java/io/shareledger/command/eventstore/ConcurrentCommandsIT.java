package io.shareledger.command.eventstore;

import io.shareledger.command.support.Api;
import io.shareledger.command.support.Concurrently;
import io.shareledger.command.support.IntegrationTest;
import io.shareledger.command.support.ServiceInstance;
import io.shareledger.command.support.StoredEvents;
import io.shareledger.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 32 concurrent commands against one aggregate, split over two instances of the service sharing
 * one event store: in-process locking cannot serialize them, only the database's unique
 * (aggregate, sequence) constraint can. No update may be lost: each request either lands as an
 * event or is answered 409, and the aggregate's sequence numbers stay contiguous.
 */
class ConcurrentCommandsIT extends IntegrationTest {

    private static final int REQUESTS = 32;
    private static ServiceInstance secondInstance;

    @BeforeAll
    static void startSecondInstance() {
        secondInstance = ServiceInstance.start(TestDatabase.get());
    }

    @AfterAll
    static void stopSecondInstance() {
        if (secondInstance != null) {
            secondInstance.close();
        }
    }

    @Test
    void concurrentWritesToOneAggregateLoseNoUpdate() throws Exception {
        Api.Member member = api().register(issuer());
        List<Api> instances = List.of(api(), secondInstance.api());

        List<Api.Response> responses = Concurrently.run(REQUESTS, i -> instances.get(i % 2)
                .put("/api/v1/members/" + member.id() + "/profile").token(member.token())
                .json("{\"displayName\":\"Name " + i + "\",\"email\":\"n" + i + "@example.org\"}")
                .send());

        long landed = responses.stream().filter(r -> r.status() == 200).count();
        long conflicts = responses.stream().filter(r -> r.status() == 409).count();
        assertThat(landed + conflicts).as("every request lands or is a conflict").isEqualTo(REQUESTS);
        assertThat(landed).isPositive();
        responses.stream().filter(r -> r.status() == 409).forEach(r ->
                assertThat(r.json().path("type").asText()).isEqualTo("urn:shareledger:problem:version-conflict"));

        List<StoredEvents.StoredEvent> events = StoredEvents.of(member.id());
        assertThat(events).hasSize(1 + (int) landed);
        assertThat(events).extracting(StoredEvents.StoredEvent::sequenceNumber)
                .containsExactlyElementsOf(LongStream.range(0, 1 + landed).boxed().toList());
        assertThat(responses.stream().filter(r -> r.status() == 200).map(Api.Response::version))
                .as("each landed write got its own version").doesNotHaveDuplicates()
                .allMatch(v -> v >= 1 && v <= landed);
    }

    @Test
    void concurrentConditionalWritesOfOneVersionLetExactlyOneWin() throws Exception {
        Api.Member member = api().register(issuer());
        List<Api> instances = List.of(api(), secondInstance.api());

        List<Api.Response> responses = Concurrently.run(REQUESTS, i -> instances.get(i % 2)
                .put("/api/v1/members/" + member.id() + "/profile").token(member.token())
                .header("If-Match", "\"0\"")
                .json("{\"displayName\":\"Name " + i + "\",\"email\":\"n" + i + "@example.org\"}")
                .send());

        assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() == 409).hasSize(REQUESTS - 1);
        assertThat(StoredEvents.of(member.id())).extracting(StoredEvents.StoredEvent::sequenceNumber)
                .containsExactly(0L, 1L);
    }
}
