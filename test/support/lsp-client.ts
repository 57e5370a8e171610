import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * A minimal Language Server Protocol client over stdio (JSON-RPC with
 * Content-Length framing), enough to drive the real yaml-language-server as
 * an editor does: initialize, configuration, open and change documents, ask
 * for completion, and wait for the diagnostics it publishes.
 */

interface Message {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { message: string };
}

export interface LspDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
  severity?: number;
  source?: string;
}

export interface YamlLanguageServer {
  open(path: string, text: string): Promise<LspDiagnostic[]>;
  change(path: string, text: string): Promise<LspDiagnostic[]>;
  complete(path: string, line: number, character: number): Promise<string[]>;
  close(): Promise<void>;
}

/** Starts node_modules' yaml-language-server on `root`, with `settings` as the editor's `yaml` configuration. */
export async function startYamlLanguageServer(
  root: string,
  settings: Record<string, unknown>,
): Promise<YamlLanguageServer> {
  const bin = createRequire(import.meta.url).resolve(
    'yaml-language-server/bin/yaml-language-server',
  );
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [bin, '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', HOME: root },
  });
  let buffer = Buffer.alloc(0);
  let nextId = 0;
  const pending = new Map<number, (m: Message) => void>();
  const diagnosticWaiters = new Map<
    string,
    Array<{ version: number; resolve: (d: LspDiagnostic[]) => void }>
  >();
  const versions = new Map<string, number>();
  const stderr: string[] = [];
  child.stderr.on('data', (d: Buffer) => stderr.push(d.toString('utf8')));

  const send = (message: Message) => {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };
  const request = (method: string, params: unknown) =>
    new Promise<Message>((resolve) => {
      const id = ++nextId;
      pending.set(id, resolve);
      send({ id, method, params });
    });
  const onMessage = (m: Message) => {
    if (m.id !== undefined && m.method !== undefined) {
      // A request from the server: its configuration, or registrations we accept.
      const items = (m.params as { items?: Array<{ section?: string }> } | undefined)?.items ?? [];
      send({
        id: m.id,
        result:
          m.method === 'workspace/configuration'
            ? items.map((i) => (i.section === 'yaml' ? settings : null))
            : null,
      });
      return;
    }
    if (m.id !== undefined) {
      pending.get(m.id)?.(m);
      pending.delete(m.id);
      return;
    }
    if (m.method === 'textDocument/publishDiagnostics') {
      const { uri, diagnostics, version } = m.params as {
        uri: string;
        diagnostics: LspDiagnostic[];
        version?: number;
      };
      const waiters = diagnosticWaiters.get(uri) ?? [];
      const current = versions.get(uri) ?? 0;
      // Diagnostics of an older version of the text are not the answer to the latest change.
      if (version !== undefined && version < current) return;
      diagnosticWaiters.set(uri, []);
      for (const w of waiters) w.resolve(diagnostics);
    }
  };
  child.stdout.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(
        /Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString('ascii'))?.[1],
      );
      if (buffer.length < end + 4 + length) return;
      const body = buffer.subarray(end + 4, end + 4 + length).toString('utf8');
      buffer = buffer.subarray(end + 4 + length);
      onMessage(JSON.parse(body) as Message);
    }
  });

  const rootUri = pathToFileURL(root).href;
  const initialized = await request('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'content' }],
    capabilities: {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
      textDocument: {
        completion: { completionItem: { snippetSupport: false } },
        publishDiagnostics: { versionSupport: true },
      },
    },
  });
  if (initialized.error)
    throw new Error(
      `yaml-language-server refused to initialize: ${initialized.error.message}; ${stderr.join('')}`,
    );
  send({ method: 'initialized', params: {} });
  send({ method: 'workspace/didChangeConfiguration', params: { settings: { yaml: settings } } });

  const uriOf = (path: string) => pathToFileURL(path).href;
  const diagnosticsAfter = (uri: string, version: number) =>
    new Promise<LspDiagnostic[]>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`no diagnostics for ${uri} within 30 s; server said: ${stderr.join('')}`),
          ),
        30_000,
      );
      const list = diagnosticWaiters.get(uri) ?? [];
      list.push({ version, resolve: (d) => (clearTimeout(timer), resolve(d)) });
      diagnosticWaiters.set(uri, list);
    });

  return {
    async open(path, text) {
      const uri = uriOf(path);
      versions.set(uri, 1);
      const diagnostics = diagnosticsAfter(uri, 1);
      send({
        method: 'textDocument/didOpen',
        params: { textDocument: { uri, languageId: 'yaml', version: 1, text } },
      });
      return diagnostics;
    },
    async change(path, text) {
      const uri = uriOf(path);
      const version = (versions.get(uri) ?? 1) + 1;
      versions.set(uri, version);
      const diagnostics = diagnosticsAfter(uri, version);
      send({
        method: 'textDocument/didChange',
        params: { textDocument: { uri, version }, contentChanges: [{ text }] },
      });
      return diagnostics;
    },
    async complete(path, line, character) {
      const answer = await request('textDocument/completion', {
        textDocument: { uri: uriOf(path) },
        position: { line, character },
      });
      const result = answer.result as
        { items?: Array<{ label: string }> } | Array<{ label: string }> | null;
      return (Array.isArray(result) ? result : (result?.items ?? [])).map((i) => i.label);
    },
    async close() {
      await request('shutdown', null);
      send({ method: 'exit' });
      await new Promise((resolve) =>
        child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve),
      );
    },
  };
}
