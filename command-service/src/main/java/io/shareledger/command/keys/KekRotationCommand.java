package io.shareledger.command.keys;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcClientAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Arrays;

/**
 * {@code java -jar command-service.jar --rotate-kek}: re-wraps every data key under the current
 * key-encryption key and exits (docs/operations.md). Runs with the service's own configuration
 * (database, KEKs) but starts nothing else: no web server, no Axon, no Kafka. Deliberately not a
 * component, so the service itself never picks it up.
 */
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
        JdbcClientAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        TransactionAutoConfiguration.class})
@EnableConfigurationProperties(CryptoProperties.class)
public class KekRotationCommand {

    public static final String OPTION = "--rotate-kek";

    public static boolean isRequested(String... args) {
        return Arrays.asList(args).contains(OPTION);
    }

    /** Rotates; answers how many keys were re-wrapped. Throws if a key cannot be unwrapped. */
    public static long run(String... args) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(KekRotationCommand.class)
                .web(WebApplicationType.NONE)
                .run(args)) {
            CryptoProperties properties = context.getBean(CryptoProperties.class);
            return new KekRotation(context.getBean(JdbcClient.class), context.getBean(TransactionTemplate.class),
                    KeyEncryptionKeys.from(properties), properties.rotationBatch()).rotateAll();
        }
    }
}
