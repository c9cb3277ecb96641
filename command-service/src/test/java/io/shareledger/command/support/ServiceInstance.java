package io.shareledger.command.support;

import io.shareledger.testsupport.TestIssuer;
import io.shareledger.testsupport.TestKafka;
import io.shareledger.testsupport.TestDatabase;
import io.shareledger.command.CommandServiceApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One more running instance of the command service, started and stopped by the test itself: to
 * run two instances on one event store, or to restart the service.
 */
public final class ServiceInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private ServiceInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static ServiceInstance start(TestDatabase db, String... extraArgs) {
        return startWithKafka(db, TestKafka.bootstrapServers(), extraArgs);
    }

    public static ServiceInstance startWithKafka(TestDatabase db, String kafkaBootstrapServers, String... extraArgs) {
        String[] args = {
                "--axon.kafka.bootstrap-servers=" + kafkaBootstrapServers,
                "--server.port=0",
                "--spring.datasource.url=" + db.url(),
                "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password(),
                "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + TestIssuer.get().jwkSetUri(),
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestIssuer.ISSUER,
                "--spring.security.oauth2.resourceserver.jwt.audiences=" + TestIssuer.AUDIENCE,
                "--db-scheduler.polling-interval=200ms"};
        String[] all = new String[args.length + extraArgs.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(extraArgs, 0, all, args.length, extraArgs.length);
        return new ServiceInstance(new SpringApplicationBuilder(CommandServiceApplication.class).run(all));
    }

    public Api api() {
        return new Api("http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    @Override
    public void close() {
        context.close();
    }
}
