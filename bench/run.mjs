#!/usr/bin/env node
// `npm run bench`: MemLens beside its peers in one run, printed as markdown tables with ratios (DESIGN.md,
// "Performance protocol"). Peers: Intelephense over LSP stdio, npm php-parser, tree-sitter-php, nikic/PHP-Parser.
// Inputs: Debian's WordPress, Symfony, Laravel and MediaWiki. Nothing here asserts; it measures and prints.
//   node bench/run.mjs [--only scan,keys,memory,parse,correct,rules,activation,vsix] [--no-build] [--keys N] [--rounds N]
import { readFileSync, writeFileSync, mkdtempSync, copyFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { ROOT, locateCorpora, phpFiles, intelephensePath, ensureNpmPeer, treeSitter, nikic, machine } from './lib/corpora.mjs';
import { timed, table, fmt, percentile } from './lib/measure.mjs';
import { SERVERS, start, stop, indexed, sampler, typeInto, open, keystrokes, keptStorage } from './lib/lsp.mjs';
import { activationAndFloor, vsixSize } from './lib/package.mjs';

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const option = (name, def) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : def; };
const only = option('only', '') ? new Set(option('only').split(',')) : null;
const wanted = (section) => !only || only.has(section);
const log = (s) => process.stderr.write(`bench: ${s}\n`);
const out = [];
const print = (s) => { out.push(s); console.log(s); };

const m = machine();
print(`# MemLens benchmark, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
print(`\n${m.cpu}, ${m.cores} cores, ${m.memGB} GB, Node ${m.node}, load average at start ${m.load}. ` +
  'Both sides of every ratio ran in this run, one after the other, on the same files.');

if (!flag('no-build')) {
  log('building dist/ (node esbuild.mjs)');
  const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (b.status !== 0) { log('build failed'); process.exit(1); }
}
const cli = join(ROOT, 'dist/cli.js');
const corpora = locateCorpora(log);
const wp = corpora.find((c) => c.name === 'WordPress');
const intelephense = ensureNpmPeer('intelephense', log) ? intelephensePath() : null;

// The core, bundled once for the in-process measurements (parse, keystroke work, rule cost).
const bundleDir = mkdtempSync(join(tmpdir(), 'memlens-bench-core-'));
await esbuild.build({ entryPoints: [join(ROOT, 'bench/lib/entry.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: join(bundleDir, 'core.cjs'), logLevel: 'error' });
const core = (await import(pathToFileURL(join(bundleDir, 'core.cjs')).toString())).default;
// The check's parse alone, on the check's worker setup (bench/lib/parseFloor.ts).
const parseFloor = join(bundleDir, 'parseFloor.cjs');
await esbuild.build({ entryPoints: [join(ROOT, 'bench/lib/parseFloor.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: parseFloor, logLevel: 'error' });
// What the check's parse is made of (bench/lib/parseBounds.ts), in a process of its own.
const parseBounds = join(bundleDir, 'parseBounds.cjs');
await esbuild.build({ entryPoints: [join(ROOT, 'bench/lib/parseBounds.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: parseBounds, logLevel: 'error' });

const corpusFiles = new Map(corpora.filter((c) => c.available).map((c) => [c.name, phpFiles(c.path)]));
const sizeOf = (files) => files.reduce((s, f) => s + f.bytes, 0);

// ---------------------------------------------------------------------------------------------------------------
// Parsing alone: files/s on WordPress for each parser, same files, warm (a first pass is thrown away).
if (wanted('parse') && wp.available) {
  const files = corpusFiles.get('WordPress');
  const texts = files.map((f) => readFileSync(f.path, 'utf8'));
  const mb = sizeOf(files) / 1048576;
  const rows = [];
  const runJs = (label, parse) => {
    for (const t of texts.slice(0, 100)) parse(t);
    const t0 = performance.now();
    let errors = 0;
    for (const t of texts) errors += parse(t) ? 1 : 0;
    const ms = performance.now() - t0;
    rows.push([label, files.length, fmt.n(ms), fmt.n((files.length / ms) * 1000), fmt.n((mb / ms) * 1000, 1), errors]);
    return ms;
  };
  const { Engine } = (await import('php-parser')).default ?? (await import('php-parser'));
  const raw = new Engine({ parser: { extractDoc: true, suppressErrors: true, version: '8.5' }, ast: { withPositions: true }, lexer: { short_tags: true } });
  const base = runJs('npm php-parser 3.7 (as shipped)', (t) => { try { return raw.parseCode(t, 'x.php').errors.length > 0; } catch { return true; } });
  const ours = runJs('MemLens parsePhp (php-parser + fixes)', (t) => core.parsePhp(t).errors.length > 0);
  // The parse as the check runs it (no comments kept), and the two costs under it that no parser giving php-parser's
  // trees can avoid: reading the tokens, and making the tree. In a process of its own (bench/lib/parseBounds.ts):
  // a second parser engine in this one would share php-parser's functions with the first and slow both.
  const bounds = JSON.parse(spawnSync(process.execPath, [parseBounds, wp.path], { encoding: 'utf8' }).stdout);
  const boundRow = (label, ms) => rows.push([label, files.length, fmt.n(ms), fmt.n((files.length / ms) * 1000), fmt.n((mb / ms) * 1000, 1), '']);
  boundRow('MemLens parsePhp as the check runs it (no comments kept; a process of its own)', bounds.parse);
  boundRow('  under it: the lexer alone (tokens read, nothing built)', bounds.lex);
  boundRow('  under it: the trees alone (the same nodes and positions made, no token read)', bounds.trees);
  const ts = await treeSitter();
  let tsMs = NaN;
  if (ts.error) rows.push([`tree-sitter-php (not available: ${ts.error.slice(0, 60)})`, '', '', '', '', '']);
  else tsMs = runJs('tree-sitter-php 0.24 (web-tree-sitter, wasm)', ts.parse);
  const autoload = nikic(log);
  let nikicMs = NaN;
  if (autoload) {
    const list = join(bundleDir, 'files.txt');
    writeFileSync(list, files.map((f) => f.path).join('\n'));
    const script = join(bundleDir, 'nikic.php');
    writeFileSync(script, `<?php require '${autoload}';
$parser = (new PhpParser\\ParserFactory)->create(PhpParser\\ParserFactory::PREFER_PHP7);
$files = file('${list}', FILE_IGNORE_NEW_LINES); $texts = array_map('file_get_contents', $files);
foreach (array_slice($texts, 0, 100) as $t) { try { $parser->parse($t); } catch (Throwable $e) {} }
$t0 = hrtime(true); $errors = 0;
foreach ($texts as $t) { try { $parser->parse($t); } catch (Throwable $e) { $errors++; } }
echo (hrtime(true) - $t0) / 1e6, ' ', $errors, "\\n";`);
    const r = spawnSync('php', ['-d', 'memory_limit=2G', script], { encoding: 'utf8' });
    const [ms, errors] = r.stdout.trim().split(' ').map(Number);
    nikicMs = ms;
    rows.push(['nikic/PHP-Parser 4.15 (php 8.2 CLI)', files.length, fmt.n(ms), fmt.n((files.length / ms) * 1000), fmt.n((mb / ms) * 1000, 1), errors]);
  }
  print(table(`Parsing only: WordPress (${files.length} files, ${mb.toFixed(1)} MB), warm`, ['parser', 'files', 'ms', 'files/s', 'MB/s', 'files with errors'], rows));
  print(`\nMemLens parse vs php-parser as shipped: ${fmt.ratio(base / ours)} speed; vs tree-sitter: ${fmt.ratio(tsMs / ours)}; vs nikic: ${fmt.ratio(nikicMs / ours)} (above 1 means MemLens is faster).`);
  const left = bounds.parse - bounds.lex - bounds.trees;
  print(`\nUnder the check's parse (${fmt.n(bounds.parse)} ms): lexing ${fmt.n(bounds.lex)} ms and making the trees ${fmt.n(bounds.trees)} ms; ` +
    `the ${fmt.n(left)} ms left (${fmt.n((100 * left) / bounds.parse)}%) is php-parser's parsing, the most a faster parser of the same trees could win.`);
}

// ---------------------------------------------------------------------------------------------------------------
// Workspace scan: `memlens check` (worker threads, and one thread for reference) against Intelephense's indexing.
const results = {};
async function intelephenseIndex(folder, label, storage) {
  if (!intelephense) return null;
  const server = SERVERS.intelephense(intelephense);
  const session = await start(server, folder, storage);
  const mem = sampler(session.pid);
  try {
    const own = await indexed(server, session.client, 600000);
    const ms = performance.now() - session.started;
    await new Promise((r) => setTimeout(r, 1000));
    const after = mem.now();
    const peak = mem.stop().peak;
    return { ms, peak: Math.max(peak, after.peak), rssAfter: after.rss, label, ownFiles: own.files, ownMs: own.ownMs };
  } catch (e) {
    log(`Intelephense on ${label}: ${e.message}`);
    mem.stop();
    return null;
  } finally {
    await stop(session);
  }
}

/** Of several runs of one measure, the run with the median time (the lower middle of an even count); null if none
 * ran. */
function medianRun(list) {
  const ran = list.filter(Boolean).sort((a, b) => a.ms - b.ms);
  return ran.length ? ran[(ran.length - 1) >> 1] : null;
}

async function memlensServerScan(folder, storage) {
  const server = SERVERS.memlens(ROOT);
  const session = await start(server, folder, storage);
  const mem = sampler(session.pid);
  try {
    await indexed(server, session.client, 600000);
    const ms = performance.now() - session.started;
    await new Promise((r) => setTimeout(r, 1000));
    const after = mem.now();
    mem.stop();
    return { ms, peak: after.peak, rssAfter: after.rss, treePeak: after.treePeak };
  } finally {
    await stop(session);
  }
}

if (wanted('scan') || wanted('memory')) {
  const rounds = Math.max(1, Number(option('rounds', '3')) || 1);
  const rows = [];
  const notes = [];
  const scanRow = (label, files, bytes, r, peer) => rows.push([label, files, fmt.n(r.ms / 1000, 2), fmt.n((files / r.ms) * 1000), fmt.n((bytes / 1048576 / r.ms) * 1000, 1), fmt.n(r.peak), peer ? fmt.ratio((files / r.ms) / (files / peer.ms)) : '']);
  if (wp.available) {
    const files = corpusFiles.get('WordPress');
    const bytes = sizeOf(files);
    // Each server's storage is kept after its first start (which starts from an empty one) for a second start on
    // the same folder, as when the editor opens it again.
    const ieStorage = keptStorage();
    const serverStorage = keptStorage();
    // The cold runs, in turns, `--rounds` times (3 unless told): this host's speed drifts by a fifth within minutes,
    // and a ratio of one run each was as much the drift as the code. Each row is the round with its median time.
    const runs = { ie: [], threads: [], floor: [], single: [], server: [] };
    for (let round = 0; round < rounds; round++) {
      // The first round's storage of each server is kept for the "opened again" rows; the others start from nothing.
      runs.ie.push(await intelephenseIndex(wp.path, 'WordPress', round === 0 ? ieStorage : undefined));
      runs.threads.push(await timed(process.execPath, [cli, 'check', wp.path, '--format', 'json', '--fail-on', 'none']));
      runs.floor.push(await timed(process.execPath, [parseFloor, String(m.cores), wp.path]));
      runs.single.push(await timed(process.execPath, [cli, 'check', wp.path, '--format', 'json', '--fail-on', 'none'], { MEMLENS_SCAN_THREADS: '0' }));
      runs.server.push(await memlensServerScan(wp.path, round === 0 ? serverStorage : undefined));
    }
    const [ie, threads, floor, single, server] = [runs.ie, runs.threads, runs.floor, runs.single, runs.server].map(medianRun);
    notes.push(`WordPress cold runs, ${rounds} rounds in turns (s): ` + [['Intelephense', runs.ie], [`check ${m.cores} threads`, runs.threads], ['parse floor', runs.floor], ['check 1 thread', runs.single], ['MemLens server scan', runs.server]]
      .map(([label, list]) => `${label} ${list.filter(Boolean).map((r) => fmt.n(r.ms / 1000, 2)).join(' / ')}`).join('; ') + '.');
    const cacheFile = join(serverStorage, 'cli.memlenscache');
    const cliCache = ['check', wp.path, '--format', 'json', '--fail-on', 'none', '--cache-location', cacheFile];
    await timed(process.execPath, [cli, ...cliCache]);
    const cached = await timed(process.execPath, [cli, ...cliCache]);
    const ieAgain = ie ? await intelephenseIndex(wp.path, 'WordPress again', ieStorage) : null;
    const serverAgain = await memlensServerScan(wp.path, serverStorage);
    for (const dir of [ieStorage, serverStorage]) rmSync(dir, { recursive: true, force: true });
    if (cached.stdout !== threads.stdout) log('memlens check --cache gave other findings than without the cache');
    results.wp = { ie, threads, single, server, cached, ieAgain, serverAgain };
    if (ie) {
      scanRow('Intelephense 1.18: index WordPress (LSP, initialize -> indexed)', files.length, bytes, ie);
      notes.push(`Intelephense's own log on WordPress: ${ie.ownFiles} files (its PHP stubs included) indexed in ${fmt.n(ie.ownMs / 1000, 1)} s = ${fmt.n(ie.ownFiles / ie.ownMs * 1000)} files/s.`);
    }
    scanRow(`memlens check WordPress (${m.cores} worker threads)`, files.length, bytes, threads, ie);
    scanRow('memlens check WordPress (1 thread)', files.length, bytes, single, ie);
    scanRow(`php-parser alone: parse WordPress on ${m.cores} worker threads, no analysis (the floor under the check)`, files.length, bytes, floor, ie);
    scanRow('MemLens server: initial scan of WordPress (LSP)', files.length, bytes, server, ie);
    if (ieAgain) scanRow('Intelephense: WordPress opened again (reads the workspace state it kept)', files.length, bytes, ieAgain);
    scanRow('MemLens server: WordPress opened again (the scan cache in its storage)', files.length, bytes, serverAgain, ieAgain);
    // Both warm: a run with the cache against Intelephense reading its kept state, not its cold index.
    scanRow('memlens check --cache WordPress, second run', files.length, bytes, cached, ieAgain);
    results.wpFindings = JSON.parse(threads.stdout || '[]').length;
  }
  if (wanted('scan')) {
    const all = corpora.filter((c) => c.available);
    const files = all.reduce((s, c) => s + corpusFiles.get(c.name).length, 0);
    const bytes = all.reduce((s, c) => s + sizeOf(corpusFiles.get(c.name)), 0);
    const paths = all.map((c) => c.path);
    const everything = await timed(process.execPath, [cli, 'check', ...paths, '--format', 'json', '--fail-on', 'none']);
    let ieAll = null;
    if (!flag('skip-slow') && intelephense) {
      // Intelephense takes one folder; a folder of symlinks to the four corpora gives it the same files.
      const dir = mkdtempSync(join(tmpdir(), 'memlens-bench-all-'));
      for (const c of all) spawnSync('ln', ['-s', c.path, join(dir, c.name)]);
      ieAll = await intelephenseIndex(dir, 'all four');
      rmSync(dir, { recursive: true, force: true });
    }
    if (ieAll) {
      scanRow(`Intelephense: index ${all.map((c) => c.name).join(' + ')}`, files, bytes, ieAll);
      notes.push(`Intelephense's own log on all four: ${ieAll.ownFiles} files indexed in ${fmt.n(ieAll.ownMs / 1000, 1)} s.`);
    }
    scanRow(`memlens check ${all.map((c) => c.name).join(' + ')}`, files, bytes, everything, ieAll);
    print(table(`Workspace scan (files counted as the CLI walks them: *.php, vendor/ skipped; the first five WordPress rows: the median of ${rounds} rounds in turns)`, ['run', 'files', 'wall s', 'files/s', 'MB/s', 'peak RSS MB', 'files/s vs Intelephense'], rows));
    print(`\nTargets: memlens check on WordPress >= 2x Intelephense's files/s; all four corpora under 30 s wall on ${m.cores} cores` +
      ` (measured ${fmt.n(everything.ms / 1000, 1)} s). Findings on WordPress: ${results.wpFindings ?? 'n/a'}.`);
    for (const n of notes) print(`\n${n}`);
  }
  if (wanted('memory') && results.wp) {
    const { ie, server } = results.wp;
    print(table('Server memory on WordPress', ['server', 'RSS after scan/index MB', 'peak RSS MB', 'peak with scan processes MB', 'RSS after vs Intelephense peak'], [
      ...(ie ? [['Intelephense', fmt.n(ie.rssAfter), fmt.n(ie.peak), '', '']] : []),
      ['MemLens (the scan runs in a child process that ends with it)', fmt.n(server.rssAfter), fmt.n(server.peak), fmt.n(server.treePeak), ie ? fmt.ratio(server.rssAfter / ie.peak) : ''],
    ]));
    print('\nTarget: MemLens RSS after the WordPress scan at most 0.50x Intelephense\'s peak.');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Keystroke latency: type a statement into a function body one character at a time, then delete it, waiting for
// each publishDiagnostics. Each server sees only the one file (a folder with a copy of it).
if (wanted('keys') && wp.available) {
  const typed = option('keys-text', "$memlens_probe = strlen('abc');");
  const keyFiles = ['wp-includes/formatting.php', 'wp-includes/class-wp-query.php'];
  // A statement line in a function body past the middle of the file, typed at its indentation.
  const typingPoint = (text) => {
    const line = /\n(\t+)\$/g;
    line.lastIndex = text.length >> 1;
    const hit = line.exec(text);
    return hit.index + 1 + hit[1].length;
  };
  // The work behind MemLens's number, in process: the same keystrokes applied to a PhpDocument.
  const work = (text, file, offset, edits) => {
    const doc = new core.PhpDocument(text, file);
    doc.findings(core.defaultSettings);
    const parse = [];
    const analyse = [];
    const reparsed = [];
    for (const { at, remove, insert } of edits) {
      let t = performance.now();
      doc.update([{ start: offset + at, end: offset + at + remove, text: insert }]);
      parse.push(performance.now() - t);
      reparsed.push(doc.lastReparsedBytes);
      t = performance.now();
      doc.findings(core.defaultSettings);
      analyse.push(performance.now() - t);
    }
    const total = parse.map((p, i) => p + analyse[i]);
    return [basename(file), fmt.ms(percentile(parse, 0.5)), fmt.ms(percentile(parse, 0.95)), fmt.ms(percentile(analyse, 0.5)), fmt.ms(percentile(analyse, 0.95)),
      fmt.ms(percentile(total, 0.95)), fmt.n(percentile(reparsed, 0.5) / 1024, 1)];
  };
  const workColumns = ['file', 're-parse p50', 're-parse p95', 'findings p50', 'findings p95', 'total p95', 're-parsed KB p50'];
  for (const autoClose of [false, true]) {
    const edits = keystrokes(typed, autoClose);
    const rows = [];
    const workRows = [];
    for (const rel of keyFiles) {
      const source = join(wp.path, rel);
      const text = readFileSync(source, 'utf8');
      const dir = mkdtempSync(join(tmpdir(), 'memlens-bench-keys-'));
      const file = join(dir, basename(rel));
      copyFileSync(source, file);
      const uri = pathToFileURL(file).toString();
      const offset = typingPoint(text);
      const measured = {};
      for (const key of ['intelephense', 'memlens']) {
        if (key === 'intelephense' && !intelephense) continue;
        const server = key === 'memlens' ? SERVERS.memlens(ROOT) : SERVERS.intelephense(intelephense);
        const session = await start(server, dir);
        try {
          if (key === 'intelephense') await indexed(server, session.client, 120000).catch(() => undefined);
          const openMs = await open(session.client, uri, text);
          const r = await typeInto(session.client, uri, text, offset, edits, 1);
          measured[key] = { openMs, ...r };
        } finally {
          await stop(session);
        }
      }
      rmSync(dir, { recursive: true, force: true });
      const ie = measured.intelephense;
      for (const [key, r] of Object.entries(measured)) {
        rows.push([`${basename(rel)} (${(text.length / 1024).toFixed(0)} KB): ${key === 'memlens' ? 'MemLens' : 'Intelephense'}`, fmt.ms(r.openMs),
          fmt.ms(r.p50), fmt.ms(r.p95), r.latencies.length, r.timeouts, key === 'memlens' && ie ? fmt.ratio(ie.p95 / r.p95) : '']);
      }
      workRows.push(work(text, file, offset, edits));
    }
    const how = autoClose ? "with VS Code's auto-closing pairs" : 'one character at a time, no auto-closing';
    print(table(`Keystroke latency, ${how}: didChange -> publishDiagnostics, typing \`${typed}\` and deleting it (${edits.length} edits)`,
      ['file: server', 'didOpen -> diagnostics ms', 'p50 ms', 'p95 ms', 'samples', 'timeouts', 'p95 vs Intelephense'], rows));
    print(table(`MemLens work per keystroke (${how}), in process, no debounce`, workColumns, workRows));
  }
  // While a block or a string is open (an unmatched `{`, an unterminated `'`), the rest of the file reads
  // differently: the keystrokes in between must stay as cheap as the others.
  const unmatched = "if ($x) {\n$y = strlen('abc');\n}";
  const unmatchedEdits = keystrokes(unmatched, false);
  const unmatchedRows = keyFiles.map((rel) => {
    const text = readFileSync(join(wp.path, rel), 'utf8');
    return work(text, join(wp.path, rel), typingPoint(text), unmatchedEdits);
  });
  print(table(`MemLens work per keystroke with an unmatched brace and an open string: typing ${JSON.stringify(unmatched)} one character at a time and deleting it (${unmatchedEdits.length} edits), in process`, workColumns, unmatchedRows));
  print('\nTargets: p95 under 150 ms including the 40 ms debounce; the work itself under 50 ms p95.');
}

// ---------------------------------------------------------------------------------------------------------------
// Parse correctness: files where MemLens reports a parse error, judged by `php -l`.
if (wanted('correct')) {
  const rows = [];
  const { Engine } = (await import('php-parser')).default ?? (await import('php-parser'));
  const raw = new Engine({ parser: { extractDoc: true, suppressErrors: true, version: '8.5' }, ast: { withPositions: true }, lexer: { short_tags: true } });
  const falseErrors = [];
  for (const [name, files] of corpusFiles) {
    let ours = 0;
    let shipped = 0;
    let falseOurs = 0;
    let falseShipped = 0;
    for (const f of files) {
      const text = readFileSync(f.path, 'utf8');
      const a = core.parsePhp(text).errors.length > 0;
      let b;
      try { b = raw.parseCode(text, 'x.php').errors.length > 0; } catch { b = true; }
      if (!a && !b) continue;
      const lint = spawnSync('php', ['-l', f.path], { encoding: 'utf8' });
      const accepted = lint.status === 0;
      if (a) { ours++; if (accepted) { falseOurs++; falseErrors.push(f.path); } }
      if (b) { shipped++; if (accepted) falseShipped++; }
    }
    rows.push([name, files.length, shipped, falseShipped, ours, falseOurs]);
  }
  print(table('Parse errors on the corpora, judged by php -l (php 8.2)', ['corpus', 'files', 'php-parser as shipped: errors', 'of which php -l accepts', 'MemLens: errors', 'of which php -l accepts'], rows));
  if (falseErrors.length) print(`\nFalse parse errors left: ${falseErrors.join(', ')}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Where the analysis time goes: all rules as a check runs them, the unit index they share, and each rule alone (which
// builds that index again: the memory rules' rows include it), over every unit of WordPress (parse excluded).
if (wanted('rules') && wp.available) {
  const files = corpusFiles.get('WordPress');
  const cost = new Map(core.allRules.map((r) => [r.meta.id, 0]));
  let parseMs = 0;
  let togetherMs = 0;
  let indexMs = 0;
  for (const f of files) {
    const text = readFileSync(f.path, 'utf8');
    let t = performance.now();
    const { program } = core.parsePhp(text);
    parseMs += performance.now() - t;
    const units = core.splitUnits(core.topLevelStatements(program));
    const facts = core.fileFacts(text);
    t = performance.now();
    for (const unit of units) core.runUnit(unit, text, f.path, facts, core.defaultSettings);
    togetherMs += performance.now() - t;
    t = performance.now();
    for (const unit of units) {
      core.forgetUnitIndexes();
      for (const root of unit.nodes) core.indexUnit(root);
    }
    indexMs += performance.now() - t;
    for (const rule of core.allRules) {
      t = performance.now();
      for (const unit of units) core.runUnit(unit, text, f.path, facts, core.defaultSettings, [rule]);
      cost.set(rule.meta.id, cost.get(rule.meta.id) + performance.now() - t);
    }
  }
  const share = (ms) => fmt.n((100 * ms) / (parseMs + togetherMs), 1);
  const rows = [['(parse, for scale)', fmt.n(parseMs), share(parseMs)], ['(all rules in one run, as a check runs them)', fmt.n(togetherMs), share(togetherMs)],
    ['(the unit index alone: every memory rule below builds it again)', fmt.n(indexMs), share(indexMs)],
    ...[...cost].sort((a, b) => b[1] - a[1]).map(([id, ms]) => [id, fmt.n(ms), share(ms)])];
  print(table(`Analysis cost per rule over WordPress (${files.length} files, one thread)`, ['rule', 'ms', '% of parse + all rules'], rows));
}

// ---------------------------------------------------------------------------------------------------------------
if (wanted('activation')) {
  const { first, later, floor } = await activationAndFloor(ROOT);
  const total = (a) => a.load + a.activate;
  print(table('Extension activation (a stub vscode module, median of 9 fresh processes each, in turns)', ['measure', 'load ms', 'activate() ms', 'total ms'], [
    ['MemLens, first activation (compiles the client, then caches it)', fmt.ms(first.load), fmt.ms(first.activate), fmt.ms(total(first))],
    ['MemLens, later activations (the client from its V8 code cache)', fmt.ms(later.load), fmt.ms(later.activate), fmt.ms(total(later))],
    ['floor: vscode-languageclient/node alone, compiled each time', fmt.ms(floor.load), fmt.ms(floor.activate), fmt.ms(total(floor))]]));
  print(`\nTarget: under 50 ms. dist/extension.js is a loader; activate() loads the client (dist/client.js). Later activations take ${fmt.ms(total(later))} ms, ${fmt.n(total(floor) / total(later), 2)}x faster than loading the LSP client library alone.`);
}
if (wanted('vsix')) {
  const v = await vsixSize(ROOT, log);
  print(table('Package size', ['item', 'MB'], v.rows.map(([k, mb]) => [k, fmt.n(mb, 2)])));
  if (v.productionActivation) {
    const { first, later } = v.productionActivation;
    print(`\nActivation with the production bundles from the package: the first ${fmt.ms(first.load + first.activate)} ms, later ones (code cache) ${fmt.ms(later.load + later.activate)} ms.`);
  }
  print('\nTarget: .vsix under 15 MB.' + (v.note ? ` ${v.note}` : ''));
}

rmSync(bundleDir, { recursive: true, force: true });
writeFileSync(join(ROOT, 'bench/last-run.md'), out.join('\n') + '\n');
log('tables written to bench/last-run.md');
