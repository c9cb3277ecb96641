package io.shareledger.query.keys;

import io.shareledger.api.MemberId;
import io.shareledger.testsupport.TestKeyServer;
import io.shareledger.testsupport.TestKeys;
import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The query service's key client against a real (test) key endpoint over HTTP. */
class HttpDataKeysTest {

    private final TestKeyServer server = TestKeyServer.get();

    private HttpDataKeys client(String url, String token) {
        return new HttpDataKeys(new KeyServiceProperties(URI.create(url), token, Duration.ofSeconds(2),
                new KeyServiceProperties.Cache(100, Duration.ofMinutes(5))));
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
    void refusesToStartWithoutTheToken() {
        assertThatThrownBy(() -> client(server.url(), " "))
                .hasMessageContaining("shareledger.crypto.key-service.token");
    }
}
