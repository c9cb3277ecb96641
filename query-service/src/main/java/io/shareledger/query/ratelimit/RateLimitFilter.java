package io.shareledger.query.ratelimit;

import io.shareledger.query.web.ProblemTypes;
import io.shareledger.query.web.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Applies the rate limits. It runs inside the security filter chain, after authentication and
 * before authorization, so that a caller with a verified token is counted by its subject and
 * everyone else by client address. It answers 429 problem+json with {@code Retry-After} when the
 * bucket is empty, and sets the draft IETF {@code RateLimit-*} headers on every counted answer.
 * {@code RateLimit-Reset} is the number of seconds until the bucket is full again. The subject
 * never leaves this class: it goes only into the bucket's digest.
 */
public class RateLimitFilter extends OncePerRequestFilter {

    static final String LIMIT = "RateLimit-Limit";
    static final String REMAINING = "RateLimit-Remaining";
    static final String RESET = "RateLimit-Reset";

    private final RateLimiter limiter;
    private final ProblemWriter problems;

    public RateLimitFilter(RateLimiter limiter, ProblemWriter problems) {
        this.limiter = limiter;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        RateLimiter.Outcome outcome = limiter.enabled() ? limiter.consume(RequestClass.of(request), caller(request)) : null;
        if (outcome != null) {
            response.setHeader(LIMIT, Long.toString(outcome.limit()));
            response.setHeader(REMAINING, Long.toString(outcome.remaining()));
            response.setHeader(RESET, Long.toString(outcome.resetSeconds()));
            if (!outcome.allowed()) {
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(outcome.retryAfterSeconds()));
                problems.write(response, HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.RATE_LIMITED,
                        "Too many requests; retry after " + outcome.retryAfterSeconds() + " s.");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static String caller(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken jwt) {
            return "sub:" + jwt.getToken().getSubject();
        }
        if (authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken)) {
            return "principal:" + authentication.getName();
        }
        return "address:" + request.getRemoteAddr();
    }
}
