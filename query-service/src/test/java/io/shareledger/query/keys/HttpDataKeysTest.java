package io.shareledger.query.keys;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shareledger.api.MemberId;
import io.shareledger.testsupport.TestKeyServer;
import io.shareledger.testsupport.TestKeys;
import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The query service's key client against a real (test) key endpoint over HTTP. */
class HttpDataKeysTest {

    private final TestKeyServer server = TestKeyServer.get();

    private HttpDataKeys client(String url, String token) {
        return new HttpDataKeys(new KeyServiceProperties(URI.create(url), token, Duration.ofSeconds(2),
                new KeyServiceProperties.Cache(100, Duration.ofMinutes(5))), new SimpleMeterRegistry());
    }

    @Test
    void fetchesAKeyOnceAndKeepsItUntilTheSubjectIsForgotten() {
        MemberId subject = MemberId.random();
        SecretKey served = server.keys().forEncryption(subject).orElseThrow();
        HttpDataKeys keys = client(server.url(), TestKeys.serviceToken());

        assertThat(keys.forDecryption(subject).orElseThrow().getEncoded()).isEqualTo(served.getEncoded());
        server.destroy(subject);
        assertThat(keys.forEncryption(subject)).as("cached").isPresent();

        keys.forgotten(subject);
        assertThat(keys.forDecryption(subject)).isEmpty();
    }

    @Test
    void aDestroyedKeyIsEmptyAndEverythingElseIsAnError() throws Exception {
        HttpDataKeys keys = client(server.url(), TestKeys.serviceToken());
        MemberId destroyed = MemberId.random();
        server.keys().forEncryption(destroyed);
        server.destroy(destroyed);
        assertThat(keys.forDecryption(destroyed)).isEmpty();

        MemberId unknown = MemberId.random();
        assertThatThrownBy(() -> keys.forDecryption(unknown)).hasMessageContaining("404");

        MemberId known = MemberId.random();
        server.keys().forEncryption(known);
        assertThatThrownBy(() -> client(server.url(), "wrong-token").forDecryption(known)).hasMessageContaining("401");

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> client("http://127.0.0.1:" + closedPort, TestKeys.serviceToken()).forDecryption(known))
                .hasMessageContaining("did not answer");
    }

    @Test
    void pinsTheKeysOfABatchWithAFewRequestsEvenBeyondTheCacheSize() {
        HttpDataKeys keys = client(server.url(), TestKeys.serviceToken());
        List<MemberId> subjects = Stream.generate(MemberId::random).limit(300).toList();
        Map<MemberId, SecretKey> served = new HashMap<>();
        subjects.forEach(subject -> served.put(subject, server.keys().forEncryption(subject).orElseThrow()));
        MemberId forgotten = subjects.get(7);
        server.destroy(forgotten);
        MemberId unknown = MemberId.random();
        long single = server.singleRequests();
        long batches = server.batchRequests();

        try (HttpDataKeys.Pinned pinned = keys.pin(Stream.concat(subjects.stream(), Stream.of(unknown)).toList())) {
            assertThat(server.batchRequests() - batches).as("301 subjects, at most 250 a request").isEqualTo(2);
            for (MemberId subject : subjects) {
                if (subject.equals(forgotten)) {
                    assertThat(keys.forDecryption(subject)).isEmpty();
                } else {
                    assertThat(keys.forDecryption(subject).orElseThrow().getEncoded())
                            .isEqualTo(served.get(subject).getEncoded());
                }
            }
            assertThat(server.singleRequests() - single).as("no key fetched one by one, though the cache holds 100")
                    .isZero();
            assertThatThrownBy(() -> keys.forDecryption(unknown)).as("a subject without a key is still an error")
                    .hasMessageContaining("404");
        }
    }

    @Test
    void aForgottenSubjectIsErasedInThePinnedBatchToo() {
        HttpDataKeys keys = client(server.url(), TestKeys.serviceToken());
        MemberId subject = MemberId.random();
        server.keys().forEncryption(subject);
        try (HttpDataKeys.Pinned pinned = keys.pin(List.of(subject))) {
            assertThat(keys.forDecryption(subject)).isPresent();
            keys.forgotten(subject);
            assertThat(keys.forDecryption(subject)).isEmpty();
        }
        assertThat(keys.forDecryption(subject)).isEmpty();
    }

    @Test
    void refusesToStartWithoutTheToken() {
        assertThatThrownBy(() -> client(server.url(), " "))
                .hasMessageContaining("shareledger.crypto.key-service.token");
    }
}
