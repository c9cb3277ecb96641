package io.shareledger.command.metrics;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The processor lag is measured on Spring's scheduler (docs/observability.md). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class MetricsConfig {
}
