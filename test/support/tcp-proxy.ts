/**
 * A TCP proxy to stand between the application and its database, so a test can cut the connection (as if the
 * database server stopped) and restore it on the same port, without touching the real server.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private boundPort = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** The port it listens on (after the first start). */
  get port(): number {
    return this.boundPort;
  }

  /** Listens on 127.0.0.1: on a free port the first time, then on the same port again. */
  async start(): Promise<number> {
    if (this.server !== null) throw new Error('The proxy is already running');
    const server = createServer((client) => {
      const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        // A cut connection is the point of this proxy; its errors end both sides quietly.
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('The proxy has no TCP address');
    this.boundPort = address.port;
    this.server = server;
    return this.boundPort;
  }

  /** Stops listening and cuts every open connection, as a database server that stops would. */
  async stop(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    this.server = null;
    const closed = new Promise<void>((resolve, reject) => {
      server.close((err) => {
        if (err === undefined) resolve();
        else reject(err);
      });
    });
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }
}
