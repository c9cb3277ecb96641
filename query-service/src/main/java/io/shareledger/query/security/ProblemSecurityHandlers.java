package io.shareledger.query.security;

import io.shareledger.query.web.ProblemWriter;
import io.shareledger.query.web.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;

import java.io.IOException;

/**
 * Answers 401 and 403 from the security filters as problem+json, like every other error. The
 * reason a token was refused is not disclosed beyond the standard {@code WWW-Authenticate} error.
 */
class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final ProblemWriter problems;

    ProblemSecurityHandlers(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
                         AuthenticationException authException) throws IOException {
        boolean tokenPresent = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, tokenPresent
                ? "Bearer error=\"invalid_token\", error_description=\"The token could not be verified\""
                : "Bearer");
        problems.write(response, HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED,
                tokenPresent ? "The bearer token is invalid or expired." : "A bearer token is required.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
                       AccessDeniedException accessDeniedException) throws IOException {
        problems.write(response, HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "The token's roles do not allow this.");
    }

    /** A request the firewall refuses (e.g. an encoded "..", ";" or "//" in the path). */
    void reject(HttpServletRequest request, HttpServletResponse response,
                RequestRejectedException rejected) throws IOException {
        problems.write(response, HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST, "The request URL is not allowed.");
    }
}
