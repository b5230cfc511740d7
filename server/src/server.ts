// LSP wiring only: documents in, diagnostics / hovers / code actions / completions / code lenses out. All analysis
// lives in core/ and rules/; this file adapts offsets to positions and keeps per-document state.
import {
  createConnection, ProposedFeatures, TextDocumentSyncKind, DiagnosticSeverity, DiagnosticTag, CodeActionKind,
  CompletionItemKind, MarkupKind, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, FileChangeType, ResponseError, LSPErrorCodes, type CancellationToken, type Diagnostic, type CodeAction, type InitializeResult, type Connection,
} from 'vscode-languageserver/node';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import './lsp/simulateWorker';
import { join, resolve } from 'node:path';
import { PhpDocument } from './core/document';
import { analyzeConfig, languageOf } from './core/analyze';
import { readSettings, defaultSettings, type Settings } from './config';
import { ruleIds, rulesById, docsPath, DOCS_BASE_URL } from './rules';
import type { Finding, Language, Severity } from './rules/types';
import { LineTable } from './lsp/positions';
import { hoverProviders, completionProviders, codeLensProviders } from './features';
import type { FeatureContext } from './features/types';
import { SETTINGS_SECTION, Notifications } from './protocol';
import { setGrowthMode, onGrowthMeasured } from './core/workerGrowth';
import { fpmMaxRequestsInProject, RULE_ID as FPM_RULE, type ProjectFinding } from './rules/worker/fpmMaxRequests';
import { crossFileFindings, readSettingsFiles, readTextOrNull } from './crossFile';
import { checkInBackground, excludeMatcher, inWorkspaceScan, scanWorkspace } from './lsp/workspace';
import { openScanCache, scanFingerprint, SCAN_CACHE_NAME } from './scan/cache';
import { workerScript } from './scan/pool';
import type { FileFinding } from './report/formats';
import { registerSimulation } from './lsp/simulate';

/** Typing pauses shorter than this are coalesced into one analysis. */
const DEBOUNCE_MS = 40;
/** The files the workspace scan reads (core/analyze.ts languageOf), for the editor's file watcher. */
const WATCHED_FILES = '**/{*.php,*.phtml,*.inc,*.ini,*.conf,php.ini-*,memcached.service}';

interface OpenDocument {
  uri: string;
  version: number;
  language: Language;
  php: PhpDocument | null;
  text: string;
  lines: LineTable;
  findings: Finding[];
  findingsVersion: number;
  timer: NodeJS.Timeout | null;
}

export function startServer(connection: Connection): void {
  // A keystroke never waits for a loop simulation: rules read growth the lens and hover computed. When one of
  // them measures a loop, the growth rules' verdicts may change: re-analyse open documents (a new settings object
  // is what tells each PhpDocument its cached findings are stale).
  setGrowthMode('cached');
  onGrowthMeasured(() => {
    settings = { ...settings };
    for (const doc of documents.values()) {
      doc.findingsVersion = -1;
      schedule(doc, DEBOUNCE_MS);
    }
  });
  const documents = new Map<string, OpenDocument>();
  let settings: Settings = defaultSettings;
  let workspaceRoots: string[] = [];
  let supportsConfiguration = false;
  let supportsProgress = false;
  let supportsWatching = false;
  let scanGeneration = 0;
  const reportedConfigProblems = new Set<string>();
  /** The last scan's per-file diagnostics of files that are not open, and the cross-file ones of every file. */
  const closedDiagnostics = new Map<string, Diagnostic[]>();
  let crossDiagnostics = new Map<string, Diagnostic[]>();
  let scannedPaths: string[] = [];
  /** The workspace scan's cache file, in the editor's storage for this workspace (none without a folder). */
  let scanCacheFile: string | null = null;

  connection.onInitialize((params): InitializeResult => {
    supportsConfiguration = !!params.capabilities.workspace?.configuration;
    supportsProgress = !!params.capabilities.window?.workDoneProgress;
    supportsWatching = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    workspaceRoots = (params.workspaceFolders ?? []).map((f) => safePath(f.uri)).filter((p): p is string => !!p);
    if (!workspaceRoots.length && params.rootUri) {
      const p = safePath(params.rootUri);
      if (p) workspaceRoots = [p];
    }
    const initial = (params.initializationOptions as any)?.settings;
    if (initial) settings = applySettings(initial);
    const storage = (params.initializationOptions as any)?.storagePath;
    if (typeof storage === 'string' && storage) scanCacheFile = join(storage, SCAN_CACHE_NAME);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ["'", '"', '.', '_'] },
        codeLensProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true } },
      },
      serverInfo: { name: 'MemLens', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    if (supportsConfiguration) {
      await refreshSettings();
      connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch(() => undefined);
    }
    if (supportsWatching) connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: WATCHED_FILES }] }).catch(() => undefined);
    void runScan();
  });

  function applySettings(raw: unknown): Settings {
    const { settings: next, problems } = readSettings(raw, ruleIds);
    const fresh = problems.filter((p) => !reportedConfigProblems.has(p));
    if (fresh.length) {
      fresh.forEach((p) => reportedConfigProblems.add(p));
      connection.sendNotification(Notifications.configProblems, { problems: fresh });
      connection.console.warn(`MemLens settings: ${fresh.join('; ')}`);
    }
    return next;
  }

  async function refreshSettings(): Promise<void> {
    try {
      const raw = await connection.workspace.getConfiguration(SETTINGS_SECTION);
      settings = applySettings(raw);
    } catch (e: any) {
      connection.console.error(`MemLens: could not read settings: ${e?.message ?? e}`);
    }
  }

  connection.onDidChangeConfiguration(async (change) => {
    if (supportsConfiguration) await refreshSettings();
    else settings = applySettings((change.settings as any)?.[SETTINGS_SECTION]);
    for (const doc of documents.values()) schedule(doc, 0);
    void runScan();
  });

  function languageFor(uri: string, languageId: string): Language | null {
    if (languageId === 'php') return 'php';
    const path = safePath(uri) ?? uri;
    return languageOf(path) ?? (path.endsWith('.ini') ? 'ini' : null);
  }

  connection.onDidOpenTextDocument(({ textDocument: td }) => {
    const language = languageFor(td.uri, td.languageId);
    if (!language) return;
    const doc: OpenDocument = {
      uri: td.uri, version: td.version, language, text: td.text, lines: new LineTable(td.text),
      php: null, findings: [], findingsVersion: -1, timer: null,
    };
    guard(doc, () => { doc.php = language === 'php' ? new PhpDocument(td.text, safePath(td.uri) ?? td.uri) : null; });
    documents.set(td.uri, doc);
    schedule(doc, 0);
  });

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    const doc = documents.get(textDocument.uri);
    if (!doc) return;
    guard(doc, () => {
      for (const change of contentChanges) {
        const text = typeof change.text === 'string' ? change.text : '';
        if ('range' in change && change.range) {
          // A reversed range (a misbehaving client) is read as the span between its two ends.
          const [start, end] = [doc.lines.offset(change.range.start), doc.lines.offset(change.range.end)].sort((a, b) => a - b);
          doc.text = doc.text.slice(0, start) + text + doc.text.slice(end);
          doc.php?.update([{ start, end, text }]);
        } else {
          doc.text = text;
          doc.php?.setText(text);
        }
        doc.lines = new LineTable(doc.text);
      }
    });
    doc.version = textDocument.version;
    schedule(doc, DEBOUNCE_MS);
  });

  connection.onDidCloseTextDocument(({ textDocument }) => {
    const doc = documents.get(textDocument.uri);
    if (doc?.timer) clearTimeout(doc.timer);
    documents.delete(textDocument.uri);
    // Closed files keep the workspace scan's view: analyse once more from disk, without keeping an AST.
    void rescanClosed(textDocument.uri);
  });

  async function rescanClosed(uri: string): Promise<void> {
    const path = safePath(uri);
    if (!path) return;
    const { checkFile } = await import('./check');
    keepClosed(path, checkFile(path, settings).findings, uri);
    if (!documents.has(uri)) publishClosed(uri);
  }

  /** A closed file's own findings, as the scan, the file watcher or closing the file gave them; returns its uri. */
  function keepClosed(path: string, findings: FileFinding[], uri = pathToFileURL(resolve(path)).toString()): string {
    const diagnostics = findings.map(fileFindingToDiagnostic);
    if (diagnostics.length) closedDiagnostics.set(uri, diagnostics);
    else closedDiagnostics.delete(uri);
    return uri;
  }

  /** A file the scan or the watcher checked: kept, and shown unless it is open (its document is fresher). A pool
   * file's verdict depends on the whole project's memory findings: refreshCrossFile publishes it afterwards. */
  function takeChecked(path: string, findings: FileFinding[]): void {
    const uri = keepClosed(path, findings);
    if (!documents.has(uri) && languageOf(path) !== 'fpm') publishClosed(uri);
  }

  // Files changed on disk while closed (a pull, a branch switch, a code generator) are checked again, on the scan's
  // worker processes, so that their diagnostics never describe text that is gone. Changes that arrive during a scan
  // wait for it: its result for a file could otherwise land after the newer one.
  const pendingChanges = new Map<string, FileChangeType>();
  let scansRunning = 0;
  let draining = false;
  /** files.exclude as the last scan read it. */
  let excluded: (rel: string) => boolean = () => false;

  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const change of changes) pendingChanges.set(change.uri, change.type);
    void drainChanges();
  });

  async function drainChanges(): Promise<void> {
    if (draining || scansRunning) return;
    draining = true;
    try {
      while (pendingChanges.size) {
        const batch = [...pendingChanges];
        pendingChanges.clear();
        const known = new Set(scannedPaths);
        const recheck: string[] = [];
        let listChanged = false;
        for (const [uri, type] of batch) {
          const path = safePath(uri);
          if (!path || !inWorkspaceScan(workspaceRoots, excluded, path)) continue;
          const at = resolve(path);
          if (type === FileChangeType.Deleted) {
            known.delete(at);
            keepClosed(at, [], uri);
            if (!documents.has(uri)) publishClosed(uri);
            listChanged = true;
            continue;
          }
          if (!known.has(at)) { known.add(at); listChanged = true; }
          if (!documents.has(uri)) recheck.push(at);
        }
        // Saving an open file reports it here too: its save has refreshed the cross-file findings already.
        if (!recheck.length && !listChanged) continue;
        scannedPaths = [...known];
        await checkInBackground(recheck, settings, { progress: () => undefined, file: takeChecked, cancelled: () => false });
        refreshCrossFile();
      }
    } catch (e: any) {
      connection.console.error(`MemLens could not check changed files: ${e?.stack ?? e}`);
    } finally {
      draining = false;
    }
  }

  /** Runs `fn` on a document; an internal failure becomes a diagnostic on that file, never a dead server. */
  function guard(doc: OpenDocument, fn: () => void): boolean {
    try {
      fn();
      return true;
    } catch (e: any) {
      connection.console.error(`MemLens internal error on ${doc.uri}: ${e?.stack ?? e}`);
      doc.php = null;
      doc.findings = [{
        rule: 'memlens.internalError', severity: 'warning', start: 0, end: 0,
        message: `MemLens could not analyse this file (${String(e?.message ?? e).slice(0, 200)}). Other files are unaffected. ` +
          'Please report it at https://github.com/memlens/memlens/issues with the MemLens output log.',
      }];
      return false;
    }
  }

  function schedule(doc: OpenDocument, delay: number): void {
    if (doc.timer) clearTimeout(doc.timer);
    doc.timer = setTimeout(() => {
      doc.timer = null;
      publish(doc);
    }, delay);
  }

  function analyse(doc: OpenDocument): Finding[] {
    if (doc.findingsVersion === doc.version) return doc.findings;
    const version = doc.version;
    const ok = guard(doc, () => {
      doc.findings = doc.language === 'php'
        ? (doc.php ??= new PhpDocument(doc.text, safePath(doc.uri) ?? doc.uri)).findings(settings)
        : analyzeConfig({ language: doc.language as Exclude<Language, 'php'>, text: doc.text, fileName: safePath(doc.uri) ?? doc.uri }, settings);
    });
    if (ok || doc.findings.length) doc.findingsVersion = version;
    return doc.findings;
  }

  function publish(doc: OpenDocument): void {
    if (documents.get(doc.uri) !== doc) return; // closed meanwhile
    const version = doc.version;
    const findings = analyse(doc);
    // A newer edit arrived while analysing: its own timer publishes; never publish a stale version.
    if (doc.version !== version) return;
    const diagnostics = projectGated(findings.map((f) => toDiagnostic(f, doc.lines, doc.uri)));
    sendDiagnostics(doc.uri, [...diagnostics, ...(crossDiagnostics.get(doc.uri) ?? [])], version);
  }

  // URIs whose last diagnostics sent were not empty: the only closed files an empty list has to be sent for. A scan
  // of a clean workspace then sends nothing for most files (929 of WordPress's 958 sent an empty list, work for the
  // server and the editor while the scan runs); an open document always gets its list, for the version it names.
  const showing = new Set<string>();
  function sendDiagnostics(uri: string, diagnostics: Diagnostic[], version?: number): void {
    if (version === undefined && !diagnostics.length && !showing.has(uri)) return;
    if (diagnostics.length) showing.add(uri);
    else showing.delete(uri);
    connection.sendDiagnostics({ uri, version, diagnostics });
  }

  connection.onCodeAction(async ({ textDocument, range, context }, token) => {
    await cancellationPoint(token);
    const doc = documents.get(textDocument.uri);
    if (!doc) return [];
    const findings = analyse(doc);
    const start = doc.lines.offset(range.start);
    const end = doc.lines.offset(range.end);
    const actions: CodeAction[] = [];
    const wanted = new Set((context.diagnostics ?? []).map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`));
    for (const f of findings) {
      if (f.end < start || f.start > end) continue;
      const diagnostic = toDiagnostic(f, doc.lines, doc.uri);
      const key = `${diagnostic.code}@${diagnostic.range.start.line}:${diagnostic.range.start.character}`;
      if (context.diagnostics?.length && !wanted.has(key)) continue;
      for (const fix of f.fixes ?? []) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.preferred,
          edit: { changes: { [doc.uri]: fix.edits.map((e) => ({ range: doc.lines.range(e.start, e.end), newText: e.newText })) } },
        });
      }
      if (rulesById.has(f.rule) && doc.language === 'php') actions.push(suppressAction(doc, f, diagnostic));
    }
    return actions;
  });

  function suppressAction(doc: OpenDocument, f: Finding, diagnostic: Diagnostic): CodeAction {
    const line = diagnostic.range.start.line;
    const lineStart = doc.lines.offset({ line, character: 0 });
    const indent = /^[ \t]*/.exec(doc.text.slice(lineStart, lineStart + 200))![0];
    return {
      title: `Ignore ${f.rule} on this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: { changes: { [doc.uri]: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}// @memlens-ignore ${f.rule}\n` }] } },
    };
  }

  function featureContext(doc: OpenDocument, offset: number): FeatureContext {
    return {
      text: doc.text, fileName: safePath(doc.uri) ?? doc.uri, language: doc.language, offset, settings,
      statements: () => doc.php?.statements() ?? [],
    };
  }

  connection.onHover(async ({ textDocument, position }, token) => {
    await cancellationPoint(token);
    const doc = documents.get(textDocument.uri);
    if (!doc) return null;
    const ctx = featureContext(doc, doc.lines.offset(position));
    for (const provider of hoverProviders) {
      try {
        const hover = provider(ctx);
        if (hover) return { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: doc.lines.range(hover.start, hover.end) };
      } catch (e: any) {
        connection.console.error(`MemLens hover failed: ${e?.stack ?? e}`);
      }
    }
    return null;
  });

  connection.onCompletion(async ({ textDocument, position }, token) => {
    await cancellationPoint(token);
    const doc = documents.get(textDocument.uri);
    if (!doc) return [];
    const ctx = featureContext(doc, doc.lines.offset(position));
    for (const provider of completionProviders) {
      try {
        const result = provider(ctx);
        if (!result) continue;
        const range = doc.lines.range(result.start, result.end);
        return result.items.map((item) => ({
          label: item.label,
          kind: { property: CompletionItemKind.Property, value: CompletionItemKind.Value, directive: CompletionItemKind.Property, keyword: CompletionItemKind.Keyword }[item.kind],
          detail: item.detail,
          documentation: item.documentation ? { kind: MarkupKind.Markdown, value: item.documentation } : undefined,
          textEdit: { range, newText: item.insertText ?? item.label },
        }));
      } catch (e: any) {
        connection.console.error(`MemLens completion failed: ${e?.stack ?? e}`);
      }
    }
    return [];
  });

  connection.onCodeLens(async ({ textDocument }, token) => {
    await cancellationPoint(token);
    const doc = documents.get(textDocument.uri);
    if (!doc) return [];
    const ctx = { ...featureContext(doc, 0) } as Omit<FeatureContext, 'offset'>;
    const lenses = [];
    for (const provider of codeLensProviders) {
      try {
        for (const lens of provider(ctx)) {
          lenses.push({ range: doc.lines.range(lens.start, lens.end), command: { title: lens.title, command: lens.command, arguments: lens.arguments } });
        }
      } catch (e: any) {
        connection.console.error(`MemLens code lens failed: ${e?.stack ?? e}`);
      }
    }
    return lenses;
  });

  async function runScan(): Promise<void> {
    scansRunning++;
    try {
      await scanOnce();
    } finally {
      scansRunning--;
      void drainChanges();
    }
  }

  async function scanOnce(): Promise<void> {
    const generation = ++scanGeneration;
    if (!workspaceRoots.length) return;
    let excludes: Record<string, boolean> = {};
    if (supportsConfiguration) {
      try { excludes = (await connection.workspace.getConfiguration('files.exclude')) ?? {}; } catch { /* defaults */ }
    }
    const progress = supportsProgress ? await connection.window.createWorkDoneProgress().catch(() => null) : null;
    progress?.begin('MemLens', 0, 'Scanning PHP files', false);
    const started = Date.now();
    const scanned: string[] = [];
    excluded = excludeMatcher(excludes);
    const cache = scanCacheFile ? openScanCache(scanCacheFile, scanFingerprint(settings, workerScript())) : undefined;
    const total = await scanWorkspace(workspaceRoots, settings, excluded, {
      cancelled: () => generation !== scanGeneration,
      progress: (done, all) => progress?.report(all ? Math.round((100 * done) / all) : 100, `${done}/${all} files`),
      file: (path, findings) => {
        scanned.push(resolve(path));
        takeChecked(path, findings);
      },
    }, cache).catch((e) => {
      connection.console.error(`MemLens workspace scan failed: ${e?.stack ?? e}`);
      return 0;
    });
    progress?.done();
    const unsaved = cache?.save();
    if (unsaved) connection.console.warn(`MemLens could not keep its scan cache in ${scanCacheFile} (${unsaved}); the next start scans every file again`);
    if (generation !== scanGeneration) return;
    scannedPaths = scanned;
    refreshCrossFile();
    connection.console.info(`MemLens scanned ${total} files in ${Date.now() - started} ms${cache ? ` (${cache.hits} unchanged since the last scan, from its cache)` : ''}`);
  }

  /** Findings that span files (crossFile.ts), recomputed after the scan and when a file is saved. Open documents
   * are read from the editor, closed ones from disk. */
  function refreshCrossFile(): void {
    let next: Map<string, Diagnostic[]>;
    try {
      const readText = (path: string) => documents.get(pathToFileURL(path).toString())?.text ?? readTextOrNull(path);
      next = new Map();
      for (const [file, { text, findings }] of crossFileFindings(readSettingsFiles(scannedPaths, readText), settings)) {
        const lines = new LineTable(text);
        const uri = pathToFileURL(file).toString();
        next.set(uri, findings.map((f) => toDiagnostic(f, lines, uri)));
      }
    } catch (e: any) {
      connection.console.error(`MemLens cross-file analysis failed: ${e?.stack ?? e}`);
      return;
    }
    const pools = scannedPaths.filter((p) => languageOf(p) === 'fpm').map((p) => pathToFileURL(p).toString());
    const touched = new Set([...crossDiagnostics.keys(), ...next.keys(), ...pools]);
    crossDiagnostics = next;
    for (const uri of touched) {
      const doc = documents.get(uri);
      if (doc) publish(doc);
      else publishClosed(uri);
    }
  }

  /** A file that is not open: the scan's own findings (a pool file's judged against the project) and cross-file ones. */
  function publishClosed(uri: string): void {
    sendDiagnostics(uri, [...projectGated(closedDiagnostics.get(uri) ?? []), ...(crossDiagnostics.get(uri) ?? [])]);
  }

  /** memory.* findings of the whole project: open documents as they are now, closed ones from the last scan. */
  function projectMemoryFindings(): ProjectFinding[] {
    const out: ProjectFinding[] = [];
    for (const [uri, diagnostics] of closedDiagnostics) {
      if (documents.has(uri)) continue;
      for (const d of diagnostics) if (String(d.code).startsWith('memory.')) out.push({ file: safePath(uri) ?? uri, rule: String(d.code), line: d.range.start.line + 1 });
    }
    for (const doc of documents.values()) {
      for (const f of doc.findings) if (f.rule.startsWith('memory.')) out.push({ file: safePath(doc.uri) ?? doc.uri, rule: f.rule, line: doc.lines.position(f.start).line + 1 });
    }
    return out;
  }

  /** worker.fpmMaxRequests of a pool file only stands where the project has memory findings. */
  function projectGated(diagnostics: Diagnostic[]): Diagnostic[] {
    if (!diagnostics.some((d) => d.code === FPM_RULE)) return diagnostics;
    const gated = fpmMaxRequestsInProject(diagnostics.map((d) => ({ diagnostic: d, rule: String(d.code), message: String(d.message) })), projectMemoryFindings());
    return gated.map(({ diagnostic, message }) => ({ ...diagnostic, message }));
  }

  connection.onDidSaveTextDocument(() => refreshCrossFile());

  registerSimulation(connection, (uri) => { const d = documents.get(uri); return d ? { text: d.text, fileName: safePath(uri) ?? uri } : null; }, () => settings);

  connection.onShutdown(() => {
    scanGeneration++;
    for (const doc of documents.values()) if (doc.timer) clearTimeout(doc.timer);
  });

  connection.listen();
}

/** Lets a cancellation that arrived right behind its request be seen before the work starts: the request is
 * answered with RequestCancelled instead of computing what the client no longer wants. */
async function cancellationPoint(token: CancellationToken): Promise<void> {
  // Two turns: the first lets the event loop read what arrived, the second runs after the connection has queued and
  // handled it (its own processing is scheduled behind our first turn).
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
  if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint,
};

function codeDescription(rule: string) {
  return rulesById.has(rule) ? { href: DOCS_BASE_URL + docsPath(rule) } : undefined;
}

function toDiagnostic(f: Finding, lines: LineTable, uri: string): Diagnostic {
  const diagnostic: Diagnostic = {
    range: lines.range(f.start, f.end),
    severity: SEVERITY[f.severity],
    code: f.rule,
    source: 'MemLens',
    message: f.message,
  };
  const href = codeDescription(f.rule);
  if (href) diagnostic.codeDescription = href;
  if (f.tags?.length) diagnostic.tags = f.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  if (f.related?.length) diagnostic.relatedInformation = f.related.map((r) => ({ location: { uri, range: lines.range(r.start, r.end) }, message: r.message }));
  return diagnostic;
}

function fileFindingToDiagnostic(f: FileFinding): Diagnostic {
  const d: Diagnostic = {
    range: { start: { line: f.line - 1, character: f.column - 1 }, end: { line: f.endLine - 1, character: f.endColumn - 1 } },
    severity: SEVERITY[f.severity], code: f.rule, source: 'MemLens', message: f.message,
  };
  const href = codeDescription(f.rule);
  if (href) d.codeDescription = href;
  return d;
}

function safePath(uri: string): string | null {
  try { return uri.startsWith('file:') ? fileURLToPath(uri) : null; } catch { return null; }
}

/** A request the client cancels while it still waits in the queue is answered at once and never run. */
const answerCancelledAtOnce = {
  cancelUndispatched: (message: { id?: number | string | null }) => ({ jsonrpc: '2.0', id: message.id ?? null, error: { code: -32800, message: 'Request cancelled' } }),
};

if (isMainThread && (require.main === module || process.argv.includes('--stdio') || process.argv.includes('--node-ipc'))) {
  startServer(createConnection(ProposedFeatures.all, answerCancelledAtOnce as any));
}
