package io.shareledger.command.security;

import io.shareledger.command.keys.CryptoProperties;
import io.shareledger.command.ratelimit.RateLimitFilter;
import io.shareledger.command.ratelimit.RateLimiter;
import io.shareledger.command.web.ProblemWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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

    /**
     * The internal routes (data keys and parties for the query service) accept only the key-service token,
     * never a user's token; everything else goes through {@link #api}.
     */
    @Bean
    @Order(1)
    SecurityFilterChain internal(HttpSecurity http, ProblemWriter problemWriter, CryptoProperties crypto,
                                 RateLimiter rateLimiter) throws Exception {
        ProblemSecurityHandlers problems = new ProblemSecurityHandlers(problemWriter);
        return http
                .securityMatcher("/internal/**")
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new ServiceTokenFilter(crypto.keyServiceToken()), AnonymousAuthenticationFilter.class)
                .addFilterBefore(new RateLimitFilter(rateLimiter, problemWriter), AuthorizationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        // by method too: the key-service token may use only these (another method is 403)
                        .requestMatchers(HttpMethod.GET, "/internal/v1/data-keys/*").hasRole(ServiceTokenFilter.ROLE)
                        .requestMatchers(HttpMethod.POST, "/internal/v1/data-keys").hasRole(ServiceTokenFilter.ROLE)
                        .requestMatchers(HttpMethod.GET, "/internal/v1/members/*/aggregates/*").hasRole(ServiceTokenFilter.ROLE)
                        .anyRequest().denyAll())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .build();
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, ProblemWriter problemWriter, RateLimiter rateLimiter) throws Exception {
        ProblemSecurityHandlers problems = new ProblemSecurityHandlers(problemWriter);
        return http
                // after the bearer token is verified (the subject is known), before the routes' rules
                .addFilterBefore(new RateLimitFilter(rateLimiter, problemWriter), AuthorizationFilter.class)
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/actuator/**").hasRole(OPERATOR)
                        // by path, not method: another method on a route is 405 for a caller with its role
                        .requestMatchers("/api/v1/members/*/erasure").hasAnyRole(MEMBER, PRIVACY_OFFICER)
                        .requestMatchers("/api/v1/members/*/data-access").hasRole(PRIVACY_OFFICER)
                        .requestMatchers("/api/v1/members/*/export").hasAnyRole(MEMBER, PRIVACY_OFFICER)
                        .requestMatchers("/api/v1/**").hasRole(MEMBER)
                        .requestMatchers("/admin/**").hasRole(OPERATOR)
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

    /**
     * Verifies tokens against the issuer's key set: signature with an allow-listed algorithm,
     * issuer, audience, and both {@code exp} and {@code sub} present (Spring accepts a token without
     * {@code exp}, and without a subject there is nobody to act for). Verified tokens are remembered
     * until they expire ({@link VerifiedTokens}).
     */
    @Bean
    JwtDecoder jwtDecoder(OAuth2ResourceServerProperties properties,
                          @Value("${shareledger.security.verified-tokens.maximum-size}") long cacheSize,
                          @Value("${shareledger.security.verified-tokens.max-age}") Duration cacheMaxAge) {
        OAuth2ResourceServerProperties.Jwt jwt = properties.getJwt();
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwt.getJwkSetUri())
                .jwsAlgorithms(algorithms -> jwt.getJwsAlgorithms().forEach(name -> algorithms.add(SignatureAlgorithm.from(name))))
                .build();
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(JwtValidators.createDefaultWithIssuer(jwt.getIssuerUri()));
        validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                audiences -> audiences != null && audiences.stream().anyMatch(jwt.getAudiences()::contains)));
        validators.add(new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull));
        validators.add(new JwtClaimValidator<String>(JwtClaimNames.SUB, subject -> subject != null && !subject.isBlank()));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return new VerifiedTokens(decoder, cacheSize, cacheMaxAge);
    }

    /**
     * The standard bearer token resolver, refusing a token longer than
     * {@code shareledger.web.max-token-size} before anything parses it: 401, like any other bad token.
     */
    @Bean
    BearerTokenResolver bearerTokenResolver(@Value("${shareledger.web.max-token-size}") DataSize maxTokenSize) {
        DefaultBearerTokenResolver standard = new DefaultBearerTokenResolver();
        long limit = maxTokenSize.toBytes();
        return request -> {
            String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (authorization != null && authorization.length() > limit) {
                throw new InvalidBearerTokenException("The token is too large.");
            }
            return standard.resolve(request);
        };
    }

    @Bean
    RequestRejectedHandler requestRejectedHandler(ProblemWriter problemWriter) {
        return new ProblemSecurityHandlers(problemWriter)::reject;
    }
}
