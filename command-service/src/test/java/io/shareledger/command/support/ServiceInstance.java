package io.shareledger.command.support;

import io.shareledger.testsupport.TestIssuer;
import io.shareledger.testsupport.TestKafka;
import io.shareledger.testsupport.TestKeys;
import io.shareledger.testsupport.TestDatabase;
import io.shareledger.command.CommandServiceApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One more running instance of the command service, started and stopped by the test itself: to
 * run two instances on one event store, or to restart the service.
 */
public final class ServiceInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private static final String PUBLISHER_PREFIX = "shareledger.kafka.publisher-transactional-id-prefix";

    /**
     * The tests run services on several event stores (fresh databases) against one broker and topic:
     * each event store's publisher gets a transactional id of its own, and instances on one event
     * store share theirs, as in production.
     */
    public static String publisherTransactionalIdPrefix(String jdbcUrl) {
        return "shareledger-test-publisher-" + Integer.toHexString(jdbcUrl.hashCode()) + "-";
    }

    private ServiceInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static ServiceInstance start(TestDatabase db, String... extraArgs) {
        return startWithKafka(db, TestKafka.bootstrapServers(), extraArgs);
    }

    /**
     * Starts an instance with this run's key configuration ({@link TestKeys}). {@code extraArgs}
     * ({@code --name=value}) replace a setting of the same name.
     */
    public static ServiceInstance startWithKafka(TestDatabase db, String kafkaBootstrapServers, String... extraArgs) {
        return start(db.url(), db.user(), db.password(), kafkaBootstrapServers, extraArgs);
    }

    /** Starts an instance on a PostgreSQL server of the test's own, e.g. one the test kills. */
    public static ServiceInstance start(String jdbcUrl, String user, String password, String kafkaBootstrapServers,
                                        String... extraArgs) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("axon.kafka.bootstrap-servers", kafkaBootstrapServers);
        settings.put("server.port", "0");
        settings.put("spring.datasource.url", jdbcUrl);
        settings.put("spring.datasource.username", user);
        settings.put("spring.datasource.password", password);
        settings.put(PUBLISHER_PREFIX, publisherTransactionalIdPrefix(jdbcUrl));
        settings.put("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", TestIssuer.get().jwkSetUri());
        settings.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", TestIssuer.ISSUER);
        settings.put("spring.security.oauth2.resourceserver.jwt.audiences", TestIssuer.AUDIENCE);
        settings.put("db-scheduler.polling-interval", "200ms");
        settings.putAll(TestKeys.commandServiceProperties());
        settings.putAll(RateLimits.unlimitedForTests());
        for (String arg : extraArgs) {
            int equals = arg.indexOf('=');
            settings.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        String[] args = settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new ServiceInstance(new SpringApplicationBuilder(CommandServiceApplication.class).run(args));
    }

    /** The running application, e.g. to read events through its own serializer. */
    public ConfigurableApplicationContext context() {
        return context;
    }

    public Api api() {
        return new Api("http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    @Override
    public void close() {
        context.close();
    }
}
