package io.sockbuf.it.app;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty 12.1 on 127.0.0.1 with the accepted sockets' buffer sizes set the way Jetty users set them
 * ({@code ServerConnector.setAcceptedReceiveBufferSize/SendBufferSize}: Jetty sets both on each
 * accepted channel right after accept). Answers every request with the caller's port, so the app
 * can tell which client connection is whose. Compiled for Java 17 (Jetty 12's bytecode level), so
 * {@link LibrariesApp} reaches it by reflection and only on 17+.
 */
public final class JettyServer {

    private JettyServer() {
    }

    /** Starts the server; returns {port, and a handle for stop}. */
    public static Object[] start(int acceptedReceive, int acceptedSend) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setIdleTimeout(300_000); // the held keep-alive connections outlive the test's look
        connector.setAcceptedReceiveBufferSize(acceptedReceive);
        connector.setAcceptedSendBufferSize(acceptedSend);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                Content.Sink.write(response, true, "remote-port " + Request.getRemotePort(request), callback);
                return true;
            }
        });
        server.start();
        return new Object[] {connector.getLocalPort(), (AutoCloseable) server::stop};
    }
}
