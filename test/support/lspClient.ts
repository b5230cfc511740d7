// A minimal LSP client over stdio for protocol tests and benchmarks: Content-Length framing, requests with ids,
// notifications, and waiting for a server notification that matches a predicate. Every wait is bounded.
import { spawn, type ChildProcess } from 'node:child_process';

export interface Message { jsonrpc: '2.0'; id?: number | string; method?: string; params?: any; result?: any; error?: any; }

export class LspClient {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private waiters: Array<{ match: (m: Message) => boolean; resolve: (m: Message) => void }> = [];
  readonly notifications: Message[] = [];
  readonly stderr: string[] = [];
  readonly process: ChildProcess;
  exited: Promise<number | null>;

  constructor(command: string, args: string[], cwd?: string) {
    this.process = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], cwd });
    this.process.stdout!.on('data', (chunk: Buffer) => this.onData(chunk));
    this.process.stderr!.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.exited = new Promise((resolve) => this.process.on('exit', (code) => resolve(code)));
  }

  private chunks: Buffer[] = [];
  private chunkBytes = 0;
  private needBytes = 0;

  private onData(chunk: Buffer): void {
    // A large response arrives in thousands of chunks: join them once the message is complete, not on every chunk
    // (that copying was quadratic: a 190 MB response took minutes to receive).
    this.chunks.push(chunk);
    this.chunkBytes += chunk.length;
    if (this.buffer.length + this.chunkBytes < this.needBytes) return;
    this.buffer = Buffer.concat([this.buffer, ...this.chunks]);
    this.chunks = [];
    this.chunkBytes = 0;
    this.needBytes = 0;
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) {
        this.needBytes = headerEnd + 4 + length;
        return;
      }
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(JSON.parse(body));
    }
  }

  private dispatch(message: Message): void {
    if (message.id !== undefined && message.method === undefined) {
      const p = this.pending.get(message.id as number);
      this.pending.delete(message.id as number);
      if (message.error) p?.reject(new Error(JSON.stringify(message.error)));
      else p?.resolve(message.result);
      return;
    }
    if (message.id !== undefined && message.method) {
      // Server-to-client requests: answer what a plain editor would.
      this.requests.push(message);
      const result = message.method === 'workspace/configuration' ? (message.params.items as any[]).map(() => this.configuration) : null;
      this.send({ jsonrpc: '2.0', id: message.id, result });
      return;
    }
    this.notifications.push(message);
    this.waiters = this.waiters.filter((w) => {
      if (!w.match(message)) return true;
      w.resolve(message);
      return false;
    });
  }

  configuration: unknown = {};
  /** Requests the server made (registrations, configuration), in order. */
  requests: Message[] = [];

  private send(message: Message): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.process.stdin!.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.process.stdin!.write(body);
  }

  request<T = any>(method: string, params: unknown, timeoutMs = 20000): Promise<T> {
    const id = this.nextId++;
    this.send({ jsonrpc: '2.0', id, method, params });
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method} timed out after ${timeoutMs} ms`)), timeoutMs);
      this.pending.set(id, { resolve: (v) => { clearTimeout(timer); resolve(v); }, reject: (e) => { clearTimeout(timer); reject(e); } });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** The next notification (or an already received one, when `includePast`) that matches. */
  waitFor(match: (m: Message) => boolean, timeoutMs = 20000, includePast = false): Promise<Message> {
    if (includePast) {
      const found = this.notifications.find(match);
      if (found) return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching notification within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ match, resolve: (m) => { clearTimeout(timer); resolve(m); } });
    });
  }

  diagnosticsFor(uri: string, version?: number, timeoutMs?: number): Promise<Message> {
    return this.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && (version === undefined || m.params.version === version), timeoutMs);
  }

  async initialize(rootUri: string | null, capabilities: unknown = {}, initializationOptions?: unknown): Promise<any> {
    const result = await this.request('initialize', { processId: process.pid, rootUri, workspaceFolders: rootUri ? [{ uri: rootUri, name: 'root' }] : null, capabilities, initializationOptions });
    this.notify('initialized', {});
    return result;
  }

  async shutdown(): Promise<number | null> {
    await this.request('shutdown', null);
    this.notify('exit', null);
    return this.exited;
  }

  kill(): void {
    if (this.process.exitCode === null) this.process.kill('SIGKILL');
  }
}
