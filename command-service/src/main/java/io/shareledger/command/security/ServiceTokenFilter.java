package io.shareledger.command.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Authenticates the query service on the internal routes by the shared key-service token
 * ({@code Authorization: Bearer <token>}), compared in constant time (both sides hashed first, so
 * not even the length is timed). A blank configured token authenticates nobody.
 */
class ServiceTokenFilter extends OncePerRequestFilter {

    static final String ROLE = "key-service";
    private static final String BEARER = "Bearer ";

    private final byte[] expectedDigest;

    ServiceTokenFilter(String token) {
        this.expectedDigest = token == null || token.isBlank() ? null : sha256(token);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (expectedDigest != null && header != null && header.startsWith(BEARER)
                && MessageDigest.isEqual(expectedDigest, sha256(header.substring(BEARER.length())))) {
            SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                    "query-service", null, List.of(new SimpleGrantedAuthority("ROLE_" + ROLE))));
        }
        chain.doFilter(request, response);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
