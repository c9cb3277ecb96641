package io.shareledger.query.support;

import io.shareledger.query.QueryServiceApplication;
import io.shareledger.testsupport.TestDatabase;
import io.shareledger.testsupport.TestIssuer;
import io.shareledger.testsupport.TestKafka;
import io.shareledger.testsupport.TestKeyServer;
import io.shareledger.testsupport.TestKeys;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests: the whole query service on a random port, over real HTTP, fed by
 * a real Kafka broker, against a real PostgreSQL and a real (test) token issuer. All subclasses
 * share one application context, so each test uses fresh aggregate ids.
 */
// metrics as in production: Spring's tests would otherwise leave out the Prometheus registry
@AutoConfigureObservability(tracing = false)
@SpringBootTest(classes = QueryServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestDatabase db = TestDatabase.get();
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", db::password);
        TestIssuer issuer = TestIssuer.get();
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", issuer::jwkSetUri);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> TestIssuer.ISSUER);
        registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> TestIssuer.AUDIENCE);
        registry.add("axon.kafka.bootstrap-servers", EventPublisher::bootstrapServers);
        registry.add("shareledger.read-your-writes.max-wait", () -> "2s");
        // the read models' gauges are refreshed this often (rebuild/ReadModelMetrics)
        registry.add("shareledger.metrics.lag-interval", () -> "300ms");
        registry.add("shareledger.command-service.url", () -> CommandServiceStub.get().url());
        registry.add("shareledger.crypto.key-service.url", TestKeyServer.get()::url);
        registry.add("shareledger.crypto.key-service.token", TestKeys::serviceToken);
        // the tests fire hundreds of requests from one subject: only RateLimitIT uses low limits
        RateLimits.unlimitedForTests().forEach((name, value) -> registry.add(name, () -> value));
    }

    protected Api api() {
        return new Api("http://127.0.0.1:" + port);
    }

    protected TestIssuer issuer() {
        return TestIssuer.get();
    }

    protected EventPublisher events() {
        return EventPublisher.get();
    }
}
