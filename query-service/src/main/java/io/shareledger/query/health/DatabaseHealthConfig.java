package io.shareledger.query.health;

import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.jdbc.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/**
 * The database's health ("db", part of readiness), Boot's own check of a pooled connection with
 * its answer reused for {@link RecentHealth#MAX_AGE}: asked per request, the check took 10–15 % of
 * the service's CPU while health was under load. Named as Boot names its own, which it replaces.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseHealthConfig {

    @Bean
    HealthIndicator dbHealthIndicator(DataSource dataSource) {
        DataSourceHealthIndicator database = new DataSourceHealthIndicator(dataSource);
        return new RecentHealth(database::health);
    }
}
