package io.shareledger.command.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Refuses request bodies larger than {@code shareledger.web.max-request-size} (413), and bodies of
 * unknown length (411), before anything reads them.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeLimit extends OncePerRequestFilter {

    private final long maxBytes;
    private final ProblemWriter problems;

    RequestSizeLimit(@Value("${shareledger.web.max-request-size}") DataSize maxSize, ProblemWriter problems) {
        this.maxBytes = maxSize.toBytes();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        boolean chunked = length < 0 && "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
        if (chunked) {
            problems.write(response, HttpStatus.LENGTH_REQUIRED, ProblemTypes.LENGTH_REQUIRED,
                    "Request bodies must declare their Content-Length.");
        } else if (length > maxBytes) {
            problems.write(response, HttpStatus.PAYLOAD_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE,
                    "The request body exceeds " + maxBytes + " bytes.");
        } else {
            chain.doFilter(request, response);
        }
    }
}
