package org.camgate.mqtt;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets bound to one local address before they connect, so the broker sees the connection come from
 * exactly that address (the gateway's own client to its embedded broker; tests posing as other hosts on 127.0.0.x).
 */
final class LocalAddressSocketFactory extends SocketFactory {
    private final InetAddress local;

    LocalAddressSocketFactory(InetAddress local) {
        this.local = requireNonNull(local, "local");
    }

    InetAddress local() {
        return local;
    }

    @Override
    public Socket createSocket() throws IOException {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(local, 0));
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    /** The requested local address is ignored: this factory's is used. */
    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    /** The requested local address is ignored: this factory's is used. */
    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(address, port));
    }

    private Socket connected(InetSocketAddress to) throws IOException {
        Socket socket = createSocket();
        try {
            socket.connect(to);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return socket;
    }
}
