package io.shareledger.command.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * The shape of a request, checked before anything reads it: bodies larger than
 * {@code shareledger.web.max-request-size} (413) or of unknown length (411), query strings longer
 * than {@code shareledger.web.max-query-string} (414), and bodies that are not JSON (415: the
 * only body this API reads is {@code application/json}; a wildcard such as {@code *}{@code /*} names
 * no type).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestLimits extends OncePerRequestFilter {

    private final long maxBytes;
    private final int maxQueryString;
    private final ProblemWriter problems;

    RequestLimits(@Value("${shareledger.web.max-request-size}") DataSize maxSize,
                  @Value("${shareledger.web.max-query-string}") DataSize maxQueryString,
                  ProblemWriter problems) {
        this.maxBytes = maxSize.toBytes();
        this.maxQueryString = Math.toIntExact(maxQueryString.toBytes());
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        boolean chunked = length < 0 && request.getHeader("Transfer-Encoding") != null;
        String query = request.getQueryString();
        if (chunked) {
            problems.write(response, HttpStatus.LENGTH_REQUIRED, ProblemTypes.LENGTH_REQUIRED,
                    "Request bodies must declare their Content-Length.");
        } else if (length > maxBytes) {
            problems.write(response, HttpStatus.PAYLOAD_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE,
                    "The request body exceeds " + maxBytes + " bytes.");
        } else if (query != null && query.length() > maxQueryString) {
            problems.write(response, HttpStatus.URI_TOO_LONG, ProblemTypes.URI_TOO_LONG,
                    "The query string exceeds " + maxQueryString + " characters.");
        } else if (length > 0 && !isJson(request.getContentType())) {
            problems.write(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, ProblemTypes.UNSUPPORTED_MEDIA_TYPE,
                    "Request bodies must be application/json.");
        } else {
            chain.doFilter(request, response);
        }
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
