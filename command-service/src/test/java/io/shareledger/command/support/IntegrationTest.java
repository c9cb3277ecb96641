package io.shareledger.command.support;

import io.shareledger.testsupport.TestIssuer;
import io.shareledger.testsupport.TestKafka;
import io.shareledger.testsupport.TestKeys;
import io.shareledger.testsupport.TestDatabase;
import io.shareledger.command.CommandServiceApplication;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests: the whole command service on a random port, over real HTTP,
 * against a real PostgreSQL, a real Kafka broker and a real (test) token issuer. All subclasses share one application
 * context, so they must not depend on a clean database: each test uses fresh subjects and handles.
 */
// metrics as in production: Spring's tests would otherwise leave out the Prometheus registry
@AutoConfigureObservability(tracing = false)
@SpringBootTest(classes = CommandServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestDatabase db = TestDatabase.get();
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", db::password);
        registry.add("shareledger.kafka.publisher-transactional-id-prefix",
                () -> ServiceInstance.publisherTransactionalIdPrefix(db.url()));
        TestIssuer issuer = TestIssuer.get();
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", issuer::jwkSetUri);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> TestIssuer.ISSUER);
        registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> TestIssuer.AUDIENCE);
        registry.add("db-scheduler.polling-interval", () -> "200ms");
        // the processor-lag gauges are refreshed this often (metrics/ProcessorLag)
        registry.add("shareledger.metrics.lag-interval", () -> "300ms");
        registry.add("axon.kafka.bootstrap-servers", TestKafka::bootstrapServers);
        TestKeys.commandServiceProperties().forEach((name, value) -> registry.add(name, () -> value));
        // snapshots early, so that the tests load members from snapshots too
        registry.add("shareledger.snapshots.member-threshold", () -> "3");
        // the tests fire hundreds of requests from one subject: only RateLimitIT uses low limits
        RateLimits.unlimitedForTests().forEach((name, value) -> registry.add(name, () -> value));
    }

    protected Api api() {
        return new Api("http://127.0.0.1:" + port);
    }

    protected TestIssuer issuer() {
        return TestIssuer.get();
    }
}
