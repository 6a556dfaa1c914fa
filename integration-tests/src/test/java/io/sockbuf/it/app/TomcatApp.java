package io.sockbuf.it.app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Embedded Tomcat (NIO connector) on 127.0.0.1, called with HttpURLConnection. The first request
 * is read to the end, so the connection goes back to HttpURLConnection's keep-alive cache; the
 * second reuses it ({@code info keep-alive-reused true}) and its servlet holds the response open
 * until the app is released, so the connection is certainly still open while the test looks.
 */
public final class TomcatApp {

    public static void main(String[] args) throws Exception {
        AppProtocol.startWatchdog();
        Path base = Files.createTempDirectory("sockbuf-tomcat");
        CountDownLatch released = new CountDownLatch(1);

        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        Tomcat.addServlet(context, "remote-port", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.setContentType("text/plain");
                response.getWriter().println("remote-port " + request.getRemotePort());
                if (request.getRequestURI().equals("/hold")) {
                    response.flushBuffer();
                    try {
                        released.await(5, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        });
        context.addServletMappingDecoded("/*", "remote-port");
        tomcat.start();
        int port = connector.getLocalPort();
        AppProtocol.info("tomcat-protocol", connector.getProtocolHandlerClassName());

        HttpURLConnection first = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/hello").openConnection();
        String firstLine;
        try (InputStream in = first.getInputStream()) {
            firstLine = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        HttpURLConnection second = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/hold").openConnection();
        BufferedReader held = new BufferedReader(new InputStreamReader(second.getInputStream(), StandardCharsets.UTF_8));
        String secondLine = held.readLine();
        AppProtocol.info("first-response", firstLine.replace(' ', '='));
        AppProtocol.info("second-response", secondLine.replace(' ', '='));
        AppProtocol.info("keep-alive-reused", firstLine.equals(secondLine));

        AppProtocol.census(AppProtocol.ports(port));
        AppProtocol.hold(args);

        released.countDown();
        held.close();
        tomcat.stop();
        tomcat.destroy();
    }
}
