package io.sockbuf.it.app;

import org.postgresql.core.BaseConnection;
import org.postgresql.core.PGStream;
import org.postgresql.core.QueryExecutor;

import java.lang.reflect.Field;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * The PostgreSQL JDBC driver connected to a running server ({@code -Dsockbuf.it.pg.port}), one
 * query, connection kept open. Scenarios: {@code default} (the driver's {@code receiveBufferSize}
 * unset) and {@code receive-buffer-65536} (set: the driver calls setReceiveBufferSize itself,
 * after its socket is connected).
 */
public final class PostgresJdbcApp {

    public static void main(String[] args) throws Exception {
        AppProtocol.startWatchdog();
        int port = Integer.getInteger("sockbuf.it.pg.port");
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("sslmode", "disable");
        properties.setProperty("gssEncMode", "disable");
        if (args[0].equals("receive-buffer-65536")) {
            properties.setProperty("receiveBufferSize", "65536");
        } else if (!args[0].equals("default")) {
            throw new IllegalArgumentException(args[0]);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", properties);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select 6 * 7")) {
            result.next();
            AppProtocol.info("query", result.getInt(1));
            Socket socket = driverSocket(connection);
            AppProtocol.reportApi("client", socket.getReceiveBufferSize(), socket.getSendBufferSize());

            AppProtocol.census(AppProtocol.ports(port));
            AppProtocol.hold(args);
        }
    }

    /** The driver's own java.net.Socket (QueryExecutorBase.pgStream is protected; no public getter). */
    private static Socket driverSocket(Connection connection) throws Exception {
        QueryExecutor executor = connection.unwrap(BaseConnection.class).getQueryExecutor();
        for (Class<?> type = executor.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field stream = type.getDeclaredField("pgStream");
                stream.setAccessible(true);
                return ((PGStream) stream.get(executor)).getSocket();
            } catch (NoSuchFieldException notHere) {
                // look in the superclass
            }
        }
        throw new IllegalStateException("no pgStream field in " + executor.getClass());
    }
}
