package io.shareledger.command.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Stateless OAuth2 resource server. Tokens are verified against the configured issuer's key set
 * (algorithm allow-list, issuer, audience, expiry: see application.yml). Object-level checks, such
 * as "a member acts only on its own data", are made in the controllers and aggregates.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    static final String MEMBER = "member";
    static final String PRIVACY_OFFICER = "privacy-officer";
    static final String OPERATOR = "operator";

    @Bean
    SecurityFilterChain api(HttpSecurity http, ObjectMapper json) throws Exception {
        ProblemSecurityHandlers problems = new ProblemSecurityHandlers(json);
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/actuator/**").hasRole(OPERATOR)
                        .requestMatchers(HttpMethod.POST, "/api/v1/members/*/erasure").hasAnyRole(MEMBER, PRIVACY_OFFICER)
                        .requestMatchers("/api/v1/**").hasRole(MEMBER)
                        .anyRequest().denyAll())
                .oauth2ResourceServer(rs -> rs
                        .jwt(jwt -> { })
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .build();
    }

    /** Requests refused by the firewall answer problem+json too, not Spring Boot's /error JSON (which echoes the path). */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ObjectMapper json) {
        return new ProblemSecurityHandlers(json)::reject;
    }
}
