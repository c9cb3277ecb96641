package io.shareledger.command.publishing;

import io.shareledger.command.health.RecentHealth;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.axonframework.extensions.kafka.KafkaProperties;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reports whether the Kafka cluster answers. Part of readiness: commands are still accepted while
 * Kafka is down (the event store is the outbox), but an instance that cannot publish should not
 * be the one a load balancer picks.
 * <p>
 * One admin client serves every check, and an answer is reused for {@link RecentHealth#MAX_AGE}: a
 * client per call (its threads, its connection, its metadata) held health to about 115 requests/s
 * on a whole core.
 */
@Component("kafka")
class KafkaHealthIndicator implements HealthIndicator, AutoCloseable {

    private static final int TIMEOUT_MS = 2000;

    private final Admin admin;
    private final RecentHealth recent = new RecentHealth(this::check);

    KafkaHealthIndicator(KafkaProperties kafka) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS));
    }

    @Override
    public Health health() {
        return recent.health();
    }

    private Health check() {
        try {
            int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS))
                    .nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).size();
            return Health.up().withDetail("nodes", nodes).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().build();
        } catch (Exception e) {
            return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
