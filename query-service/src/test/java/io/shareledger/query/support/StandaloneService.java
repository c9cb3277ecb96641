package io.shareledger.query.support;

import io.shareledger.query.QueryServiceApplication;
import io.shareledger.testsupport.TestDatabase;
import io.shareledger.testsupport.TestIssuer;
import io.shareledger.testsupport.TestKeyServer;
import io.shareledger.testsupport.TestKeys;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

/**
 * A query service of a test's own (not the shared context of {@link IntegrationTest}): on its own
 * database, with the test issuer and broker, and the given settings (which replace the defaults). Settings go in as
 * command-line arguments, since builder properties would only be defaults.
 */
public final class StandaloneService {

    private StandaloneService() {
    }

    public static ConfigurableApplicationContext start(TestDatabase db, String... settings) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + db.url(),
                "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password(),
                "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + TestIssuer.get().jwkSetUri(),
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestIssuer.ISSUER,
                "--spring.security.oauth2.resourceserver.jwt.audiences=" + TestIssuer.AUDIENCE,
                "--axon.kafka.bootstrap-servers=" + EventPublisher.bootstrapServers(),
                "--shareledger.crypto.key-service.url=" + TestKeyServer.get().url(),
                "--shareledger.crypto.key-service.token=" + TestKeys.serviceToken(),
                "--shareledger.command-service.url=" + CommandServiceStub.get().url()));
        RateLimits.unlimitedForTests().forEach((name, value) -> args.add("--" + name + "=" + value));
        // a setting given twice would be read as both values joined with a comma: the test's replaces the default
        for (String setting : settings) {
            String name = setting.substring(0, setting.indexOf('=') + 1);
            args.removeIf(arg -> arg.startsWith(name));
            args.add(setting);
        }
        return new SpringApplicationBuilder(QueryServiceApplication.class).run(args.toArray(String[]::new));
    }

    public static Api api(ConfigurableApplicationContext context) {
        return new Api("http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort());
    }
}
