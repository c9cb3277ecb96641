package io.shareledger.query.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * An error that would leave without any body gets the problem+json of its status, once everything
 * else has run: Spring MVC writes no body when it cannot parse the client's Accept header, the
 * actuator none for an unknown health group or metric. An error sent with {@code sendError} is left
 * to the error route ({@link ErrorRoute}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ErrorBodies extends OncePerRequestFilter {

    private final ProblemWriter problems;

    ErrorBodies(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Watched watched = new Watched(response);
        chain.doFilter(request, watched);
        HttpStatus status = HttpStatus.resolve(response.getStatus());
        if (status != null && status.isError() && !watched.answered && !response.isCommitted()) {
            problems.write(response, status, ProblemTypes.forStatus(status.value()),
                    status.is5xxServerError() ? "Unexpected error." : "The request could not be served.");
        }
    }

    /** Notes whether anything began a body or sent an error. */
    private static final class Watched extends HttpServletResponseWrapper {

        private boolean answered;

        Watched(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            answered = true;
            return super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            answered = true;
            return super.getWriter();
        }

        @Override
        public void sendError(int status) throws IOException {
            answered = true;
            super.sendError(status);
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            answered = true;
            super.sendError(status, message);
        }
    }
}
