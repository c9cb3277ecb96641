package io.shareledger.query.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * The shape of a request, checked before anything reads it. No route of the query service reads a
 * body: a GET or HEAD with one is refused (413) rather than read and ignored, and any other request's
 * body is capped at {@code shareledger.web.max-request-size} like on the write side (so that a POST
 * to a read route still learns that the method is wrong, 405). A body of undeclared length is 411; a
 * query string longer than {@code shareledger.web.max-query-string} is 414.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestLimits extends OncePerRequestFilter {

    private final long maxBytes;
    private final int maxQueryString;
    private final ProblemWriter problems;

    RequestLimits(@Value("${shareledger.web.max-request-size}") DataSize maxSize,
                  @Value("${shareledger.web.max-query-string}") DataSize maxQueryString, ProblemWriter problems) {
        this.maxBytes = maxSize.toBytes();
        this.maxQueryString = Math.toIntExact(maxQueryString.toBytes());
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        String query = request.getQueryString();
        if (length < 0 && request.getHeader("Transfer-Encoding") != null) {
            problems.write(response, HttpStatus.LENGTH_REQUIRED, ProblemTypes.LENGTH_REQUIRED,
                    "Request bodies must declare their Content-Length.");
        } else if (length > 0 && (HttpMethod.GET.matches(request.getMethod()) || HttpMethod.HEAD.matches(request.getMethod()))) {
            problems.write(response, HttpStatus.PAYLOAD_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE,
                    "A read takes no request body.");
        } else if (length > maxBytes) {
            problems.write(response, HttpStatus.PAYLOAD_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE,
                    "The request body exceeds " + maxBytes + " bytes.");
        } else if (query != null && query.length() > maxQueryString) {
            problems.write(response, HttpStatus.URI_TOO_LONG, ProblemTypes.URI_TOO_LONG,
                    "The query string exceeds " + maxQueryString + " characters.");
        } else {
            chain.doFilter(request, response);
        }
    }
}
