package io.shareledger.command.tracing;

import io.micrometer.tracing.exporter.SpanFilter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.ContextPropagators;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.SpanFactory;
import org.axonframework.tracing.opentelemetry.OpenTelemetrySpanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Traces (docs/observability.md): Spring's observations (HTTP) and Axon's spans (command handling,
 * event publication, processors) are made by the one OpenTelemetry SDK that Spring Boot configures,
 * so they share its sampler, its W3C propagation, its exporter (OTLP when
 * {@code management.otlp.tracing.endpoint} is set, none otherwise) and the span filter that keeps
 * personal data out of every exported span.
 */
@Configuration(proxyBeanMethods = false)
class TracingConfig {

    /**
     * Axon's spans on Boot's tracer and propagators (Axon's own default would use the global
     * OpenTelemetry, which nothing here sets up). Without tracing ({@code management.tracing.enabled=false})
     * Axon makes no spans.
     */
    @Bean
    SpanFactory spanFactory(ObjectProvider<Tracer> tracer, ObjectProvider<ContextPropagators> propagators) {
        Tracer otel = tracer.getIfAvailable();
        ContextPropagators propagation = propagators.getIfAvailable();
        if (otel == null || propagation == null) {
            return NoOpSpanFactory.INSTANCE;
        }
        return OpenTelemetrySpanFactory.builder()
                .tracer(otel)
                .contextPropagators(propagation.getTextMapPropagator())
                .build();
    }

    @Bean
    SpanFilter withoutPersonalData() {
        return new AllowedSpanAttributes();
    }
}
