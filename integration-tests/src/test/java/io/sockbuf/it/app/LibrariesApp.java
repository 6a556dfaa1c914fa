package io.sockbuf.it.app;

import com.sun.net.httpserver.HttpServer;
import okhttp3.OkHttpClient;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.EntityUtils;

import javax.net.SocketFactory;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Three libraries that set their own socket buffer sizes, in one JVM, each the way its users do:
 * <ul>
 * <li>Jetty 12.1 (on Java 17+): {@code ServerConnector.setAcceptedReceiveBufferSize(56k)} and
 *     {@code setAcceptedSendBufferSize(48k)}, set on each accepted channel right after accept;</li>
 * <li>Apache HttpClient 5.1: {@code SocketConfig.setRcvBufSize(20k).setSndBufSize(28k)}, set on the
 *     client socket before connect;</li>
 * <li>OkHttp 4.12: a {@code SocketFactory} whose sockets get 36k / 44k before OkHttp connects them.</li>
 * </ul>
 * On Java 11 (which Jetty 12 does not run on) the server is the JDK's own HttpServer, which sets
 * nothing. Each client makes one request, reads it to the end, and its connection stays in the
 * library's keep-alive pool; the server answers with the caller's port, so {@code info <library>-port}
 * says which client socket is whose. Then the census and HOLD.
 */
public final class LibrariesApp {

    public static final int JETTY_RECV = 56 * 1024;
    public static final int JETTY_SEND = 48 * 1024;
    public static final int HTTPCLIENT_RECV = 20 * 1024;
    public static final int HTTPCLIENT_SEND = 28 * 1024;
    public static final int OKHTTP_RECV = 36 * 1024;
    public static final int OKHTTP_SEND = 44 * 1024;

    public static void main(String[] args) throws Exception {
        AppProtocol.startWatchdog();
        boolean jetty = Runtime.version().feature() >= 17;
        AutoCloseable server;
        int port;
        if (jetty) {
            Object[] started = (Object[]) Class.forName("io.sockbuf.it.app.JettyServer")
                    .getMethod("start", int.class, int.class).invoke(null, JETTY_RECV, JETTY_SEND);
            port = (Integer) started[0];
            server = (AutoCloseable) started[1];
        } else {
            HttpServer jdkServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            jdkServer.createContext("/", exchange -> {
                byte[] body = ("remote-port " + exchange.getRemoteAddress().getPort()).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            jdkServer.start();
            port = jdkServer.getAddress().getPort();
            server = () -> jdkServer.stop(0);
        }
        AppProtocol.info("server", jetty ? "jetty" : "jdk-httpserver");
        String url = "http://127.0.0.1:" + port + "/";

        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultSocketConfig(SocketConfig.custom().setRcvBufSize(HTTPCLIENT_RECV).setSndBufSize(HTTPCLIENT_SEND).build())
                .build();
        CloseableHttpClient httpClient = HttpClients.custom().setConnectionManager(pool).build();
        try (CloseableHttpResponse response = httpClient.execute(new HttpGet(url))) {
            AppProtocol.info("httpclient-port", port(EntityUtils.toString(response.getEntity())));
        }

        OkHttpClient okHttp = new OkHttpClient.Builder().socketFactory(new SizedSocketFactory()).build();
        try (okhttp3.Response response = okHttp.newCall(new okhttp3.Request.Builder().url(url).build()).execute()) {
            AppProtocol.info("okhttp-port", port(response.body().string()));
        }

        AppProtocol.census(AppProtocol.ports(port));
        AppProtocol.hold(args);

        httpClient.close();
        okHttp.connectionPool().evictAll();
        okHttp.dispatcher().executorService().shutdown();
        server.close();
    }

    private static String port(String body) {
        return body.trim().substring("remote-port ".length());
    }

    /** How OkHttp users size its sockets: OkHttp asks for an unconnected socket and connects it itself. */
    static final class SizedSocketFactory extends SocketFactory {
        @Override
        public Socket createSocket() throws java.io.IOException {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(OKHTTP_RECV);
            socket.setSendBufferSize(OKHTTP_SEND);
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port) throws java.io.IOException {
            return connected(new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws java.io.IOException {
            return connected(new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws java.io.IOException {
            return connected(new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws java.io.IOException {
            return connected(new InetSocketAddress(address, port));
        }

        private Socket connected(InetSocketAddress remote) throws java.io.IOException {
            Socket socket = createSocket();
            socket.connect(remote);
            return socket;
        }
    }
}
